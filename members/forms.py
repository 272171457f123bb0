"""Forms of the register's own pages."""

from __future__ import annotations

import logging

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction

from members.tasks import password_reset_send

logger = logging.getLogger(__name__)


def _queue_password_reset(email: str) -> None:
    try:
        password_reset_send.delay(email)
    except Exception:  # noqa: BLE001 - a broker failure must not tell the visitor anything
        logger.warning("Could not queue a password reset request.", exc_info=True)


class PasswordResetRequestForm(PasswordResetForm):
    """Django's form, whose save() looks nothing up and sends nothing: it queues a task with
    the typed address (on commit), which finds the accounts and writes the e-mail to the
    outbox. Known and unknown addresses take the same path, and the same time, here."""

    def save(self, **kwargs) -> None:
        email = self.cleaned_data["email"]
        transaction.on_commit(lambda: _queue_password_reset(email))
