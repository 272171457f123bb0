"""Reminders (督促): each step once, whatever how often the beat runs; never for a paid or
cancelled invoice nor while the secretariat is in discussion; the suspension after the
last step, lifted by the payment; the overdue amounts by age."""

import datetime

import pytest

from aiga.models import AuditEntry, OutboxMessage
from billing import renewals
from billing.models import Invoice, InvoiceReminder
from billing.selectors import overdue_by_age
from billing.services import invoices as invoicing
from billing.services import payments, reminders
from members.models import Membership
from tests.billing.invoice_helpers import issue
from tests.factories import ContactFactory, MembershipFactory

D = datetime.date
ISSUED_ON = D(2026, 10, 1)  # the renewal's date; due 翌月末 → 2026-11-30
DUE = D(2026, 11, 30)


@pytest.fixture
def invoice(organisation):
    invoice = issue(organisation, on=ISSUED_ON)
    assert invoice.due_date == DUE
    return invoicing.invoice_render_pdf(invoice_id=invoice.pk)


def _days(n: int) -> D:
    return DUE + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    "days, sent, expected",
    [
        (6, set(), None),
        (7, set(), renewals.STEP_FIRST),
        (20, {renewals.STEP_FIRST}, None),
        (30, {renewals.STEP_FIRST}, renewals.STEP_SECOND),
        (30, set(), renewals.STEP_SECOND),  # a missed first step is not sent late
        (44, {renewals.STEP_FIRST, renewals.STEP_SECOND}, None),
        (45, {renewals.STEP_FIRST, renewals.STEP_SECOND}, renewals.STEP_CALL),
        (90, {renewals.STEP_CALL}, None),
        (-3, set(), None),
    ],
)
def test_the_step_due_on_a_day(days, sent, expected):
    schedule = renewals.ReminderSchedule(first_days=7, second_days=30, call_days=45)
    assert (
        renewals.reminder_step_due(due_date=DUE, today=_days(days), sent=sent, schedule=schedule)
        == expected
    )


@pytest.mark.parametrize(
    "days, bucket",
    [(0, None), (1, "1-30"), (30, "1-30"), (31, "31-60"), (60, "31-60"), (61, "61-90"),
     (90, "61-90"), (91, "91+"), (400, "91+")],
)  # fmt: skip
def test_the_age_of_an_overdue_amount(days, bucket):
    assert renewals.age_bucket(days) == bucket


def _reminder_messages(invoice):
    key = f"billing.reminder:{invoice.pk}:"
    return OutboxMessage.objects.filter(idempotency_key__startswith=key)


def _steps(invoice):
    return list(invoice.reminders.order_by("id").values_list("step", flat=True))


def test_each_step_is_taken_once_across_repeated_runs(invoice):
    for day in (3, 7, 7, 8, 15, 29, 30, 30, 31, 44, 45, 46, 60, 90):
        reminders.reminders_send(today=_days(day))
        reminders.reminders_send(today=_days(day))  # the beat may run twice the same day
    assert _steps(invoice) == ["first", "second", "call"]
    messages = list(_reminder_messages(invoice).order_by("id"))
    assert len(messages) == 2  # the call list sends nothing
    assert [m.context["step"] for m in messages] == ["first", "second"]
    assert messages[0].to == ["keiri@mirai.example.jp"]
    assert messages[0].cc == ["cfo@mirai.example.jp"]
    assert messages[0].attachments[0]["path"] == invoice.pdf.name  # the invoice, again


def test_the_reminder_e_mail_is_polite_japanese_with_english_below(invoice, mailoutbox):
    from aiga.outbox import outbox_deliver

    reminders.reminders_send(today=_days(7))
    message = _reminder_messages(invoice).get()
    outbox_deliver(message_id=message.pk)
    email = mailoutbox[-1]
    assert "お支払いのお願い" in email.subject
    body = email.body
    assert "行き違いでお支払いいただいている場合はご容赦ください" in body
    assert "2026年11月30日" in body
    assert "350,000円" in body
    assert body.index("行き違い") < body.index("If your payment has crossed")  # English below
    assert email.attachments[0][0] == f"{invoice.number}.pdf"


def test_no_reminder_for_a_paid_invoice(invoice, secretariat):
    payments.payment_record(
        invoice=invoice, paid_on=_days(2), amount=invoice.total, payer_name="ﾐﾗｲｴｰｱｲﾗﾎﾞ",
        method="bank_transfer", actor=secretariat,
    )  # fmt: skip
    for day in (7, 30, 45):
        reminders.reminders_send(today=_days(day))
    assert _steps(invoice) == []
    assert not _reminder_messages(invoice).exists()


