"""What an applicant is told (issue 18, items 6–8): a copy of the application that reads as
a person wrote it, the next board meeting's date and the last day to (re)submit for it, and
a signature that names who to contact."""

import datetime

import pytest
from django.utils import translation

from aiga.mail import render_message
from aiga.models import OutboxMessage
from members.admissions.emails import application_summary as summary_text
from members.admissions.selectors.board import next_agenda
from members.admissions.services.applications import (
    _enqueue_submission_mails,
    application_summary,
)
from members.admissions.services.review import application_request_correction
from members.meeting_dates import working_days_before
from members.models import BoardMeeting
from members.roles import SECRETARIAT
from tests.factories import IndustryFactory
from tests.members.admissions.board_helpers import ApplicationFactory, MeetingFactory, secretariat

TOKYO = datetime.timezone(datetime.timedelta(hours=9))


@pytest.mark.parametrize(
    "meeting,closes",
    [
        # Mon 14, Fri 11, Thu 10, Wed 9, Tue 8 December.
        (datetime.date(2026, 12, 15), datetime.date(2026, 12, 8)),
        # 11 January 2027 is 成人の日, and the office is closed until 3 January.
        (datetime.date(2027, 1, 15), datetime.date(2027, 1, 7)),
        # Thu 7 to Mon 4 January, then the closure: Mon 28 December.
        (datetime.date(2027, 1, 8), datetime.date(2026, 12, 28)),
    ],
)
def test_the_agenda_closes_working_days_before_the_meeting(meeting, closes):
    assert working_days_before(meeting, 5) == closes


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today,expected",
    [
        (datetime.date(2026, 12, 3), {"date": "2026-12-15", "closes_on": "2026-12-08"}),
        (datetime.date(2026, 12, 8), {"date": "2026-12-15", "closes_on": "2026-12-08"}),
        (datetime.date(2026, 12, 9), {"date": "2027-01-15", "closes_on": "2027-01-07"}),
        (datetime.date(2027, 1, 20), None),
    ],
)
def test_the_next_agenda_an_application_can_reach(today, expected):
    MeetingFactory(date=datetime.date(2026, 12, 15))
    MeetingFactory(date=datetime.date(2027, 1, 15))
    # A written resolution is not the monthly meeting an application waits for.
    MeetingFactory(date=datetime.date(2026, 12, 10), kind=BoardMeeting.Kind.WRITTEN)
    assert next_agenda(today=today) == expected


@pytest.mark.django_db
def test_the_correction_request_says_by_when_to_resubmit(django_capture_on_commit_callbacks):
    MeetingFactory(date=datetime.date(2026, 12, 15))
    application = ApplicationFactory()
    application_request_correction(
        application_id=application.pk,
        message="資本金の額をご確認ください。",
        actor=secretariat(),
        actor_groups=[SECRETARIAT],
        now=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=TOKYO),
    )
    message = OutboxMessage.objects.get(template_key="application_correction_request")
    _subject, body = render_message(message.template_key, message.context)
    assert (
        "2026年12月8日（火）までにご提出いただいた場合は、"
        "2026年12月15日（火）開催予定の理事会において入会審査を行う予定です。" in body
    )
    assert "If you resubmit it by Tuesday 8 December 2026" in body


@pytest.mark.django_db
def test_the_acknowledgement_names_the_next_board_meeting():
    MeetingFactory(date=datetime.date(2026, 12, 15))
    application = ApplicationFactory(
        submitted_at=datetime.datetime(2026, 12, 3, 9, 0, tzinfo=TOKYO)
    )
    _enqueue_submission_mails(application)
    message = OutboxMessage.objects.get(template_key="application_received")
    _subject, body = render_message(message.template_key, message.context)
    assert "2. 2026年12月15日（火）開催予定の理事会において入会審査を行う予定です" in body
    assert "at its meeting on Tuesday 15 December 2026" in body


@pytest.mark.django_db
def test_without_a_planned_meeting_the_acknowledgement_says_mid_month():
    application = ApplicationFactory()
    _enqueue_submission_mails(application)
    message = OutboxMessage.objects.get(template_key="application_received")
    _subject, body = render_message(message.template_key, message.context)
    assert "直近の理事会（毎月中旬頃）において入会審査を行います。" in body
    assert "開催予定" not in body


