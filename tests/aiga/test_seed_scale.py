"""seed_scale: a synthetic association at a fraction of today's size, valid under the
models' rules, proportional, deterministic, and never mixed with an existing register."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from stdnum.jp import cn

from billing import numbering
from billing.fiscal import fiscal_year
from billing.models import DocumentSequence, Invoice, Payment
from billing.services.invoices import invoice_issue_new
from members.admissions import workflow
from members.admissions.models import (
    AgendaItem,
    Application,
    ApplicationContact,
    BoardDecision,
    Consent,
)
from members.meeting_dates import monthly_meeting_date
from members.models import BoardMeeting, Contact, MemberListing, Membership, Organisation

pytestmark = pytest.mark.django_db


def _seed(scale="0.1", *args):
    out = io.StringIO()
    call_command("seed_scale", "--scale", scale, *args, stdout=out)
    return out.getvalue()


def _counts():
    return {
        "corporate": Membership.objects.filter(
            category__in=["regular", "smb"], issued_at__isnull=False, status="active"
        ).count(),
        "experts": Membership.objects.filter(category="expert", issued_at__isnull=False).count(),
        "pending": AgendaItem.objects.filter(outcome="pending").count(),
        "invoices": Invoice.objects.invoices().count(),
    }


def test_a_tenth_of_today_is_valid_and_has_every_status():
    output = _seed()
    assert "Scale 0.1" in output and "members.Organisation" in output

    counts = _counts()
    assert counts["corporate"] == 11 and counts["experts"] == 2
    assert counts["pending"] == 2
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(workflow.Status)
    assert set(Invoice.objects.values_list("status", flat=True)) >= {"issued", "paid"}
    assert Invoice.objects.credit_notes().exists()
    assert BoardMeeting.objects.filter(status="planned").count() == 3
    call_command("audit_verify", stdout=io.StringIO())  # its bulk entries are chained too
    for meeting in BoardMeeting.objects.all():  # the 15th, or the next working day
        assert meeting.date == monthly_meeting_date(meeting.date.year, meeting.date.month)

    numbers = list(
        Organisation.objects.exclude(member_number=None)
        .order_by("member_number")
        .values_list("member_number", flat=True)
    )
    assert numbers == [f"AIGA-{n:04d}" for n in range(1, len(numbers) + 1)]
    for number in Organisation.objects.exclude(corporate_number="").values_list(
        "corporate_number", flat=True
    ):
        assert cn.is_valid(number)
    for model in (
        Organisation,
        Membership,
        Contact,
        MemberListing,
        Invoice,
        Payment,
        Application,
        ApplicationContact,
        Consent,
        AgendaItem,
        BoardDecision,
        BoardMeeting,
    ):
        for row in model.objects.order_by("?")[:15]:
            row.full_clean()
    # Every member came through an application, whose first invoice it names.
    members = Application.objects.filter(status="member")
    assert members.count() == Organisation.objects.exclude(member_number=None).count()
    assert members.filter(category="corporate", first_invoice=None).count() == 0


def test_invoice_numbers_follow_their_sequence_and_the_app_continues_it():
    _seed()
    for sequence in DocumentSequence.objects.all():
        prefix = "credit_note" if sequence.series == numbering.CREDIT_NOTE_SERIES else "invoice"
        numbers = sorted(
            Invoice.objects.filter(kind=prefix)
            .filter(number__contains=f"-{sequence.fiscal_year}-")
            .values_list("number", flat=True)
        )
        assert numbers == [
            numbering.format_number(series=sequence.series, fy=sequence.fiscal_year, n=n)
            for n in range(1, sequence.last_number + 1)
        ]
    organisation = Organisation.objects.filter(kind="corporate").exclude(member_number=None)[0]
    today = numbering.tokyo_date()
    sequence = DocumentSequence.objects.get(series="invoice", fiscal_year=fiscal_year(today))
    invoice = invoice_issue_new(
        organisation=organisation,
        lines=[{"description": "追加請求", "quantity": 1, "unit_price": 1000}],
        subject="テスト",
        actor=None,
    )
    assert invoice.number == numbering.format_number(
        series="invoice", fy=fiscal_year(today), n=sequence.last_number + 1
    )


def test_counts_grow_with_the_scale():
    with transaction.atomic():
        _seed("0.1")
        small = _counts()
        transaction.set_rollback(True)
    _seed("0.3")
    large = _counts()
    assert large["corporate"] == 33 and large["experts"] == 6 and large["pending"] == 6
    assert 2.2 * small["invoices"] < large["invoices"] < 3.8 * small["invoices"]


def _snapshot():
    return (
        list(
            Organisation.objects.order_by("member_number", "corporate_number").values_list(
                "legal_name", "legal_name_kana", "corporate_number", "member_number", "address"
            )
        ),
        list(Invoice.objects.order_by("number").values_list("number", "total", "status")),
        list(
            Application.objects.order_by("submitted_at", "corporate_number").values_list(
                "status", "legal_name", "applicant_email"
            )
        ),
        list(Contact.objects.order_by("email").values_list("email", "family_name", "phone")),
    )


def test_the_same_seed_gives_the_same_data():
    snapshots = []
    for seed in ("7", "7", "8"):
        with transaction.atomic():
            _seed("0.1", "--seed", seed, "--today", "2026-12-03")
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert snapshots[0] != snapshots[2]


def test_refuses_a_database_that_holds_organisations():
    Organisation.objects.create(legal_name="株式会社本物", corporate_number="")
    with pytest.raises(CommandError, match="already holds organisations"):
        _seed()
    assert Organisation.objects.count() == 1
    _seed("0.1", "--force")
    assert Organisation.objects.count() > 1


def test_closed_rounds_with_one_submitted_assessment_per_corporate_member():
    from navi import scoring
    from navi.models import NaviAnswer, NaviRound
    from navi.selectors.benchmark import round_figures

    _seed("0.1", "--today", "2026-12-03")
    corporate = _counts()["corporate"]
    rounds = list(NaviRound.objects.order_by("closes_on"))
    # ver1.1 (September 2025) and ver2.0 (April 2026); ver1.0 is a reconstruction.
    assert [r.version.number for r in rounds] == ["1.1", "2.0"]
    for round_ in rounds:
        assert round_.status == "closed"
        assert round_.assessments.filter(status="submitted").count() == corporate
        summary = round_.benchmark["summary"]
        assert summary["companies"] == summary["submitted"] == corporate
        assert round_.benchmark["summary"] == round_figures(round_)["summary"]
        for assessment in round_.assessments.all()[:5]:
            answered = NaviAnswer.objects.filter(assessment=assessment).count()
            applicable = sum(
                1
                for item in round_.version.items.all()
                if scoring.applies(item.applicability, assessment.ai_role)
            )
            assert answered == applicable


def test_a_year_of_events_with_registrations_attendance_and_a_wait_list():
    from events.models import Event, Registration

    _seed("0.1", "--today", "2026-12-03")
    today = datetime.date(2026, 12, 3)
    # Monthly All-Hands and Spotlight from December 2025 to March 2027, and one symposium
    # (November 2026): 16 months × 2 + 1 (beside the association's past events, which the
    # migrations record).
    made = Event.objects.filter(title__contains="（規模）")
    assert made.count() == 33
    assert made.filter(kind__key="symposium", audience="public").count() == 1
    past = Registration.objects.filter(event__starts_at__date__lt=today, category="member")
    upcoming = Registration.objects.filter(event__starts_at__date__gt=today)
    assert (
        past.filter(attendance="attended").exists() and past.filter(attendance="no_show").exists()
    )
    assert not upcoming.exclude(attendance="").exists()  # nobody attended the future
    # The Spotlights' places (3 at this scale) run out: later registrations wait.
    spotlight = Registration.objects.filter(event__kind__key="spotlight")
    assert spotlight.filter(status="waitlisted").exists()
    for event in made.filter(kind__key="spotlight"):
        assert event.registrations.filter(status="confirmed").count() <= event.capacity
    assert Registration.objects.filter(category__in=["guest", "press"]).exists()
