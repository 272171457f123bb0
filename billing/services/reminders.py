"""Reminders (督促) of unpaid invoices, the pause while the secretariat is in discussion
with a member, and the suspension of a membership after the last step.

The schedule is in settings (BILLING_REMINDER_FIRST_DAYS, _SECOND_DAYS, _CALL_DAYS): a
polite e-mail with the invoice attached again, a second one, then the call list. Celery
beat runs `reminders_send` daily; each step is taken once per invoice (a constraint on
InvoiceReminder), never for an invoice paid or cancelled, never for a paused organisation.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from billing import renewals
from billing.models import (
    Invoice,
    InvoiceReminder,
    MembershipSuspension,
    ReminderPause,
)
from billing.selectors import reminder_candidates
from billing.services.invoices import _attachment, billing_contact_for, invoice_mail_context
from members.models import Membership
from members.services.suspensions import (
    SuspensionError,
    membership_reinstate,
    membership_suspend,
)

logger = logging.getLogger(__name__)


class ReminderError(Exception):
    """A request the reminder rules refuse; the message is shown to the secretariat."""


def reminder_schedule() -> renewals.ReminderSchedule:
    return renewals.ReminderSchedule(
        first_days=settings.BILLING_REMINDER_FIRST_DAYS,
        second_days=settings.BILLING_REMINDER_SECOND_DAYS,
        call_days=settings.BILLING_REMINDER_CALL_DAYS,
    )


def reminders_send(*, today: datetime.date) -> int:
    """Take today's step for every overdue invoice that has one due. Returns how many."""
    schedule = reminder_schedule()
    taken = 0
    for invoice in reminder_candidates(today=today, grace_days=schedule.first_days):
        sent = {reminder.step for reminder in invoice.reminders.all()}
        step = renewals.reminder_step_due(
            due_date=invoice.due_date, today=today, sent=sent, schedule=schedule
        )
        if step is None:
            continue
        try:
            if reminder_take(invoice_id=invoice.pk, step=step, today=today) is not None:
                taken += 1
        except Exception:  # noqa: BLE001 - one bad invoice must not stop the others
            logger.exception("Could not remind invoice %s (%s)", invoice.pk, step)
    return taken


def reminder_take(*, invoice_id: int, step: str, today: datetime.date) -> InvoiceReminder | None:
    """Record the step and queue its e-mail (the first two steps), in one transaction.
    None when the step is no longer due: paid, cancelled, paused, or already taken."""
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("organisation", "billing_contact")
            .get(pk=invoice_id)
        )
        if invoice.kind != Invoice.Kind.INVOICE or invoice.status != Invoice.Status.ISSUED:
            return None
        if ReminderPause.objects.filter(organisation_id=invoice.organisation_id).exists():
            return None
        if step != renewals.STEP_CALL and not invoice.pdf:
            return None  # the sweep renders it; the next beat sends the reminder
        days = (today - invoice.due_date).days
        try:
            with transaction.atomic():
                reminder = InvoiceReminder.objects.create(
                    invoice=invoice, step=step, days_overdue=days
                )
        except IntegrityError:
            return None
        if step != renewals.STEP_CALL:
            reminder.message = _reminder_email(invoice, step=step, days=days)
            reminder.save(update_fields=["message"])
        audit_log(
            actor=None,
            action="invoice.call_list" if step == renewals.STEP_CALL else "invoice.reminder",
            target=invoice,
            data={"step": step, "days_overdue": days},
        )
    return reminder


def _reminder_email(invoice: Invoice, *, step: str, days: int):
    contact = billing_contact_for(invoice.organisation, invoice.billing_contact)
    if contact is None or not contact.email:
        audit_log(actor=None, action="invoice.no_recipient", target=invoice)
        return None
    language = getattr(contact.user, "language", "") if contact.user_id else ""
    return outbox_enqueue(
        to=contact.email,
        cc=contact.cc_emails or [],
        template_key="billing.reminder",
        purpose="billing.reminder",
        language=language or "ja",
        context={**invoice_mail_context(invoice, contact), "step": step, "days_overdue": days},
        target=invoice,
        attachments=[_attachment(invoice)],
        idempotency_key=f"billing.reminder:{invoice.pk}:{step}",
    )


