from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
    path("portal/documents/<int:pk>/", views.document_download, name="document_download"),
    path("board/", views.board_home, name="board_home"),
]
