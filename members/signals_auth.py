"""Receivers of the log-in signals.

- Log-ins update `last_login` without writing a row of the user's change history: the
  history is for who changed a user's roles and details, not for every log-in.
- A lock-out after repeated failed log-ins (django-axes) is told to the account's owner.
"""

import logging

from django.contrib.auth.models import update_last_login

from members.services.lockouts import lockout_notify

logger = logging.getLogger(__name__)


def update_last_login_quietly(sender, user, **kwargs) -> None:
    user.skip_history_when_saving = True
    try:
        update_last_login(sender, user, **kwargs)
    finally:
        del user.skip_history_when_saving


def notify_owner_of_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    """axes' `user_locked_out`. The visitor gets the lock-out page whatever happens here."""
    try:
        lockout_notify(
            username=username,
            ip_address=ip_address,
            attempted_at=getattr(request, "axes_attempt_time", None),
        )
    except Exception:  # noqa: BLE001 - a notice that could not be queued must not break log-in
        logger.exception("Could not queue the lock-out notice.")
