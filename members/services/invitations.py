"""Portal invitations: the one mechanism by which a contact gets a log-in.

`contact_invite` is used by onboarding today and by the Navi, events and the portal later:
who may invite whom is decided here, each invitation is audited and goes out through the
outbox as a one-time, expiring link whose hash alone is stored. The link itself is issued
when the e-mail is delivered (`invitation_link_issue`, registered with the outbox), so it is
never written anywhere: not in the outbox, not in the admin."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue, outbox_link
from aiga.tokens import hash_token
from members.models import Contact, Organisation, PortalInvitation
from members.roles import is_secretariat
from members.scoping import user_organisation
from members.services.people import is_privileged

LINK_KIND = "portal_invitation"


class InvitationError(Exception):
    """A refused invitation or link; the message is shown to the person."""


def invitation_days() -> int:
    return int(getattr(settings, "PORTAL_INVITATION_DAYS", 14))


def invitation_url(raw: str) -> str:
    return settings.SITE_URL + reverse("members:invitation", args=[raw])


def may_invite(actor, contact: Contact) -> bool:
    """The system (actor None) and the secretariat invite anyone; a member's user invites
    only the contacts of their own organisation."""
    if actor is None or is_secretariat(actor):
        return True
    organisation = user_organisation(actor)
    return organisation is not None and organisation.pk == contact.organisation_id


def contact_invite(*, contact: Contact, actor=None, now=None) -> PortalInvitation:
    """A new one-time link for the contact; earlier unused links stop working. The link is
    issued when the e-mail goes out (a person reads it there, nobody else)."""
    if not may_invite(actor, contact):
        raise InvitationError(_("この担当者を招待する権限がありません。"))
    if not contact.email:
        raise InvitationError(_("メールアドレスが登録されていない担当者は招待できません。"))
    if not contact.is_active:
        raise InvitationError(_("在籍していない担当者は招待できません。"))
    now = now or timezone.now()
    with transaction.atomic():
        PortalInvitation.objects.filter(contact=contact, used_at__isnull=True).update(
            expires_at=now
        )
        invitation = PortalInvitation.objects.create(
            contact=contact,
            email=contact.email,
            expires_at=now + datetime.timedelta(days=invitation_days()),
        )
        organisation = contact.organisation
        outbox_enqueue(
            to=contact.email,
            template_key="portal_invitation",
            purpose="portal_invitation",
            target=invitation,
            context={
                "addressee": contact.addressee,
                "organisation": organisation.legal_name,
                "member_number": organisation.member_number or "",
                "is_expert": not organisation.is_corporate,
                "link": outbox_link(LINK_KIND, invitation.pk),
                "expires_at": invitation.expires_at.isoformat(),
                "days": invitation_days(),
            },
        )
        audit_log(actor=actor, action="portal.invitation", target=contact)
    return invitation


def invitation_link_issue(*, object_id: int, secret: str, now=None) -> dict | None:
    """The outbox delivers an invitation (`aiga.outbox.register_link`): the link is `secret`,
    of which only the hash is kept. As with `contact_invite`, the contact's other unused
    links stop working and this one runs from now. None when it has no purpose any more: the
    invitation was used, a newer one replaced it, or the contact left."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            PortalInvitation.objects.select_for_update()
            .select_related("contact")
            .filter(pk=object_id)
            .first()
        )
        if invitation is None or invitation.used_at is not None:
            return None
        newer = PortalInvitation.objects.filter(
            contact_id=invitation.contact_id, pk__gt=invitation.pk
        ).exists()
        if newer or not invitation.contact.is_active:
            return None
        PortalInvitation.objects.filter(
            contact_id=invitation.contact_id, used_at__isnull=True, expires_at__gt=now
        ).exclude(pk=invitation.pk).update(expires_at=now)
        invitation.token_hash = hash_token(secret)
        invitation.expires_at = now + datetime.timedelta(days=invitation_days())
        invitation.save(update_fields=["token_hash", "expires_at"])
    return {
        "invitation_url": invitation_url(secret),
        "expires_at": invitation.expires_at.isoformat(),
    }


def organisation_contacts_invite(*, organisation: Organisation, actor=None) -> int:
    """Invite each contact with an address who has no log-in and no open invitation."""
    now = timezone.now()
    sent, seen = 0, set()
    for contact in organisation.contacts.order_by("id"):
        email = (contact.email or "").lower()
        if not email or email in seen or contact.user_id:
            continue
        seen.add(email)
        if contact.invitations.filter(used_at__isnull=True, expires_at__gt=now).exists():
            continue
        contact_invite(contact=contact, actor=actor, now=now)
        sent += 1
    return sent


def invitation_for_token(raw: str, *, now=None) -> PortalInvitation:
    now = now or timezone.now()
    invitation = (
        PortalInvitation.objects.select_related("contact__organisation")
        .filter(token_hash=hash_token(raw or ""))
        .first()
    )
    if invitation is None:
        raise InvitationError(_("このリンクは無効です。"))
    if invitation.used_at is not None:
        raise InvitationError(
            _("このリンクは既に使用されています。ログイン画面からログインしてください。")
        )
    if invitation.expires_at <= now:
        raise InvitationError(
            _("このリンクの有効期限が切れています。事務局に新しい招待をご依頼ください。")
        )
    return invitation


def invitation_accept(*, raw: str, password: str, now=None):
    """Use the link once: create (or link) the contact's user with the new password."""
    now = now or timezone.now()
    User = get_user_model()
    with transaction.atomic():
        invitation = invitation_for_token(raw, now=now)
        invitation = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable(now):
            raise InvitationError(_("このリンクは既に使用されています。"))
        contact = Contact.objects.select_for_update().get(pk=invitation.contact_id)
        if not contact.is_active:
            raise InvitationError(_("このリンクは無効です。事務局にご連絡ください。"))
        user = contact.user
        if user is None:
            user = User.objects.filter(email__iexact=contact.email).first()
            if user is not None and Contact.objects.filter(user=user).exists():
                raise InvitationError(
                    _(
                        "このメールアドレスは別の会員のログインに使われています。事務局にご連絡ください。"
                    )
                )
            if user is None:
                user = User.objects.create_user(email=contact.email, full_name=contact.full_name)
            contact.user = user
            contact.save(update_fields=["user"])
        if is_privileged(user):
            # A staff member's or a director's account is never reached through a contact.
            raise InvitationError(
                _("このメールアドレスでは招待を受けられません。事務局にご連絡ください。")
            )
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        audit_log(actor=user, action="portal.invitation_accepted", target=contact)
    return user
