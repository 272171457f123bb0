"""Withdrawal (退会): the 会員代表者 submits a 退会届, the secretariat confirms it, and on its
effective date the daily job closes the membership; until then either may cancel it.

Each transition locks the row, checks Withdrawal.TRANSITIONS, saves, audits, and e-mails
through the outbox. Closing never overwrites history: the membership row gets its end date
and status (django-simple-history keeps the row as it was), and the company's log-ins,
mailing-list addresses and listing end with their own audit entries."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from members.models import (
    Contact,
    MailingListChange,
    MemberListing,
    Membership,
    Organisation,
    User,
    Withdrawal,
)
from members.public_page import forget_public_page
from members.roles import is_secretariat
from members.selectors.memberships import current_membership
from members.selectors.organisations import member_representative, representative_contact
from members.withdrawal_dates import withdrawal_effective_date

logger = logging.getLogger(__name__)

RECEIVED = "withdrawal_received"
RECEIVED_SECRETARIAT = "withdrawal_received_secretariat"
CONFIRMED = "withdrawal_confirmed"
CANCELLED = "withdrawal_cancelled"
COMPLETED = "withdrawal_completed"


class WithdrawalError(Exception):
    """A withdrawal the rules refuse; the message is shown to whoever asked."""


def withdrawal_rule() -> str:
    return getattr(settings, "MEMBERSHIP_WITHDRAWAL_RULE", "fiscal_year_end")


def open_withdrawal(organisation: Organisation) -> Withdrawal | None:
    return (
        Withdrawal.objects.filter(organisation=organisation, status__in=Withdrawal.OPEN)
        .order_by("-id")
        .first()
    )


def _representative(organisation: Organisation, user) -> Contact | None:
    return representative_contact(organisation, user)


def _check(withdrawal: Withdrawal, to: str) -> None:
    if to not in Withdrawal.TRANSITIONS[withdrawal.status]:
        raise WithdrawalError(
            _("この退会届は「%(status)s」のため、この操作はできません。")
            % {"status": withdrawal.get_status_display()}
        )


def _context(withdrawal: Withdrawal) -> dict:
    return {
        "organisation": withdrawal.organisation.legal_name,
        "member_number": withdrawal.organisation.member_number or "",
        "notice_date": withdrawal.notice_date.isoformat(),
        "wished_date": withdrawal.wished_date.isoformat(),
        "effective_date": withdrawal.effective_date.isoformat(),
        "portal_url": settings.SITE_URL + reverse("members_withdrawal:page"),
    }


def _tell_representatives(withdrawal: Withdrawal, template_key: str) -> None:
    """The organisation's 会員代表者 (and the person who submitted it, if another)."""
    # The active holder only: a former 会員代表者 taken off the register is not written to.
    representative = member_representative(withdrawal.organisation)
    contacts = [representative] if representative else []
    recipients = {contact.email.lower(): contact for contact in contacts if contact.email}
    submitter = withdrawal.organisation.contacts.filter(user=withdrawal.submitted_by_id).first()
    if withdrawal.submitted_by_id and submitter and submitter.email:
        recipients.setdefault(submitter.email.lower(), submitter)
    for contact in recipients.values():
        language = getattr(contact.user, "language", "") if contact.user_id else ""
        outbox_enqueue(
            to=contact.email,
            template_key=template_key,
            purpose=template_key,
            target=withdrawal,
            language=language or "ja",
            idempotency_key=f"{template_key}:{withdrawal.pk}:{contact.pk}",
            context={"addressee": contact.addressee, **_context(withdrawal)},
        )


