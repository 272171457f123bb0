"""Every outbox context holds raw values only: ISO dates, integers of yen, codes, names.
The templates write them out in the language they render (issue 10). Checked over the
messages the whole demo sends, which use every template the apps declare."""

import datetime
import re

import pytest
from django.core.management import call_command

from aiga.mail import registered_defaults, render_message
from aiga.models import OutboxMessage

pytestmark = pytest.mark.django_db

FORMATTED = {
    "a Japanese date": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    "yen with 円": re.compile(r"\d[\d,]*円"),
    "yen with ¥": re.compile(r"¥\s?\d"),
    "an English date": re.compile(
        r"\d{1,2} (January|February|March|April|May|June|July|August|September|October"
        r"|November|December) \d{4}"
    ),
    "a local date-time": re.compile(r"\d{4}[-/]\d{1,2}[-/]\d{1,2} \d{1,2}:\d{2}"),
    "a pre-joined list": re.compile(r"\n・"),
}
# The invoice's own lines are the immutable document's text, quoted as they were issued
# (「年会費（2025年10月1日～2026年9月30日）」); they are data, not a formatted value.
DOCUMENT_TEXT = re.compile(r"^context\.lines\[\d+\]\.description$")


def problems(value, path="context"):
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += problems(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += problems(item, f"{path}[{index}]")
    elif isinstance(value, str):
        if not DOCUMENT_TEXT.match(path):
            found += [
                f"{path} holds {name}: {value!r}"
                for name, p in FORMATTED.items()
                if p.search(value)
            ]
    elif not (value is None or isinstance(value, bool | int)):
        found.append(f"{path} is a {type(value).__name__}")
    return found


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {
                "due": "2026-12-30",
                "total": 150000,
                "lines": [{"description": "入会費（2026年4月1日～）"}],
            },
            0,
        ),
        ({"due": "2026年12月30日"}, 1),
        ({"total": "150,000円"}, 1),
        ({"total": "¥150,000"}, 1),
        ({"at": "30 December 2026"}, 1),
        ({"at": "2026-12-30 18:00"}, 1),
        ({"list": "・A\n・B"}, 1),
        ({"nested": [{"when": "2026年1月5日"}]}, 1),
    ],
)
def test_the_check_itself_finds_formatted_values(value, expected):
    assert len(problems(value)) == expected


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
    invoice_cancel(invoice=invoice, actor=None, reason="宛名の誤り")
    lockout_notify(
        username="member-bank@example.jp",
        ip_address="198.51.100.7",
        attempted_at=datetime.datetime.combine(today, datetime.time(1, 30), tzinfo=datetime.UTC),
    )
    assert password_reset_request(email="member-bank@example.jp")
    _meeting_moved(today)


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


def test_every_context_the_demo_writes_holds_raw_values_only(demo_messages):
    assert len(demo_messages) > 20
    found = [f"{m.template_key}: {p}" for m in demo_messages for p in problems(m.context)]
    assert found == []


def test_the_demo_uses_every_template_and_each_renders_in_both_languages(demo_messages):
    used = {m.template_key for m in demo_messages}
    declared = set(registered_defaults()) - {"generic_notice"}
    missing = declared - used
    # A new template fails here until the fixture sends it.
    assert missing == set(), missing
    for message in demo_messages:
        for language in ("ja", "en"):
            subject, body = render_message(message.template_key, message.context, language)
            assert subject and body
            assert "{{" not in body and "{%" not in body
            if language == "en" and registered_defaults()[message.template_key].body_en:
                assert not FORMATTED["a Japanese date"].search(body.split("Dear", 1)[-1]), body
