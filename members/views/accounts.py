"""The password-reset request page (/accounts/password_reset/), in place of Django's.

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
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit

from aiga.auth import client_ip_address, normalise_login
from members.forms import PasswordResetRequestForm

logger = logging.getLogger(__name__)


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
