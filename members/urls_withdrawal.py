"""The member's 退会届, under /portal/withdrawal/ (added through members.portal)."""

from django.urls import path

from members.views import withdrawals

app_name = "members_withdrawal"

urlpatterns = [
    path("", withdrawals.withdrawal_page, name="page"),
    path("<int:pk>/cancel/", withdrawals.withdrawal_cancel_view, name="cancel"),
]
