"""The re-authentication a session holds: the password entered again a moment ago, asked
before a staff member's or a director's account is changed (members.admin.register)."""

from __future__ import annotations

import time

from django.conf import settings

REAUTHENTICATED_AT = "aiga_reauthenticated_at"


def reauthenticated_mark(request) -> None:
    request.session[REAUTHENTICATED_AT] = time.time()


def recently_reauthenticated(request) -> bool:
    at = request.session.get(REAUTHENTICATED_AT)
    return at is not None and time.time() - at <= settings.REAUTHENTICATION_MINUTES * 60
