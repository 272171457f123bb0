"""The register's own versions of the account pages under accounts/ and of the admin's log-in
page, routed before Django's (aiga/urls.py), under the names Django's templates and code use."""

from django.urls import path

from members.views import accounts, two_factor

urlpatterns = [
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    # The admin's log-in by its own path: reverse("admin:login") still names it.
    path("admin/login/", accounts.admin_login),
    # The second factor (django-otp), and the password again before a staff account changes.
    path("accounts/two-factor/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("accounts/reauthenticate/", two_factor.reauthenticate, name="reauthenticate"),
    path(
        "accounts/password_reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
]
