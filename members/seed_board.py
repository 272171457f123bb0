"""Demo data for the review and the board: applications in review (one with a correction
round), a held meeting with decisions and a planned one with an agenda. Fictional only."""

from __future__ import annotations

import datetime

from django.utils import timezone

from members import workflow
from members.application_services import application_withdraw
from members.board import AgendaItem, BoardMeeting, CorrectionRequest, ReviewCheck
from members.models import Application, ApplicationContact, Industry, User
from members.review_services import application_request_correction
from members.roles import SECRETARIAT

DEMO = [
    # (corporate number, name, capital, status)
    ("9990000000101", "架空審査テック株式会社", 50_000_000, workflow.Status.SUBMITTED),
    ("9990000000102", "架空補正ソリューションズ株式会社", 120_000_000, workflow.Status.SUBMITTED),
    ("9990000000103", "架空議題データ株式会社", 800_000_000, workflow.Status.WITH_BOARD),
    # These two go through the real services below: a correction request still open, and
    # an application the applicant withdrew.
    ("9990000000104", "架空補正待ちロボティクス株式会社", 30_000_000, workflow.Status.SUBMITTED),
    ("9990000000105", "架空取下げ工業株式会社", 20_000_000, workflow.Status.SUBMITTED),
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


def seed(stdout) -> list[str]:
    today = timezone.localdate()
    staff = User.objects.filter(groups__name="Secretariat").first()
    held_date = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=15)
    next_date = (today.replace(day=28) + datetime.timedelta(days=5)).replace(day=15)
    held, _ = BoardMeeting.objects.get_or_create(
        date=held_date,
        kind=BoardMeeting.Kind.HELD,
        defaults=dict(status=BoardMeeting.Status.HELD, minutes_reference="議事録 第12回"),
    )
    planned, _ = BoardMeeting.objects.get_or_create(
        date=next_date, kind=BoardMeeting.Kind.HELD, defaults=dict(status="planned")
    )
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
    AgendaItem.objects.get_or_create(meeting=planned, application=apps[2])
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
    stdout.write(f"  board: {len(apps)} applications in review, meetings {held} / {planned}\n")
    return []
