"""The messages the whole demo sends, and those it does not (a resubmitted correction, a
carry-over, a cancelled invoice with its replacement, a lock-out, a password reset, a
meeting's new date): every template the apps declare, with the context the code gives it."""

import datetime

import pytest
from django.core.management import call_command

from aiga.models import OutboxMessage


def _what_the_demo_does_not(today):
    """A resubmitted correction, a carry-over, a cancelled invoice, a log-in lock-out, a
    password reset and a meeting's new date."""
    from billing.models import Invoice
    from billing.services.invoices import invoice_cancel
    from members.admissions import workflow
    from members.admissions.models import Application
    from members.admissions.services.review import application_resubmit, meeting_carry_over
    from members.models import BoardMeeting
    from members.services.lockouts import lockout_notify
    from members.services.password_reset import password_reset_request

    corrected = Application.objects.filter(status=workflow.Status.CORRECTION_REQUESTED).first()
    application_resubmit(application_id=corrected.pk, data={"website": "https://example.jp/"})
    meeting = BoardMeeting.objects.filter(agenda__outcome="pending").distinct().first()
    meeting_carry_over(meeting_id=meeting.pk, today=meeting.date + datetime.timedelta(days=1))
    invoice = Invoice.objects.filter(kind="invoice", status="issued").first()
    lines = [
        {"description": line.description, "quantity": 1, "unit_price": line.unit_price}
        for line in invoice.lines.all()
    ]
    invoice_cancel(invoice=invoice, actor=None, reason="宛名の誤り", replacement_lines=lines)
    lockout_notify(
        username="member-bank@example.jp",
        ip_address="198.51.100.7",
        attempted_at=datetime.datetime.combine(today, datetime.time(1, 30), tzinfo=datetime.UTC),
    )
    assert password_reset_request(email="member-bank@example.jp")
    _meeting_moved(today)
    _change_notices_decided()
    _papers_and_withdrawal(today)
    _a_failure_reported()
    _suspension_lifted(today)
    _general_assembly_convened(today)
    _events_flow()


def _a_failure_reported():
    """An e-mail that failed for good, reported to the secretariat (aiga.health)."""
    from aiga.health import failures_notify

    message = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).first()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.FAILED)
    assert failures_notify() >= 1


def _suspension_lifted(today):
    """Issue 30: the demo's suspended member pays, and its membership is reinstated."""
    from billing.models import Invoice
    from billing.services.payments import payment_record

    invoice = Invoice.objects.get(source_key="demo:mirai-2025")
    payment_record(
        invoice=invoice, paid_on=today, amount=invoice.total, payer_name="ﾐﾗｲｴｰｱｲﾗﾎﾞ",
        method="bank_transfer", actor=None,
    )  # fmt: skip


def _general_assembly_convened(today):
    """Issue 29: the general assembly's convocation notice to the voting members."""
    from members.models import GeneralAssembly
    from members.services.assembly import general_assembly_convene

    assembly = GeneralAssembly.objects.create(
        title="第3回定時社員総会",
        meeting_date=today + datetime.timedelta(days=23),
        start_time=datetime.time(14, 0),
        venue="協会会議室",
        record_date=today,
        agenda="第1号議案 事業報告の件",
    )
    general_assembly_convene(assembly=assembly, actor=None, today=today)


def _events_flow():
    """Each events e-mail: confirmed, wait-listed, moved up, a guest's address to confirm
    (and then confirmed), the reminder, the thanks, and the All-Hands' introduction."""
    from django.utils import timezone

    from events.models import AgendaIntroduction, Event, Registration
    from events.services import registrations as events
    from events.services.agenda import agenda_confirm
    from events.services.notices import reminders_send, thank_yous_send
    from members.models import Organisation

    now = timezone.now()
    bank = Organisation.objects.get(legal_name="株式会社みなと未来銀行")
    spotlight = Event.objects.get(title="AIエージェントの安全性評価の最前線")
    free = bank.contacts.exclude(event_registrations__event=spotlight).exclude(email="").first()
    events.registration_register(
        event=spotlight, organisation=bank, contacts=[free], actor=None,
        agreed_ground_rule=False, now=now,
    )  # fmt: skip
    first = Registration.objects.filter(event=spotlight, status="confirmed").first()
    events.registration_cancel(registration=first, actor=None, now=now)
    symposium = Event.objects.get(title="年次シンポジウム2027（デモ）")
    events.registration_register(
        event=symposium, organisation=bank, contacts=[free], actor=None,
        agreed_ground_rule=False, now=now,
    )  # fmt: skip
    events.guest_register(
        event=symposium, name="見本 花子", organisation_name="架空新聞社", job_title="記者",
        email="mihon@press.example.jp", category="guest", now=now,
    )  # fmt: skip
    events.guest_approve(
        registration=Registration.objects.get(event=symposium, status="awaiting_approval"),
        actor=None, now=now,
    )  # fmt: skip
    reminders_send(now=spotlight.starts_at - datetime.timedelta(days=1))
    past = Event.objects.get(title="AIGA Monthly All-Hands（先月・デモ）")
    thank_yous_send(now=past.ends_at + datetime.timedelta(days=2))
    hands = AgendaIntroduction.objects.values_list("event", flat=True).first()
    agenda_confirm(event=Event.objects.get(pk=hands), actor=None, now=now)


