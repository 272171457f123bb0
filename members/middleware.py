"""Two checks on every signed-in request, after django-otp's OTPMiddleware.

- SessionIdleMiddleware: a session idle for longer than its limit ends (staff and
  directors: STAFF_SESSION_IDLE_MINUTES; members: MEMBER_SESSION_IDLE_MINUTES).
- SecondFactorMiddleware: a session that has not passed the second factor, of someone who
  must (staff and directors when TWO_FACTOR_REQUIRED) or chose to (a member with an
  authenticator), reaches only the second-factor pages and log-out: the admin, /board/ and
  the portal send it to them first, and come back to the page asked for afterwards."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from members.roles import is_privileged
from members.services.two_factor import has_second_factor, second_factor_required

LAST_SEEN = "aiga_last_seen"
# The time of the last request is written into the session at log-in and then at most every
# five minutes (a write per request would cost every page a query): idle limits are counted
# to within five minutes.
REFRESH_SECONDS = 300
# Whether this session's user must pass the second factor: decided at log-in (one query),
# not on every page.
SECOND_FACTOR_DUE = "aiga_second_factor_due"
# Paths a session without its second factor may still reach.
OPEN_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz", "/favicon.ico")


# Whether the session is a staff member's or a director's (the shorter idle time): decided
# at log-in, so that a member's pages do not ask for the user's groups every time.
PRIVILEGED = "aiga_privileged"


def idle_limit_seconds(request) -> int:
    privileged = request.session.get(PRIVILEGED)
    if privileged is None:
        privileged = request.session[PRIVILEGED] = is_privileged(request.user)
    minutes = (
        settings.STAFF_SESSION_IDLE_MINUTES if privileged else settings.MEMBER_SESSION_IDLE_MINUTES
    )
    return minutes * 60


class SessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > idle_limit_seconds(request):
                logout(request)
                messages.info(request, _("一定時間操作がなかったため、ログアウトしました。"))
            elif last is None or now - last >= REFRESH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def session_remember_roles(sender, request, user, **kwargs):
    """user_logged_in (members.apps): what the session's checks need to know of the user."""
    if request is not None and hasattr(request, "session"):
        request.session[SECOND_FACTOR_DUE] = second_factor_due(user)
        request.session[PRIVILEGED] = is_privileged(user)
        request.session[LAST_SEEN] = int(time.time())


def second_factor_due(user) -> bool:
    return second_factor_required(user) or has_second_factor(user)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and request.path not in self._open_paths()
        ):
            due = request.session.get(SECOND_FACTOR_DUE)
            if due is None:  # a session from before the second factor existed
                due = request.session[SECOND_FACTOR_DUE] = second_factor_due(user)
            elif not due and settings.TWO_FACTOR_REQUIRED and (user.is_staff or user.is_superuser):
                due = True  # made staff since logging in
            if due:
                page = "two_factor_verify" if has_second_factor(user) else "two_factor_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(page)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        return {
            reverse("two_factor_verify"),
            reverse("two_factor_setup"),
            reverse("logout"),
            reverse("login"),
        }