def withdrawal_submit(
    *,
    organisation: Organisation,
    actor,
    reason: str,
    wished_date: datetime.date,
    today: datetime.date | None = None,
) -> Withdrawal:
    """The 会員代表者's 退会届. The effective date follows MEMBERSHIP_WITHDRAWAL_RULE."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    contact = _representative(organisation, actor)
    if contact is None:
        raise WithdrawalError(_("退会届を提出できるのは会員代表者の方のみです。"))
    if not reason:
        raise WithdrawalError(_("退会の理由を入力してください。"))
    if wished_date < today:
        raise WithdrawalError(_("退会希望日には本日以降の日付を入力してください。"))
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if open_withdrawal(organisation) is not None:
            raise WithdrawalError(_("すでに退会届を受け付けています。"))
        membership = current_membership(organisation, on=today)
        if membership is None:
            raise WithdrawalError(_("現在有効な会員資格がないため、退会届は提出できません。"))
        withdrawal = Withdrawal.objects.create(
            organisation=organisation,
            membership=membership,
            reason=reason,
            wished_date=wished_date,
            notice_date=today,
            effective_date=withdrawal_effective_date(
                notice_on=today, wished_on=wished_date, rule=withdrawal_rule()
            ),
            submitted_at=timezone.now(),
            submitted_by=actor,
            submitted_by_name=contact.full_name,
        )
        audit_log(
            actor=actor,
            action="withdrawal.submit",
            target=organisation,
            to_state=withdrawal.status,
            data={
                "withdrawal": withdrawal.pk,
                "wished_date": wished_date.isoformat(),
                "effective_date": withdrawal.effective_date.isoformat(),
                "rule": withdrawal_rule(),
            },
        )
        _tell_representatives(withdrawal, RECEIVED)
        outbox_enqueue(
            to=settings.SECRETARIAT_EMAIL,
            template_key=RECEIVED_SECRETARIAT,
            purpose=RECEIVED_SECRETARIAT,
            target=withdrawal,
            context={
                "addressee": _("事務局"),
                "reason": reason,
                "submitted_by": contact.full_name,
                "admin_url": settings.SITE_URL
                + reverse("admin:members_withdrawal_change", args=[withdrawal.pk]),
                **_context(withdrawal),
            },
        )
    return withdrawal


def withdrawal_confirm(*, withdrawal: Withdrawal, actor) -> Withdrawal:
    """The secretariat confirms a 退会届 (its effective date as the rule gave it)."""
    if not is_secretariat(actor):
        raise WithdrawalError(_("退会届を確認できるのは事務局のみです。"))
    with transaction.atomic():
        locked = Withdrawal.objects.select_for_update().get(pk=withdrawal.pk)
        _check(locked, Withdrawal.Status.CONFIRMED)
        locked.status = Withdrawal.Status.CONFIRMED
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["status", "confirmed_at", "confirmed_by"])
        audit_log(
            actor=actor,
            action="withdrawal.confirm",
            target=locked.organisation,
            from_state=Withdrawal.Status.SUBMITTED,
            to_state=Withdrawal.Status.CONFIRMED,
            data={"withdrawal": locked.pk, "effective_date": locked.effective_date.isoformat()},
        )
        _tell_representatives(locked, CONFIRMED)
    return locked


def may_cancel(withdrawal: Withdrawal, actor) -> bool:
    """The organisation's 会員代表者, or the secretariat."""
    return is_secretariat(actor) or _representative(withdrawal.organisation, actor) is not None


def withdrawal_cancel(
    *, withdrawal: Withdrawal, actor, today: datetime.date | None = None
) -> Withdrawal:
    """Cancelled before it takes effect, by the 会員代表者 or the secretariat."""
    today = today or timezone.localdate()
    if not may_cancel(withdrawal, actor):
        raise WithdrawalError(_("退会届を取り消せるのは会員代表者の方または事務局のみです。"))
    with transaction.atomic():
        locked = Withdrawal.objects.select_for_update().get(pk=withdrawal.pk)
        _check(locked, Withdrawal.Status.CANCELLED)
        if locked.effective_date < today:
            raise WithdrawalError(_("退会日を過ぎた退会届は取り消せません。"))
        old = locked.status
        locked.status = Withdrawal.Status.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        audit_log(
            actor=actor,
            action="withdrawal.cancel",
            target=locked.organisation,
            from_state=old,
            to_state=Withdrawal.Status.CANCELLED,
            data={"withdrawal": locked.pk},
        )
        _tell_representatives(locked, CANCELLED)
    return locked


