"""The e-mail to an account's owner when repeated failed log-ins lock an address out.

django-axes counts the failures (aiga/auth.py) and signals the lock-out; this decides whether
the owner is told. Only an existing active account is written to, and the page the visitor
sees is the same either way, so the lock-out never reveals whether an address has an account.
"""

from __future__ import annotations

import datetime

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aiga.audit import audit_log
from aiga.auth import normalise_login
from aiga.models import OutboxMessage
from aiga.outbox import outbox_enqueue
from members.services.people import user_addressee

PURPOSE = "login_locked_out"


def lockout_notify(
    *,
    username: str | None,
    ip_address: str | None,
    attempted_at: datetime.datetime | None = None,
) -> OutboxMessage | None:
    """Queue the notice to the owner of `username`, if an active account has that address.

    At most one notice per account per cool-off: an attacker who is locked out from many
    addresses in turn does not flood the owner's inbox."""
    email = normalise_login(username)
    if not email:
        return None
    attempted_at = attempted_at or timezone.now()
    cool_off = get_cool_off()
    User = get_user_model()
    with transaction.atomic():
        # Locking the user serialises two lock-outs at the same moment: one notice, not two.
        user = (
            User.objects.select_for_update()
            .filter(email__iexact=email, is_active=True)
            .order_by("pk")
            .first()
        )
        if user is None:
            return None
        key_prefix = f"{PURPOSE}:{user.pk}:"
        recently_told = OutboxMessage.objects.filter(
            idempotency_key__startswith=key_prefix,
            created_at__gte=timezone.now() - cool_off,
        ).exists()
        if recently_told:
            return None
        message = outbox_enqueue(
            to=user.email,
            template_key=PURPOSE,
            purpose=PURPOSE,
            target=user,
            idempotency_key=key_prefix + attempted_at.isoformat(),
            context={
                "addressee": user_addressee(user),
                "email": user.email,
                "attempted_at": attempted_at.isoformat(),
                "ip_address": ip_address or "",
                "cooloff_minutes": int(cool_off.total_seconds() // 60),
                "password_reset_url": settings.SITE_URL + reverse("password_reset"),
            },
        )
        audit_log(actor=None, action="auth.locked_out", target=user)
    return message
