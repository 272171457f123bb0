"""People and log-ins leave by being deactivated, never deleted: invoices, audit entries and
decisions keep pointing at who they were.

The secretariat deactivates and reactivates members' log-ins and contacts; the accounts of
staff, directors and superusers are the superusers' alone."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from members.models import Contact, User
from members.roles import BOARD, SECRETARIAT, in_group, is_secretariat
from members.scoping import managing_contact


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


def may_manage_contact(actor, contact: Contact) -> bool:
    """The secretariat manages every contact; a company's 会員代表者 and 実務担当 manage their
    own company's people, except themselves (nobody locks themselves out)."""
    if is_secretariat(actor):
        return True
    manager = managing_contact(actor)
    return (
        manager is not None
        and manager.organisation_id == contact.organisation_id
        and manager.pk != contact.pk
    )


def _user_deactivate(*, user: User, actor) -> None:
    """The log-in of a contact who left ends with them (the contact's manager decided it)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.is_active or is_privileged(locked):
        return
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    audit_log(
        actor=actor,
        action="user.deactivate",
        target=locked,
        from_state="active",
        to_state="inactive",
    )


def contact_set_active(*, contact: Contact, active: bool, actor) -> Contact:
    """A contact who has left: kept (invoices name them), no longer addressed or listed;
    their log-in, if any, is deactivated with them. The 会員代表者 always has a holder: the
    role moves to someone else (a 変更届) before its holder leaves."""
    if not may_manage_contact(actor, contact):
        raise PeopleError(_("担当者を変更する権限がありません。"))
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.is_active == active:
            return locked
        if not active and locked.is_member_representative:
            raise PeopleError(
                _(
                    "%(name)s さんは会員代表者です。会員代表者を変更する変更届が承認されてから、"
                    "在籍を外してください。"
                )
                % {"name": locked.full_name}
            )
        fields = ["is_active"]
        if active and locked.is_member_representative:
            # A former 会員代表者 comes back without the role, which has its holder.
            locked.is_member_representative = False
            fields.append("is_member_representative")
        locked.is_active = active
        # The retention period of a former contact's particulars runs from here.
        locked.left_at = None if active else timezone.now()
        locked.save(update_fields=[*fields, "left_at"])
        audit_log(
            actor=actor,
            action="contact.reactivate" if active else "contact.deactivate",
            target=locked,
            from_state="active" if not active else "inactive",
            to_state="active" if active else "inactive",
        )
        if not active and locked.user_id:
            _user_deactivate(user=locked.user, actor=actor)
    return locked


# The roles a company's managers give and take in the portal. The 会員代表者 changes by a
# 変更届, the 法人代表者 too (it is the register's, as the 登記 shows).
PORTAL_ROLES = (
    "is_practical_contact",
    "is_billing_contact",
    "is_navi_respondent",
    "is_event_participant",
)


def contact_roles_change(*, contact: Contact, actor, roles: dict[str, bool]) -> Contact:
    """Give or take the portal's roles. A change of the 請求書宛先 is audited for the
    secretariat: it applies to invoices issued from now on (issued ones keep theirs)."""
    manager = managing_contact(actor)
    own_company = manager is not None and manager.organisation_id == contact.organisation_id
    if not (is_secretariat(actor) or own_company):
        raise PeopleError(_("担当者を変更する権限がありません。"))
    if (
        own_company
        and manager.pk == contact.pk
        and not manager.is_member_representative
        and roles.get("is_practical_contact") is False
    ):
        raise PeopleError(
            _(
                "ご自身の実務担当は外せません（担当者の管理ができなくなります）。会員代表者にご依頼ください。"
            )
        )
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if not locked.is_active:
            raise PeopleError(_("在籍していない担当者の役割は変更できません。"))
        before = {name: getattr(locked, name) for name in PORTAL_ROLES}
        after = {name: bool(roles.get(name, before[name])) for name in PORTAL_ROLES}
        changed = [name for name in PORTAL_ROLES if before[name] != after[name]]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, after[name])
        locked.save(update_fields=changed)
        audit_log(
            actor=actor,
            action="contact.roles",
            target=locked,
            data={name: after[name] for name in changed},
        )
        if "is_billing_contact" in changed:
            audit_log(
                actor=actor,
                action="contact.billing_addressee",
                target=locked.organisation,
                to_state="on" if after["is_billing_contact"] else "off",
                data={"contact": locked.pk},
            )
    return locked


def contact_add(*, organisation, actor, fields: dict, roles: dict[str, bool]) -> Contact:
    """A colleague added by the company's manager; the caller invites them."""
    manager = managing_contact(actor)
    if manager is None or manager.organisation_id != organisation.pk:
        raise PeopleError(_("担当者を追加する権限がありません。"))
    email = (fields.get("email") or "").strip().lower()
    if organisation.contacts.filter(email__iexact=email, is_active=True).exists():
        raise PeopleError(_("このメールアドレスの担当者は既に登録されています。"))
    with transaction.atomic():
        contact = Contact(organisation=organisation)
        for name in ("family_name", "given_name", "family_name_kana", "given_name_kana"):
            setattr(contact, name, (fields.get(name) or "").strip())
        contact.title = (fields.get("title") or "").strip()
        contact.department = (fields.get("department") or "").strip()
        contact.email = email
        for name in PORTAL_ROLES:
            setattr(contact, name, bool(roles.get(name)))
        contact.save()
        audit_log(actor=actor, action="contact.add", target=contact)
        if contact.is_billing_contact:
            audit_log(
                actor=actor,
                action="contact.billing_addressee",
                target=organisation,
                to_state="on",
                data={"contact": contact.pk},
            )
    return contact


def user_language_set(*, user: User, language: str) -> User:
    """A person's own language: the portal's and their e-mails'."""
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise PeopleError(_("選択できない言語です。"))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
        audit_log(actor=user, action="user.language", target=user, to_state=language)
    return user
