"""The register's own versions of the account pages under accounts/, routed before Django's
(aiga/urls.py), under the names Django's templates and code use."""

from django.urls import path

from members.views import accounts

urlpatterns = [
    path(
        "accounts/password_reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
]