def test_no_reminder_for_a_cancelled_invoice(invoice, secretariat):
    invoicing.invoice_cancel(invoice=invoice, actor=secretariat, reason="二重発行")
    for day in (7, 30, 45):
        reminders.reminders_send(today=_days(day))
    assert _steps(invoice) == []


def test_a_paused_organisation_gets_no_reminders_until_the_pause_ends(invoice, secretariat):
    reminders.reminder_pause_set(
        organisation=invoice.organisation, reason="分割払いを協議中", actor=secretariat
    )
    reminders.reminders_send(today=_days(7))
    assert _steps(invoice) == []
    reminders.reminder_pause_clear(organisation=invoice.organisation, actor=secretariat)
    reminders.reminders_send(today=_days(8))
    assert _steps(invoice) == ["first"]
    actions = set(
        AuditEntry.objects.filter(action__startswith="reminder.").values_list("action", flat=True)
    )
    assert actions == {"reminder.pause", "reminder.resume"}


def test_a_pause_needs_its_reason(invoice, secretariat):
    with pytest.raises(reminders.ReminderError):
        reminders.reminder_pause_set(organisation=invoice.organisation, reason=" ", actor=None)


# ---------------------------------------------------------------- suspension


@pytest.fixture
def membership(organisation):
    ContactFactory(
        organisation=organisation,
        family_name="鈴木",
        email="daihyo@mirai.example.jp",
        is_member_representative=True,
    )
    return MembershipFactory(organisation=organisation, admission_date=D(2025, 4, 1))


def _to_call_list(invoice):
    for day in (7, 30, 45):
        reminders.reminders_send(today=_days(day))
    assert _steps(invoice)[-1] == "call"


def test_suspension_is_refused_before_the_last_step(invoice, membership, secretariat):
    reminders.reminders_send(today=_days(30))
    with pytest.raises(reminders.ReminderError):
        reminders.invoice_suspend_membership(invoice=invoice, reason="未納", actor=secretariat)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_suspension_needs_a_reason(invoice, membership, secretariat):
    _to_call_list(invoice)
    with pytest.raises(reminders.ReminderError):
        reminders.invoice_suspend_membership(invoice=invoice, reason="  ", actor=secretariat)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert not invoice.suspensions.exists()


def test_suspension_after_the_call_list_is_audited_e_mailed_and_lifted_on_payment(
    invoice, membership, secretariat
):
    _to_call_list(invoice)
    reason = "年会費の長期未納（電話でもご連絡がつかないため）"
    reminders.invoice_suspend_membership(invoice=invoice, reason=reason, actor=secretariat)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.SUSPENDED
    entry = AuditEntry.objects.get(action="membership.suspend")
    assert entry.note == reason
    notice = OutboxMessage.objects.get(template_key="membership_suspended")
    assert notice.to == ["daihyo@mirai.example.jp"]
    assert notice.context["invoice_number"] == invoice.number
    # Once only: a second suspension for the same invoice is refused.
    with pytest.raises(reminders.ReminderError):
        reminders.invoice_suspend_membership(invoice=invoice, reason="再度", actor=secretariat)

    payments.payment_record(
        invoice=invoice, paid_on=_days(60), amount=invoice.total, payer_name="ﾐﾗｲｴｰｱｲﾗﾎﾞ",
        method="bank_transfer", actor=secretariat,
    )  # fmt: skip
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    suspension = invoice.suspensions.get()
    assert suspension.lifted_at is not None
    assert invoice.number in suspension.lift_reason
    assert OutboxMessage.objects.filter(template_key="membership_reinstated").count() == 1
    assert AuditEntry.objects.filter(action="membership.reinstate").count() == 1


def test_overdue_amounts_are_summed_by_age(organisation, secretariat):
    on_time = issue(organisation, on=ISSUED_ON)  # due 2026-11-30
    older = issue(organisation, on=D(2026, 8, 3))  # due 2026-09-30
    part_paid = issue(organisation, on=D(2026, 7, 1))  # due 2026-08-31
    payments.payment_record(
        invoice=part_paid, paid_on=D(2026, 9, 1), amount=100_000, payer_name="ﾐﾗｲ",
        method="bank_transfer", actor=secretariat,
    )  # fmt: skip
    rows = {row["key"]: (row["count"], row["amount"]) for row in overdue_by_age(today=_days(20))}
    # 2026-12-20: 20 days, 81 days and 111 days overdue.
    assert rows == {
        "1-30": (1, 350_000),
        "31-60": (0, 0),
        "61-90": (1, 350_000),
        "91+": (1, 250_000),
        "total": (3, 950_000),
    }
    assert on_time.status == older.status == Invoice.Status.ISSUED
    assert InvoiceReminder.objects.count() == 0