SUMMARY = {
    "reference": "APP-00002",
    "category": "corporate",
    "legal_name": "架空システムズ株式会社",
    "legal_name_kana": "カクウシステムズ",
    "name_en": "",
    "corporate_number": "7900000000002",
    "postal_code": "104-0061",
    "address": "東京都中央区銀座9-9-9",
    "website": "",
    "capital_kind": "plain",
    "share_capital": 500_000_000,
    "parent_name": "",
    "parent_ratio": "",
    "industry": "情報通信業",
    "industry_en": "Telecommunications and IT",
    "ai_role": "both",
    "quoted_total": 600_000,
    "quoted_tier": "regular",
    "contacts": [
        {
            "roles": ["is_member_representative", "is_billing_contact"],
            "name": "見本 太郎",
            "kana": "",
            "department": "",
            "title": "部長",
            "email": "taro@example.jp",
            "phone": "",
        }
    ],
    "mailing_list": [],
    "list_publicly": True,
    "applicant": {"name": "見本 太郎", "title": "", "email": "taro@example.jp"},
    "consents": [
        {
            "title": "定款",
            "title_en": "Articles of association",
            "version": "1.0",
            "agreed_at": "2026-11-29T16:36:00+00:00",
        }
    ],
}


def test_the_application_copy_reads_as_a_person_wrote_it():
    with translation.override("ja"):
        text = summary_text(SUMMARY)
    assert "資本金：500,000,000円" in text
    assert "資本金（円）" not in text and "（regular）" not in text
    assert "会費の目安：正会員（通常枠） 600,000円（入会費と年会費の合計）" in text
    assert "※ 会費は理事会承認日により変わる場合があります。" in text
    assert "同意した文書：定款（第1.0版、2026年11月30日 01:36 同意）" in text
    assert "法人名：架空システムズ株式会社（カクウシステムズ）" in text
    # The contact gave no kana: no empty 「（）」 after the name.
    assert "会員代表者・請求書宛先：見本 太郎 部長 taro@example.jp" in text
    # Nothing not given: no English name, no web site, no mailing list, no empty brackets.
    for absent in ("英文名称", "ウェブサイト", "メーリングリスト", "（）", "\n\n"):
        assert absent not in text
    assert all(line.strip() for line in text.splitlines())


def test_the_application_copy_in_english_has_english_values():
    with translation.override("en"):
        text = summary_text(SUMMARY)
    assert "Industry: Telecommunications and IT" in text
    assert "Capital: ¥500,000,000" in text
    assert "Articles of association (version 1.0, agreed 30 November 2026 01:36)" in text
    assert "情報通信業" not in text and "定款" not in text and "（" not in text


@pytest.mark.django_db
def test_the_summary_keeps_the_industry_in_both_languages():
    industry = IndustryFactory(name="銀行業", name_en="Banking")
    data = application_summary(ApplicationFactory(industry=industry))
    assert (data["industry"], data["industry_en"]) == ("銀行業", "Banking")


@pytest.mark.django_db
def test_the_signature_names_the_secretariat_its_person_and_how_to_reach_it(settings):
    settings.SITE_URL = "https://members.example.org"
    settings.ASSOCIATION = {
        **settings.ASSOCIATION,
        "contact_person": "青木",
        "contact_person_en": "Aoki",
        "phone": "03-1234-5678",
        "email": "office@example.org",
        "website": "https://www.example.org/",
    }
    _subject, body = render_message(
        "membership_issued",
        {
            "addressee": "見本 太郎 様",
            "name": "架空商事株式会社",
            "member_number": "AIGA-0100",
            "category": "regular",
            "admission_date": "2026-12-01",
            "portal_url": "https://members.example.org/portal/",
            "is_expert": False,
        },
    )
    assert "一般社団法人AIガバナンス協会 事務局（担当：青木）" in body
    assert "TEL：03-1234-5678　E-mail：office@example.org" in body
    assert "Aoki\nSecretariat, AI Governance Association" in body
    assert "Tel. 03-1234-5678 / E-mail: office@example.org" in body
    # The association's web site, not this system's address.
    assert "https://www.example.org/\n――" in body
    assert body.count("https://members.example.org") == 2  # the portal link, in each language
