"""Demo data of the joining flow (fictional companies and people): applications in every
status; a board meeting held on the latest working day with applications a director can
decide now, and one planned around the 15th of each of the next months; new members who
went through the whole flow. Idempotent: running it twice changes nothing more."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from stdnum.jp import cn

from billing.services.payments import payment_record
from members.admissions import workflow
from members.admissions.models import (
    AgendaItem,
    AgreementDocument,
    Application,
    ApplicationContact,
    CorrectionRequest,
    MemberAcceptance,
    OnboardingStep,
    ReviewCheck,
)
from members.admissions.selectors.applications import current_documents
from members.admissions.selectors.review import required_check_kinds
from members.admissions.services.acceptances import document_accept
from members.admissions.services.applications import (
    ConsentInput,
    application_save_draft,
    application_submit,
    application_withdraw,
)
from members.admissions.services.board import board_decision_record
from members.admissions.services.onboarding import onboarding_step_run
from members.admissions.services.review import (
    application_forward_to_board,
    application_request_correction,
    review_check_record,
)
from members.demo import DEMO_PASSWORD as PASSWORD
from members.meeting_dates import next_monthly_meeting_dates, working_day_on_or_before
from members.models import (
    BoardMeeting,
    Contact,
    Industry,
    Officer,
    Organisation,
    User,
    Withdrawal,
)
from members.roles import BOARD, SECRETARIAT
from members.services.invitations import (
    contact_invite,
    invitation_accept,
    invitation_link_issue,
)
from members.services.withdrawals import withdrawal_submit


def _cn(base: str) -> str:
    return cn.calc_check_digit(base) + base


def _company(name, kana, number, capital, email, **extra):
    industry = Industry.objects.get_or_create(
        name="情報通信業", defaults={"name_en": "Telecommunications and IT"}
    )[0]
    data = {
        "category": "corporate",
        "legal_name": name,
        "legal_name_kana": kana,
        "name_en": "",
        "corporate_number": number,
        "postal_code": "104-0061",
        "prefecture": "東京都",
        "city": "中央区",
        "address_line": "銀座9-9-9 架空ビル",
        "website": "https://example.jp",
        "capital_kind": "plain",
        "share_capital": capital,
        "has_parent": False,
        "industry": industry,
        "ai_role": "both",
        "mailing_list_emails": [email],
        "list_publicly": True,
        "applicant_name": "見本 太郎",
        "applicant_title": "部長",
        "applicant_email": email,
        "authorised": True,
    }
    data.update(extra)
    contacts = [
        {"family_name": "見本", "given_name": "一郎", "title": "代表取締役",
         "is_legal_representative": True},
        {"family_name": "見本", "given_name": "太郎", "family_name_kana": "ミホン",
         "given_name_kana": "タロウ", "email": email, "phone": "03-0000-0000", "title": "部長",
         "is_member_representative": True, "is_practical_contact": True,
         "is_billing_contact": True, "cc_emails": []},
    ]  # fmt: skip
    return data, contacts


def _expert(name, kana_family, kana_given, email):
    family, given = name.split(" ")
    data = {
        "category": "expert",
        "legal_name": "架空大学",
        "recommender": Officer.objects.filter(is_active=True).first(),
        "expert_profile": "AIガバナンスの研究者（架空の人物）",
        "applicant_name": name,
        "applicant_email": email,
        "authorised": True,
        "mailing_list_emails": [email],
    }
    contacts = [
        {"family_name": family, "given_name": given, "family_name_kana": kana_family,
         "given_name_kana": kana_given, "email": email, "phone": "090-0000-0000",
         "is_member_representative": True},
    ]  # fmt: skip
    return data, contacts


def seed_applications(stdout) -> list[str]:
    consent = ConsentInput(
        document_ids=[d.pk for d in current_documents()],
        agreed_by_name="見本 太郎",
        agreed_at=timezone.now() - datetime.timedelta(days=3),
    )
    plans = [
        ("draft", _company("架空下書商事株式会社", "カクウシタガキショウジ", _cn("900000000001"),
                           30_000_000, "draft-corp@example.jp")),
        ("submit", _company("架空システムズ株式会社", "カクウシステムズ", _cn("900000000002"),
                            500_000_000, "apply-regular@example.jp")),
        ("submit", _company("架空スタートアップ株式会社", "カクウスタートアップ",
                            _cn("900000000003"), 10_000_000, "apply-smb@example.jp")),
        ("draft", _expert("見本 花子", "ミホン", "ハナコ", "draft-expert@example.jp")),
        ("submit", _expert("試験 次郎", "シケン", "ジロウ", "apply-expert@example.jp")),
    ]  # fmt: skip
    created = 0
    for how, (data, contacts) in plans:
        if Application.objects.filter(applicant_email=data["applicant_email"]).exists():
            continue
        if how == "draft":
            application_save_draft(
                application_id=None, data=data, contacts=contacts, consent=consent
            )
        else:
            application_submit(application_id=None, data=data, contacts=contacts, consent=consent)
        created += 1
    stdout.write(f"Applications: {created} created (drafts and submitted, both categories).")
    return []


DEMO = [
    # (corporate number, name, capital, status)
    ("9990000000101", "架空審査テック株式会社", 50_000_000, workflow.Status.SUBMITTED),
    ("9990000000102", "架空補正ソリューションズ株式会社", 120_000_000, workflow.Status.SUBMITTED),
    ("9990000000103", "架空議題データ株式会社", 800_000_000, workflow.Status.WITH_BOARD),
    # These two go through the real services below: a correction request still open, and
    # an application the applicant withdrew.
    ("9990000000104", "架空補正待ちロボティクス株式会社", 30_000_000, workflow.Status.SUBMITTED),
    ("9990000000105", "架空取下げ工業株式会社", 20_000_000, workflow.Status.SUBMITTED),
    # Two more on the agenda: one for the held meeting, one for next month's.
    ("9990000000106", "架空決議待ちAI株式会社", 300_000_000, workflow.Status.WITH_BOARD),
    ("9990000000107", "架空来月審議クラウド株式会社", 40_000_000, workflow.Status.WITH_BOARD),
]


def _application(number, name, capital, status):
    app, created = Application.objects.get_or_create(
        corporate_number=number,
        defaults=dict(
            status=status,
            legal_name=name,
            legal_name_kana="カクウ",
            postal_code="100-0005",
            prefecture="東京都",
            city="千代田区",
            address_line="架空丸の内1-1",
            share_capital=capital,
            industry=Industry.objects.first(),
            ai_role="both",
            applicant_name="架空 申込",
            applicant_email=f"apply-{number[-3:]}@example.jp",
            submitted_at=timezone.now() - datetime.timedelta(days=10),
            status_changed_at=timezone.now() - datetime.timedelta(days=5),
            quoted_tier="regular",
            quoted_total=600000,
        ),
    )
    if created:
        ApplicationContact.objects.create(
            application=app,
            family_name="架空",
            given_name="申込",
            email=app.applicant_email,
            is_member_representative=True,
            is_practical_contact=True,
        )
    return app


def _checks(app, staff, today):
    for kind in (
        ReviewCheck.Kind.ANTISOCIAL,
        ReviewCheck.Kind.CORPORATE_NUMBER,
        ReviewCheck.Kind.CAPITAL,
        ReviewCheck.Kind.PARENT_MEMBER,
    ):
        ReviewCheck.objects.get_or_create(
            application=app,
            kind=kind,
            defaults=dict(
                result="ok",
                checked_on=today,
                checked_by=staff,
                method="データベース検索",
                source="登記事項証明書",
            ),
        )


PLANNED_MEETINGS = 3


def demo_meetings(today: datetime.date) -> tuple[BoardMeeting, list[BoardMeeting]]:
    """The meeting held on the latest working day on or before today (decisions can be
    recorded now), and the planned ones around the 15th of the coming months."""
    held, _created = BoardMeeting.objects.get_or_create(
        date=working_day_on_or_before(today),
        kind=BoardMeeting.Kind.HELD,
        defaults={"status": BoardMeeting.Status.HELD},
    )
    planned = [
        BoardMeeting.objects.get_or_create(
            date=day, kind=BoardMeeting.Kind.HELD, defaults={"status": BoardMeeting.Status.PLANNED}
        )[0]
        for day in next_monthly_meeting_dates(today, PLANNED_MEETINGS)
    ]
    return held, planned


def _on_agenda(meeting: BoardMeeting, application: Application) -> None:
    """Once: not again after a decision or after the secretariat moved it elsewhere."""
    application.refresh_from_db(fields=["status"])
    if application.status == workflow.Status.WITH_BOARD and not application.agenda_items.exists():
        AgendaItem.objects.get_or_create(meeting=meeting, application=application)


def seed_board(stdout) -> list[str]:
    today = timezone.localdate()
    staff = User.objects.filter(groups__name="Secretariat").first()
    held, planned = demo_meetings(today)
    apps = [_application(*row) for row in DEMO]
    for app in apps:
        _checks(app, staff, today)
    corrected = apps[1]
    if not corrected.correction_requests.exists():
        CorrectionRequest.objects.create(
            application=corrected,
            round=1,
            message="資本金の額を登記事項証明書と一致させてください。",
            requested_by=staff,
            requested_at=timezone.now() - datetime.timedelta(days=4),
            before={"share_capital": 100_000_000, "city": "千代田区"},
            after={"share_capital": 120_000_000, "city": "千代田区"},
            resubmitted_at=timezone.now() - datetime.timedelta(days=2),
        )
    # Two for the director to decide today, one for next month's meeting (to be moved).
    _on_agenda(held, apps[2])
    _on_agenda(held, apps[5])
    _on_agenda(planned[0], apps[6])
    waiting, withdrawn = apps[3], apps[4]
    if waiting.status == workflow.Status.SUBMITTED:
        application_request_correction(
            application_id=waiting.pk,
            message="登記事項証明書の資本金の額と、ご入力の資本金の額が一致しません。"
            "ご確認のうえ修正してください。",
            actor=staff,
            actor_groups=[SECRETARIAT],
        )
    if withdrawn.status == workflow.Status.SUBMITTED:
        application_withdraw(
            application_id=withdrawn.pk,
            actor=staff,
            actor_groups=[SECRETARIAT],
            note="申込者より社内事情により取下げの連絡あり（電話）",
        )
    stdout.write(
        f"  board: {len(apps)} applications in review, held {held}, "
        f"planned {' / '.join(str(m) for m in planned)}\n"
    )
    return []


def _through_the_board(
    application, decision: str, meeting: BoardMeeting, today: datetime.date
) -> None:

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
        application_id=application.pk,
        meeting_id=meeting.pk,
        actor=None,
        actor_groups=[SECRETARIAT],
        today=today,
    )
    board_decision_record(
        application_id=application.pk, decision=decision, actor=None, actor_groups=[BOARD]
    )


def _pay(application) -> None:

    application.refresh_from_db()
    invoice = application.first_invoice
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

    for step in OnboardingStep.objects.filter(application=application):
        onboarding_step_run(step_id=step.pk)
    contact = Contact.objects.get(
        organisation=application.organisation, email=application.applicant_email
    )
    if contact.user_id is None:
        # The demo plays the member who opens the e-mail: it issues the invitation's link by
        # hand (the outbox, which would, then finds it used and sends nothing).
        invitation = contact_invite(contact=contact)
        raw = secrets.token_urlsafe(32)
        invitation_link_issue(object_id=invitation.pk, secret=raw)
        invitation_accept(raw=raw, password=PASSWORD)
    return f"member (new, {application.display_name}): {contact.email} / {PASSWORD}"


def seed_onboarding(stdout) -> list[str]:

    today = timezone.localdate()
    meeting, _planned = demo_meetings(today)
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
                _through_the_board(application, decision, meeting, today)
                application.refresh_from_db()
                if target == "member" and application.status == Application.Status.INVOICED:
                    _pay(application)
                application.refresh_from_db()
            created += 1
        if target == "member" and application.status == Application.Status.MEMBER:
            logins.append(_member_login(application))
    stdout.write(f"Onboarding: {created} applications taken through approval, payment, issue.")
    return logins


def seed_revised_rules(stdout) -> list[str]:
    """Issue 28: a revised 会員規程 that members are asked to accept. The bank's
    会員代表者 has accepted it; the other members are still asked (and shown to the
    secretariat as not yet)."""
    current = (
        AgreementDocument.objects.filter(kind=AgreementDocument.Kind.MEMBERSHIP_RULES)
        .order_by("-effective_date", "-id")
        .first()
    )
    if current is None or current.version == "1.1":
        return []
    revised = AgreementDocument.objects.create(
        kind=current.kind,
        title=current.title,
        title_en=current.title_en,
        version="1.1",
        text=current.text,
        text_en=current.text_en,
        full_text=current.full_text + "\n\n（改定）会員代表者の変更は変更届によるものとする。",
        full_text_en=current.full_text_en,
        url=current.url,
        effective_date=timezone.localdate(),
        members_must_accept=True,
    )
    bank = Organisation.objects.filter(member_number="AIGA-0001").first()
    user = User.objects.filter(email="member-bank@example.jp").first()
    if bank and user and not MemberAcceptance.objects.filter(organisation=bank).exists():
        document_accept(organisation=bank, document=revised, actor=user)
    stdout.write("Revised 会員規程 1.1: members asked to accept it.")
    return []


def seed_withdrawal(stdout) -> list[str]:
    """Issue 28: one onboarded member has given notice of withdrawal (awaiting the
    secretariat's confirmation in the admin)."""
    contact = Contact.objects.filter(
        email="onboarded-smb@example.jp", is_member_representative=True
    ).first()
    if contact is None or contact.user is None:
        return []
    organisation = contact.organisation
    if Withdrawal.objects.filter(organisation=organisation).exists():
        return []
    today = timezone.localdate()
    withdrawal_submit(
        organisation=organisation,
        actor=contact.user,
        reason="社内のAIガバナンス体制の見直しに伴い、参加の形を再検討するため。",
        wished_date=today,
        today=today,
    )
    stdout.write(f"Withdrawal: {organisation} gave notice.")
    return []


def seed(stdout) -> list[str]:
    """The three parts in the order the flow runs: applications, the board, onboarding;
    then a revised document members are asked to accept (issue 28)."""
    return [
        *seed_applications(stdout),
        *seed_board(stdout),
        *seed_onboarding(stdout),
        *seed_revised_rules(stdout),
        *seed_withdrawal(stdout),
    ]
