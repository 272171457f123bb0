from django.urls import path

from members import views_board

# Included from members/urls.py inside the "members" namespace.
urlpatterns = [
    path("board/", views_board.board_queue, name="board_home"),
    path("board/decide/<int:application_id>/", views_board.board_decide, name="board_decide"),
    path(
        "board/meetings/<int:meeting_id>/pack.pdf",
        views_board.board_pack_pdf_view,
        name="board_pack_pdf",
    ),
    path(
        "board/meetings/<int:meeting_id>/pack.xlsx",
        views_board.board_pack_xlsx_view,
        name="board_pack_xlsx",
    ),
]
