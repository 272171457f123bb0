"""Log-ins update `last_login` without writing a row of the user's change history: the
history is for who changed a user's roles and details, not for every log-in."""

from django.contrib.auth.models import update_last_login


def update_last_login_quietly(sender, user, **kwargs) -> None:
    user.skip_history_when_saving = True
    try:
        update_last_login(sender, user, **kwargs)
    finally:
        del user.skip_history_when_saving
