"""Password resets by e-mail, through the outbox.

The page that takes the address (members/views/accounts.py) looks nothing up: it queues a
task with the typed address and answers at once, the same page in the same time whether
the address has an account or not. The task (`password_reset_request`) finds the active
accounts with that address and writes the e-mail to the outbox. The link is issued when
the e-mail is delivered (`password_reset_link_issue`, registered with the outbox): Django's
own token, which no database row holds and which stops working once the password changes
or PASSWORD_RESET_TIMEOUT passes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from aiga.audit import audit_log
from aiga.auth import normalise_login
from aiga.models import OutboxMessage
from aiga.outbox import outbox_enqueue, outbox_link
from members.services.people import user_addressee

LINK_KIND = "password_reset"
PURPOSE = "password_reset"


def _resettable(email: str):
    """Active accounts with this address and a password to reset (as Django's own form)."""
    User = get_user_model()
    users = User.objects.filter(email__iexact=email, is_active=True).order_by("pk")
    return [user for user in users if user.has_usable_password()]


def password_reset_request(*, email: str) -> list[OutboxMessage]:
    """Queue a reset e-mail to each active account with this address (none for an unknown
    one: nothing is said either way)."""
    email = normalise_login(email) or ""
    if "@" not in email:
        return []
    messages = []
    with transaction.atomic():
        for user in _resettable(email):
            messages.append(
                outbox_enqueue(
                    to=user.email,
                    template_key=PURPOSE,
                    purpose=PURPOSE,
                    target=user,
                    idempotency_key=f"{PURPOSE}:{user.pk}:{uuid.uuid4().hex}",
                    context={
                        "addressee": user_addressee(user),
                        "email": user.email,
                        "link": outbox_link(LINK_KIND, user.pk),
                        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
                    },
                )
            )
            audit_log(actor=None, action="auth.password_reset_requested", target=user)
    return messages


def password_reset_link_issue(*, object_id: int, secret: str) -> dict | None:
    """The outbox delivers a reset e-mail (`aiga.outbox.register_link`): Django's token for
    the account as it is now; `secret` is not needed. None when the account was deactivated
    (or lost its password) since the request."""
    User = get_user_model()
    user = User.objects.filter(pk=object_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return {"reset_url": settings.SITE_URL + path}
