"""The joining flow's pages: the public application (/apply/), the board's queue (/board/)
and the secretariat's list of long-unpaid applications."""

from django.urls import path

from members.admissions.views import apply, board, secretariat

app_name = "admissions"

urlpatterns = [
    path("apply/", apply.apply_agreements, name="agreements"),
    path("apply/documents/<int:pk>/", apply.apply_document, name="document"),
    path("apply/form/", apply.apply_form, name="form"),
    path("apply/quote/", apply.apply_quote, name="quote"),
    path("apply/postal/", apply.apply_postal, name="postal"),
    path("apply/draft/", apply.apply_link_request, name="link_request"),
    path("apply/draft/<str:token>/", apply.apply_resume, name="resume"),
    path("apply/done/", apply.apply_done, name="done"),
    path("apply/withdraw/<str:token>/", apply.apply_withdraw, name="withdraw"),
    path("board/", board.board_queue, name="board_home"),
    path("board/decide/<int:application_id>/", board.board_decide, name="board_decide"),
    path(
        "board/applications/<int:application_id>/",
        board.board_application_view,
        name="board_application",
    ),
    path(
        "board/meetings/<int:meeting_id>/pack.pdf", board.board_pack_pdf_view, name="board_pack_pdf"
    ),
    path(
        "board/meetings/<int:meeting_id>/pack.xlsx",
        board.board_pack_xlsx_view,
        name="board_pack_xlsx",
    ),
    path("secretariat/unpaid-applications/", secretariat.unpaid, name="unpaid"),
]
