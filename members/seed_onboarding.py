"""Demo data for steps 5 to 7 (fictional): applications approved and invoiced, paid and
issued as members (a regular company, an SMB, an expert), and one rejected. Together
with members.seed_applications and members.seed_board, every status from draft to member
exists for each kind of applicant. Everything goes through the real services.

Idempotent: each application is found by its applicant e-mail address.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from members.application_selectors import current_documents
from members.application_services import ConsentInput, application_submit
from members.board import BoardMeeting, ReviewCheck
from members.models import Contact, OnboardingStep
from members.roles import BOARD, SECRETARIAT
from members.seed import DEMO_PASSWORD as PASSWORD
from members.seed_applications import _cn, _company, _expert


def _meeting(today: datetime.date) -> BoardMeeting:
    meeting, _created = BoardMeeting.objects.get_or_create(
        date=today,
        kind=BoardMeeting.Kind.HELD,
        title="理事会（入会審査デモ）",
        defaults={"status": BoardMeeting.Status.PLANNED},
    )
    return meeting


def _through_the_board(application, decision: str, today: datetime.date) -> None:
    from members.review_services import (
        application_forward_to_board,
        board_decision_record,
        review_check_record,
    )
    from members.selectors import required_check_kinds

    for kind in required_check_kinds(application.category):
        review_check_record(
            application_id=application.pk,
            kind=kind,
            result=ReviewCheck.Result.OK,
            checked_on=today,
            actor=None,
            actor_groups=[SECRETARIAT],
            method="データベース検索（デモ）",
            source="登記事項証明書（デモ）",
        )
    application_forward_to_board(
        application_id=application.pk, actor=None, actor_groups=[SECRETARIAT], today=today
    )
    board_decision_record(
        application_id=application.pk, decision=decision, actor=None, actor_groups=[BOARD]
    )


def _pay(application) -> None:
    from billing.invoicing import payment_record
    from billing.models import Invoice

    invoice = Invoice.objects.get(source_key=f"application:{application.pk}", kind="invoice")
    payment_record(
        invoice=invoice,
        paid_on=timezone.localdate(),
        amount=invoice.total,
        payer_name=application.legal_name_kana or application.applicant_name,
        method="bank_transfer",
        actor=None,
    )


def _member_login(application) -> str:
    """Finish the checklist and give the representative a known password for the demo."""
    from members.onboarding_services import (
        invitation_accept,
        invitation_create,
        onboarding_step_run,
    )

    for step in OnboardingStep.objects.filter(application=application):
        onboarding_step_run(step_id=step.pk)
    contact = Contact.objects.get(
        organisation=application.organisation, email=application.applicant_email
    )
    if contact.user_id is None:
        _invitation, raw = invitation_create(contact=contact)
        invitation_accept(raw=raw, password=PASSWORD)
    return f"member (new, {application.display_name}): {contact.email} / {PASSWORD}"


def seed(stdout) -> list[str]:
    from members.applications import Application

    today = timezone.localdate()
    meeting = _meeting(today)
    consent = ConsentInput(
        document_ids=[d.pk for d in current_documents()],
        agreed_by_name="見本 太郎",
        agreed_at=timezone.now() - datetime.timedelta(days=20),
    )
    plans = [
        ("invoiced", _company("架空請求待ちシステムズ株式会社", "カクウセイキュウマチシステムズ",
                              _cn("900000000101"), 500_000_000, "invoiced-regular@example.jp")),
        ("invoiced", _company("架空請求待ちラボ株式会社", "カクウセイキュウマチラボ",
                              _cn("900000000102"), 10_000_000, "invoiced-smb@example.jp")),
        ("member", _company("架空会員テック株式会社", "カクウカイインテック",
                            _cn("900000000103"), 500_000_000, "onboarded-regular@example.jp")),
        ("member", _company("架空会員スタートアップ株式会社", "カクウカイインスタートアップ",
                            _cn("900000000104"), 10_000_000, "onboarded-smb@example.jp")),
        ("member", _expert("会員 一子", "カイイン", "イチコ", "onboarded-expert@example.jp")),
        ("rejected", _company("架空不承認商事株式会社", "カクウフショウニンショウジ",
                              _cn("900000000105"), 30_000_000, "rejected@example.jp")),
    ]  # fmt: skip
    logins, created = [], 0
    for target, (data, contacts) in plans:
        application = Application.objects.filter(applicant_email=data["applicant_email"]).first()
        if application is None:
            with transaction.atomic():
                application = application_submit(
                    application_id=None, data=data, contacts=contacts, consent=consent
                )
                decision = "reject" if target == "rejected" else "approve"
                _through_the_board(application, decision, today)
                application.refresh_from_db()
                if target == "member" and application.status == Application.Status.INVOICED:
                    _pay(application)
                application.refresh_from_db()
            created += 1
        if target == "member" and application.status == Application.Status.MEMBER:
            logins.append(_member_login(application))
    if meeting.status == BoardMeeting.Status.PLANNED and meeting.decisions.exists():
        # The meeting took place: its decisions are recorded.
        BoardMeeting.objects.filter(pk=meeting.pk).update(status=BoardMeeting.Status.HELD)
    stdout.write(f"Onboarding: {created} applications taken through approval, payment, issue.")
    return logins
