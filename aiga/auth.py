"""The brake on password guessing (django-axes): who is trying, from where.

Failed log-ins are counted per (typed address, client IP): an attacker elsewhere cannot
lock the owner out, and the people behind one proxy do not lock each other out.
"""

from __future__ import annotations

import unicodedata

from axes.backends import AxesStandaloneBackend
from django.conf import settings


def normalise_login(value: str | None) -> str | None:
    """The address as the account stores it: full-width folded (NFKC), trimmed, lower case.

    " Owner@Example.JP ", "ｏｗｎｅｒ＠ｅｘａｍｐｌｅ．ｊｐ" and "owner@example.jp" are one
    address, so retyping it differently does not start a fresh count."""
    if value is None:
        return None
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


# The length of axes' username columns. Django's log-in forms do not enforce the address's
# own max_length, and NFKC can make a typed address longer (「ﷺ」 is eighteen letters).
AXES_USERNAME_LENGTH = 255


def client_username(request, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the typed address, normalised, as axes can store it (no NUL,
    at most AXES_USERNAME_LENGTH characters)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = getattr(request, "data", request.POST).get(field)
    username = normalise_login(value)
    if username is None:
        return None
    return username.replace("\x00", "")[:AXES_USERNAME_LENGTH]


def client_ip_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the
    address the outermost of them saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    n-th entry from the right was written by our n-th proxy; anything further left was sent
    by the client and may be forged. Without trusted proxies the header is ignored."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class LockoutBackend(AxesStandaloneBackend):
    """axes' lock-out check, for log-ins over HTTP.

    Both log-in forms (/accounts/login/ and /admin/login/) pass the request to
    `authenticate`, so every attempt over HTTP is counted and checked. A call without a
    request is not a visitor typing a password (the test client's `login()`, the shell):
    axes' own backend refuses those with a ValueError; here they go on to ModelBackend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
