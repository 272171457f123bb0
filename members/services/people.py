"""People and log-ins leave by being deactivated, never deleted: invoices, audit entries and
decisions keep pointing at who they were.

The secretariat deactivates and reactivates members' log-ins and contacts; the accounts of
staff, directors and superusers are the superusers' alone."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from members.models import Contact, User
from members.roles import BOARD, SECRETARIAT, in_group, is_secretariat


class PeopleError(Exception):
    """A refused change to a person or a log-in; the message is shown to the secretariat."""


def is_privileged(user: User) -> bool:
    """Staff, directors and superusers: accounts only a superuser manages."""
    return (
        user.is_staff or user.is_superuser or in_group(user, SECRETARIAT) or in_group(user, BOARD)
    )


def user_addressee(user: User) -> str:
    """How a letter to this user opens: as their organisation's contact, else by name."""
    contact = Contact.objects.select_related("organisation").filter(user=user).first()
    if contact is not None:
        return contact.addressee
    return f"{user.full_name or user.email} 様"


def may_manage_user(actor, user: User) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.pk == user.pk:
        return False  # nobody locks themselves out
    if actor.is_superuser:
        return True
    return is_secretariat(actor) and not is_privileged(user)


def user_set_active(*, user: User, active: bool, actor) -> User:
    """Deactivate (or reactivate) a log-in; a deactivated user cannot log in or be reset."""
    if not may_manage_user(actor, user):
        raise PeopleError(
            _("%(email)s のアカウントは変更できません（職員・役員のアカウントは管理者のみ）。")
            % {"email": user.email}
        )
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_log(
            actor=actor,
            action="user.reactivate" if active else "user.deactivate",
            target=locked,
            from_state="active" if not active else "inactive",
            to_state="active" if active else "inactive",
        )
    return locked


def contact_set_active(*, contact: Contact, active: bool, actor) -> Contact:
    """A contact who has left: kept (invoices name them), no longer addressed or listed;
    their log-in, if any, is deactivated with them."""
    if not is_secretariat(actor):
        raise PeopleError(_("担当者を変更する権限がありません。"))
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_log(
            actor=actor,
            action="contact.reactivate" if active else "contact.deactivate",
            target=locked,
            from_state="active" if not active else "inactive",
            to_state="active" if active else "inactive",
        )
        if not active and locked.user_id and locked.user.is_active:
            user_set_active(user=locked.user, active=False, actor=actor)
    return locked