def _mailing_list_remove(organisation: Organisation) -> int:
    """Every address of the organisation still on the list leaves it."""
    on_list: dict[str, str] = {}
    for change in organisation.mailing_list_changes.order_by("id"):
        if change.action == MailingListChange.Action.ADD:
            on_list[change.email.lower()] = change.email
        else:
            on_list.pop(change.email.lower(), None)
    MailingListChange.objects.bulk_create(
        MailingListChange(
            organisation=organisation, email=email, action=MailingListChange.Action.REMOVE
        )
        for email in on_list.values()
    )
    return len(on_list)


def withdrawal_complete(*, withdrawal: Withdrawal, today: datetime.date, actor=None) -> Withdrawal:
    """On (or after) its effective date, a confirmed withdrawal closes the membership: its end
    date and status (the history keeps it as it was), the public listing, the mailing list and
    the company's log-ins."""
    with transaction.atomic():
        locked = Withdrawal.objects.select_for_update().get(pk=withdrawal.pk)
        _check(locked, Withdrawal.Status.COMPLETED)
        if locked.effective_date > today:
            raise WithdrawalError(_("退会日前の退会届は完了できません。"))
        organisation = locked.organisation
        membership = Membership.objects.select_for_update().get(pk=locked.membership_id)
        old_status = membership.status
        membership.end_date = max(locked.effective_date, membership.admission_date)
        membership.status = Membership.Status.ENDED
        membership._change_reason = "退会"
        membership.save(update_fields=["end_date", "status"])
        audit_log(
            actor=actor,
            action="membership.withdrawn",
            target=organisation,
            from_state=old_status,
            to_state=Membership.Status.ENDED,
            data={"membership": membership.pk, "end_date": membership.end_date.isoformat()},
        )
        unlisted = 0
        listing = MemberListing.objects.filter(organisation=organisation, is_listed=True).first()
        if listing is not None:
            listing.is_listed = False
            listing.save(update_fields=["is_listed"])
            unlisted = 1
        removed = _mailing_list_remove(organisation)
        users = User.objects.filter(contact__organisation=organisation, is_active=True)
        ended = list(users.values_list("pk", flat=True))
        for user_id in ended:
            audit_log(
                actor=actor,
                action="user.deactivate",
                target=User.objects.get(pk=user_id),
                from_state="active",
                to_state="inactive",
                note=_("退会による"),
            )
        User.objects.filter(pk__in=ended).update(is_active=False)
        locked.status = Withdrawal.Status.COMPLETED
        locked.completed_at = timezone.now()
        locked.save(update_fields=["status", "completed_at"])
        audit_log(
            actor=actor,
            action="withdrawal.complete",
            target=organisation,
            from_state=Withdrawal.Status.CONFIRMED,
            to_state=Withdrawal.Status.COMPLETED,
            data={
                "withdrawal": locked.pk,
                "unlisted": unlisted,
                "mailing_list_removed": removed,
                "logins_ended": len(ended),
            },
        )
        _tell_representatives(locked, COMPLETED)
        transaction.on_commit(forget_public_page)
    return locked


def withdrawals_due(today: datetime.date):
    return Withdrawal.objects.filter(
        status=Withdrawal.Status.CONFIRMED, effective_date__lte=today
    ).order_by("effective_date", "id")


def withdrawals_complete_due(*, today: datetime.date | None = None) -> int:
    """The daily job: every confirmed withdrawal whose effective date has come, each in its
    own transaction (one failing leaves the others done)."""
    today = today or timezone.localdate()
    done = 0
    for withdrawal in list(withdrawals_due(today)):
        try:
            withdrawal_complete(withdrawal=withdrawal, today=today)
        except Exception:  # noqa: BLE001 - the others go ahead; the next run tries again
            logger.exception("Could not complete withdrawal %s", withdrawal.pk)
            continue
        done += 1
    return done
