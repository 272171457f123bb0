"""The All-Hands' agenda: ② lists the companies issued since the previous All-Hands with
their 会員代表者, reorders, confirms and invites them; PDF and Excel. The engagement report:
attendance per company over a period, members with nothing in six months; CSV and Excel."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from aiga.models import OutboxMessage
from events import engagement
from events.models import Registration
from events.selectors import agenda_rows, engagement_rows, event_report_rows
from events.services import agenda
from events.services.registrations import RegistrationError
from members.roles import SECRETARIAT, grant_groups
from tests.events.factories import EventFactory, kind
from tests.factories import ContactFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def all_hands(days):
    start = NOW + days * DAY
    return EventFactory(kind=kind("all_hands"), starts_at=start, ends_at=start + DAY / 24)


def member(name, issued_days_ago, *, representative=True):
    membership = MembershipFactory(
        organisation__legal_name=name,
        issued_at=NOW - issued_days_ago * DAY,
        admission_date=(NOW - 400 * DAY).date(),
    )
    if representative:
        ContactFactory(
            organisation=membership.organisation,
            family_name="代表",
            is_member_representative=True,
            email=f"rep{membership.pk}@example.jp",
        )
    return membership.organisation


def test_the_agenda_lists_the_members_issued_since_the_previous_all_hands():
    all_hands(-40)  # the previous one, 40 days ago
    event = all_hands(5)
    older = member("前回より前株式会社", 60)
    first = member("新規一号株式会社", 30)
    second = member("新規二号株式会社", 10)
    added = agenda.agenda_fill(event=event, actor=None)
    assert [i.organisation for i in added] == [first, second]
    assert older not in [i.organisation for i in added]
    assert agenda.agenda_fill(event=event, actor=None) == []  # nothing twice
    rows = agenda_rows(event)
    assert [r["organisation"] for r in rows] == ["新規一号株式会社", "新規二号株式会社"]
    assert rows[0]["representative"].startswith("代表")


def test_a_member_admitted_on_the_all_hands_morning_in_tokyo_is_on_its_agenda():
    # 8:00 on 5 January in Tokyo is 23:00 on 4 January in UTC: the day that counts is Tokyo's.
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    start = datetime.datetime(2027, 1, 5, 8, 0, tzinfo=tokyo)
    event = EventFactory(kind=kind("all_hands"), starts_at=start, ends_at=start + DAY / 24)
    membership = MembershipFactory(
        organisation__legal_name="元日明け入会株式会社",
        admission_date=datetime.date(2027, 1, 5),
        issued_at=datetime.datetime(2027, 1, 5, 7, 0, tzinfo=tokyo),
    )
    added = agenda.agenda_fill(event=event, actor=None)
    assert [i.organisation for i in added] == [membership.organisation]


def test_the_secretariat_reorders_confirms_and_the_companies_are_invited_once():
    all_hands(-40)
    event = all_hands(5)
    member("新規一号株式会社", 30)
    member("代表者なし株式会社", 20, representative=False)
    member("新規二号株式会社", 10)
    agenda.agenda_fill(event=event, actor=None)
    last = event.introductions.order_by("order").last()
    agenda.agenda_move(introduction=last, up=True, actor=None)
    assert [r["organisation"] for r in agenda_rows(event)][1] == "新規二号株式会社"
    assert agenda.agenda_confirm(event=event, actor=None, now=NOW) == 2
    assert OutboxMessage.objects.filter(template_key="events.introduction_invitation").count() == 2
    with pytest.raises(RegistrationError):
        agenda.agenda_confirm(event=event, actor=None, now=NOW)
    with pytest.raises(RegistrationError):
        agenda.agenda_fill(event=event, actor=None)


def test_only_an_all_hands_has_this_agenda():
    with pytest.raises(RegistrationError):
        agenda.agenda_fill(event=EventFactory(), actor=None)


@pytest.fixture
def secretariat(client):
    user = UserFactory(is_staff=True)
    grant_groups(user, [SECRETARIAT])
    client.force_login(user)
    return user


def test_the_agenda_exports_as_pdf_and_excel(client, secretariat):
    all_hands(-40)
    event = all_hands(5)
    member("新規一号株式会社", 30)
    client.post(f"/secretariat/events/{event.pk}/agenda/", {"action": "fill"})
    page = client.get(f"/secretariat/events/{event.pk}/agenda/").content.decode()
    assert "新規一号株式会社" in page
    pdf = client.get(f"/secretariat/events/{event.pk}/agenda.pdf")
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/secretariat/events/{event.pk}/agenda.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "新規一号株式会社" in values and "新規会員の自己紹介" in values
    assert client.get(f"/secretariat/events/{EventFactory().pk}/agenda/").status_code == 404


# ------------------------------------------------------------------ the engagement report
@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 12, 4), 6, datetime.date(2026, 6, 4)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 3, 15), 12, datetime.date(2025, 3, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert engagement.months_before(day, months) == expected


@pytest.mark.parametrize(
    ("last", "risk"),
    [(None, True), (datetime.date(2026, 6, 3), True), (datetime.date(2026, 6, 4), False)],
)
def test_six_months_without_attending_is_a_risk(last, risk):
    assert engagement.at_risk(last, today=datetime.date(2026, 12, 4)) is risk


@pytest.mark.parametrize(
    ("member_since", "risk"),
    [
        (datetime.date(2026, 6, 4), True),  # six months a member, never came
        (datetime.date(2026, 6, 5), False),  # not six months yet
        (datetime.date(2026, 11, 20), False),  # joined last month
    ],
)
def test_a_member_of_less_than_six_months_is_not_yet_a_risk(member_since, risk):
    today = datetime.date(2026, 12, 4)
    assert engagement.at_risk(None, today=today, member_since=member_since) is risk


def attend(event, organisation, **fields):
    contact = ContactFactory(organisation=organisation)
    return Registration.objects.create(
        event=event, contact=contact, organisation=organisation, **fields
    )


def test_the_engagement_report_counts_events_kinds_and_people_per_company():
    active = member("よく来る株式会社", 300)
    quiet = member("来ない株式会社", 300)
    study = EventFactory(starts_at=NOW - 20 * DAY, ends_at=NOW - 20 * DAY + DAY / 24)
    hands = all_hands(-50)
    attend(study, active, attendance="attended")
    attend(study, active, attendance="attended")
    attend(hands, active, attendance="attended")
    attend(hands, quiet, attendance="no_show")
    today = timezone.localdate()
    rows = {
        r["organisation"]: r
        for r in engagement_rows(since=today - 90 * DAY, until=today, today=today)
    }
    assert (rows["よく来る株式会社"]["events"], rows["よく来る株式会社"]["people"]) == (2, 3)
    assert "有識者勉強会 1" in rows["よく来る株式会社"]["kinds"]
    assert rows["よく来る株式会社"]["at_risk"] is False
    assert rows["来ない株式会社"]["events"] == 0 and rows["来ない株式会社"]["at_risk"] is True
    report = {e.pk: e for e in event_report_rows(since=today - 90 * DAY, until=today)}
    assert (report[hands.pk].n_attended, report[hands.pk].n_no_shows) == (1, 1)
    assert report[study.pk].n_members == 2 and report[study.pk].n_guests == 0


def test_the_engagement_report_downloads_as_csv_and_excel(client, secretariat):
    member("=HYPERLINK株式会社", 300)  # a name that looks like a formula stays text
    page = client.get("/secretariat/events/engagement/")
    assert page.status_code == 200 and 'data-testid="engagement-rows"' in page.content.decode()
    csv = client.get("/secretariat/events/engagement.csv").content.decode("utf-8-sig")
    assert "会員企業" in csv and "'=HYPERLINK株式会社" in csv
    xlsx = client.get("/secretariat/events/engagement.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value == "会員企業"


def test_a_period_that_is_not_dates_gets_a_field_error(client, secretariat):
    response = client.get("/secretariat/events/engagement/?since=2026-13-01&until=x")
    assert response.status_code == 400 and "is-invalid" in response.content.decode()
    reversed_dates = client.get("/secretariat/events/engagement/?since=2026-12-01&until=2026-01-01")
    assert "終了日は開始日以降にしてください。" in reversed_dates.content.decode()
