"""The log-in pages (/accounts/login/ and the admin's /admin/login/), sending each role where
it works (members.roles.landing_url), the page that offers several roles, and the
password-reset request page (/accounts/password_reset/), in place of Django's.

Its answer says nothing about the address: the form queues a task and the page redirects
at once, with no query about users (members.forms.PasswordResetRequestForm).

Requests are rate-limited per typed address and per client IP (settings
PASSWORD_RESET_RATE_PER_ADDRESS, PASSWORD_RESET_RATE_PER_IP). Over a limit the visitor gets
the very same "we have sent it if the address is registered" page, and no e-mail is queued.
Deliberately not a 429: a different answer would tell a prober where the limits are and
that it was counted, while a person who asked five times already has five e-mails."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django_ratelimit.decorators import ratelimit

from aiga.auth import client_ip_address, normalise_login
from members.forms import PasswordResetRequestForm
from members.roles import landing_url, workplaces

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    """Log-in by e-mail. Password guessing is braked by django-axes (aiga/auth.py), which
    sees every log-in form through `authenticate`, the admin's included. A safe `next` is
    followed (Django refuses another host); otherwise the user lands where their role works."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


def _safe_next(request) -> str:
    asked = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    allowed = url_has_allowed_host_and_scheme(
        asked, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return asked if allowed else ""


def admin_login(request):
    """The admin's own log-in page and form, routed here so that a log-in with no safe
    `next` lands where the user works (the admin would otherwise always send to itself)."""
    wanted = _safe_next(request)
    # Without a `next` the admin's form carries one to /admin/: leave it empty instead.
    extra_context = None if wanted else {REDIRECT_FIELD_NAME: ""}
    response = admin.site.login(request, extra_context=extra_context)
    if (
        request.method == "POST"
        and not wanted
        and response.status_code == 302
        and request.user.is_authenticated
    ):
        return HttpResponseRedirect(landing_url(request.user))
    return response


@login_required
def choose_role(request):
    """For someone with several roles (業務執行理事 兼 事務局長): the pages where each is done."""
    return render(request, "members/choose_role.html", {"workplaces": workplaces(request.user)})


def _address(group, request) -> str:
    return normalise_login(request.POST.get("email", "")) or ""


def _ip(group, request) -> str:
    return client_ip_address(request) or ""


def _rate_per_address(group, request) -> str:
    return settings.PASSWORD_RESET_RATE_PER_ADDRESS


def _rate_per_ip(group, request) -> str:
    return settings.PASSWORD_RESET_RATE_PER_IP


@method_decorator(
    ratelimit(
        group="password_reset.address",
        key=_address,
        rate=_rate_per_address,
        method="POST",
        block=False,
    ),
    name="post",
)
@method_decorator(
    ratelimit(group="password_reset.ip", key=_ip, rate=_rate_per_ip, method="POST", block=False),
    name="post",
)
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm

    def form_valid(self, form):
        if getattr(self.request, "limited", False):
            logger.warning("Password reset request over the rate limit; nothing queued.")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