def _change_notices_decided():
    """The demo's 変更届 approved, and another filed and returned."""
    from members.models import ChangeNotice, User
    from members.services.change_notices import (
        change_notice_approve,
        change_notice_return,
        change_notice_submit,
    )

    secretariat = User.objects.get(email="jimukyoku@example.jp")
    for notice in ChangeNotice.objects.filter(status="submitted"):
        change_notice_approve(notice=notice, actor=secretariat)
    bank_user = User.objects.get(email="member-bank@example.jp")
    notice = change_notice_submit(
        organisation=bank_user.contact.organisation,
        actor=bank_user,
        values={"address": "千代田区丸の内1-1-1 新みなとビル"},
    )
    change_notice_return(
        notice=notice, actor=secretariat, reason="登記事項証明書の写しを添付してください。"
    )


def _papers_and_withdrawal(today):
    """Issue 28, papers and withdrawal: a revised document members are reminded to accept."""
    from members.admissions.models import AgreementDocument
    from members.admissions.services.acceptances import document_remind

    revised = AgreementDocument.objects.create(
        kind=AgreementDocument.Kind.MEMBERSHIP_RULES,
        title="会員規程",
        title_en="Membership Rules",
        version="2.0",
        full_text="改定後の会員規程。",
        effective_date=today,
        members_must_accept=True,
    )
    document_remind(document=revised, actor=None, today=today)
    _withdrawal(today)


def _withdrawal(today):
    """A 退会届 submitted and cancelled, then another confirmed and completed."""
    from members.models import User
    from members.services import withdrawals

    user = User.objects.get(email="member-startup@example.jp")
    secretariat = User.objects.get(email="jimukyoku@example.jp")
    organisation = user.contact.organisation

    def submit():
        return withdrawals.withdrawal_submit(
            organisation=organisation,
            actor=user,
            reason="事業方針の変更のため",
            wished_date=today,
            today=today,
        )

    withdrawals.withdrawal_cancel(withdrawal=submit(), actor=user, today=today)
    withdrawal = withdrawals.withdrawal_confirm(withdrawal=submit(), actor=secretariat)
    withdrawals.withdrawal_complete(withdrawal=withdrawal, today=withdrawal.effective_date)


def _meeting_moved(today):
    """A planned meeting moved: the directors are told, and an applicant on its agenda whom
    an earlier notice told the date."""
    from aiga.outbox import outbox_enqueue
    from members.admissions.models import AgendaItem
    from members.models import BoardMeeting
    from members.services.meetings import board_meeting_save, meeting_context
    from tests.members.admissions.board_helpers import ApplicationFactory

    meeting = BoardMeeting.objects.create(date=today + datetime.timedelta(days=60))
    application = ApplicationFactory()
    AgendaItem.objects.create(meeting=meeting, application=application)
    outbox_enqueue(
        to=application.applicant_email,
        template_key="board_meeting_moved_applicant",
        purpose="earlier_notice",
        target=application,
        context={
            "addressee": "申込 太郎 様",
            "reference": application.reference,
            "name": application.display_name,
            "meeting": meeting_context(meeting),
            "old_date": (meeting.date - datetime.timedelta(days=7)).isoformat(),
            "new_date": meeting.date.isoformat(),
        },
    )
    meeting.date += datetime.timedelta(days=7)
    board_meeting_save(meeting=meeting, changed=["date"], actor=None)


@pytest.fixture
def demo_messages(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with django_capture_on_commit_callbacks(execute=True):
        _what_the_demo_does_not(datetime.date(2026, 12, 2))
    return list(OutboxMessage.objects.order_by("id"))