# ---------------------------------------------------------------- pause (協議中)


def reminder_pause_set(*, organisation, reason: str, actor) -> ReminderPause:
    reason = (reason or "").strip()
    if not reason:
        raise ReminderError(_("協議の内容を入力してください。"))
    with transaction.atomic():
        pause, created = ReminderPause.objects.select_for_update().get_or_create(
            organisation=organisation,
            defaults={
                "reason": reason,
                "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        if not created:
            pause.reason = reason
            pause.save(update_fields=["reason"])
        audit_log(actor=actor, action="reminder.pause", target=organisation, note=reason)
    return pause


def reminder_pause_clear(*, organisation, actor) -> None:
    with transaction.atomic():
        deleted, _rows = ReminderPause.objects.filter(organisation=organisation).delete()
        if deleted:
            audit_log(actor=actor, action="reminder.resume", target=organisation)


# ---------------------------------------------------------------- suspension


def can_suspend(invoice: Invoice) -> bool:
    """After the last step: an unpaid invoice on the call list, with no open suspension."""
    return (
        invoice.kind == Invoice.Kind.INVOICE
        and invoice.status == Invoice.Status.ISSUED
        and invoice.reminders.filter(step=renewals.STEP_CALL).exists()
        and not invoice.suspensions.filter(lifted_at__isnull=True).exists()
    )


def invoice_suspend_membership(*, invoice: Invoice, reason: str, actor) -> MembershipSuspension:
    """Suspend the organisation's membership for this unpaid invoice (members service:
    audited, e-mailed), and remember the invoice so that its payment lifts it."""
    with transaction.atomic():
        locked = (
            Invoice.objects.select_for_update().select_related("organisation").get(pk=invoice.pk)
        )
        if not can_suspend(locked):
            raise ReminderError(
                _("会員資格を停止できるのは、電話連絡リストに載った未入金の請求書だけです。")
            )
        membership = (
            Membership.objects.filter(
                organisation=locked.organisation, status=Membership.Status.ACTIVE
            )
            .order_by("-admission_date", "-id")
            .first()
        )
        if membership is None:
            raise ReminderError(_("停止できる有効な会員資格がありません。"))
        try:
            membership_suspend(
                membership=membership,
                reason=reason,
                actor=actor,
                context={
                    "invoice_number": locked.number,
                    "total": locked.total,
                    "due_date": locked.due_date.isoformat(),
                },
            )
        except SuspensionError as exc:
            raise ReminderError(str(exc)) from exc
        suspension = MembershipSuspension.objects.create(
            invoice=locked,
            membership=membership,
            reason=reason.strip(),
            suspended_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            action="invoice.suspend_membership",
            target=locked,
            note=reason.strip(),
            data={"membership": membership.pk},
        )
    return suspension


def suspensions_lift_for_payment(*, invoice: Invoice, actor=None) -> int:
    """The invoice is paid: lift the suspensions it caused. Inside the payment's
    transaction (billing.signals.invoice_paid)."""
    lifted = 0
    open_ = MembershipSuspension.objects.select_for_update().filter(
        invoice=invoice, lifted_at__isnull=True
    )
    for suspension in open_.select_related("membership"):
        with transaction.atomic():
            reason = _("ご入金の確認（請求書番号 %(n)s）") % {"n": invoice.number}
            suspension.lifted_at = timezone.now()
            suspension.lift_reason = reason
            suspension.save(update_fields=["lifted_at", "lift_reason"])
            membership_reinstate(
                membership=suspension.membership,
                reason=reason,
                actor=actor,
                context={
                    "invoice_number": invoice.number,
                    "total": invoice.total,
                    "due_date": invoice.due_date.isoformat() if invoice.due_date else "",
                },
            )
            lifted += 1
    return lifted


def on_invoice_paid(sender, invoice: Invoice, actor=None, **kwargs) -> bool:
    """billing.signals.invoice_paid receiver. Returns False: the payment notice still goes."""
    suspensions_lift_for_payment(invoice=invoice, actor=actor)
    return False
