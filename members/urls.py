from django.urls import path

from members import views
from members.urls_board import urlpatterns as board_urlpatterns

app_name = "members"

urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
    path("portal/documents/<int:pk>/", views.document_download, name="document_download"),
    path("portal/invoices/<int:pk>/pdf/", views.invoice_download, name="invoice_download"),
    *board_urlpatterns,  # /board/: the approval queue (members/views_board.py)
]
