"""Suspending a membership (会員資格の停止) and lifting the suspension.

The secretariat suspends a membership, with a reason, when a fee stays unpaid after the
last reminder (billing decides when and calls this); the payment lifts it. Loss of
membership is the general assembly's or the articles' matter: never decided here.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from members.models import Membership
from members.selectors.organisations import member_representative


class SuspensionError(Exception):
    """A suspension the rules refuse; the message is shown to the secretariat."""


def _tell_representative(membership: Membership, *, template_key: str, key: str, context: dict):
    contact = member_representative(membership.organisation)
    if contact is None or not contact.email:
        return
    language = getattr(contact.user, "language", "") if contact.user_id else ""
    outbox_enqueue(
        to=contact.email,
        template_key=template_key,
        purpose=template_key,
        target=membership.organisation,
        language=language or "ja",
        idempotency_key=key,
        context={
            "addressee": contact.addressee,
            "organisation": membership.organisation.legal_name,
            "member_number": membership.organisation.member_number or "",
            **context,
        },
    )


def membership_suspend(
    *, membership: Membership, reason: str, actor, context: dict | None = None
) -> Membership:
    """Active → suspended, audited with the reason, and the 会員代表者 told by e-mail.
    `context` adds raw values to the e-mail (the unpaid invoice's number and amount)."""
    reason = (reason or "").strip()
    if not reason:
        raise SuspensionError(_("停止の理由を入力してください。"))
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("organisation")
            .get(pk=membership.pk)
        )
        if locked.status != Membership.Status.ACTIVE:
            raise SuspensionError(
                _("「%(status)s」の会員資格は停止できません。")
                % {"status": locked.get_status_display()}
            )
        locked.status = Membership.Status.SUSPENDED
        locked._change_reason = reason
        locked._history_user = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["status"])
        audit_log(
            actor=actor,
            action="membership.suspend",
            target=locked.organisation,
            from_state=Membership.Status.ACTIVE,
            to_state=Membership.Status.SUSPENDED,
            note=reason,
            data={"membership": locked.pk},
        )
        count = locked.history.count()
        _tell_representative(
            locked,
            template_key="membership_suspended",
            key=f"membership_suspended:{locked.pk}:{count}",
            context={"reason": reason, **(context or {})},
        )
    return locked


def membership_reinstate(
    *, membership: Membership, reason: str, actor=None, context: dict | None = None
) -> Membership:
    """Suspended → active (the fee was paid), audited, and the 会員代表者 told."""
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("organisation")
            .get(pk=membership.pk)
        )
        if locked.status != Membership.Status.SUSPENDED:
            return locked
        locked.status = Membership.Status.ACTIVE
        locked._change_reason = reason
        locked._history_user = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["status"])
        audit_log(
            actor=actor,
            action="membership.reinstate",
            target=locked.organisation,
            from_state=Membership.Status.SUSPENDED,
            to_state=Membership.Status.ACTIVE,
            note=reason,
            data={"membership": locked.pk},
        )
        count = locked.history.count()
        _tell_representative(
            locked,
            template_key="membership_reinstated",
            key=f"membership_reinstated:{locked.pk}:{count}",
            context={"reason": reason, **(context or {})},
        )
    return locked
