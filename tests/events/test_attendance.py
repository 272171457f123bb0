"""Who came: one tap at the door, walk-ins, the attendance file matched by address with a
report of what did not match, no-shows recorded; the pages for the secretariat only."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.attendance import attendance_rows
from events.models import Registration
from events.services import attendance as services
from events.services.registrations import RegistrationError
from tests.events.factories import EventFactory
from tests.factories import ContactFactory, OrganisationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db
NOW = timezone.now()

ZOOM = """ミーティングID,トピック,開始時刻
123 4567 8901,テスト,2026/12/01 15:00
名前（元の名前）,ユーザーのメール,参加時刻
山田 太郎,Taro@Example.jp,2026/12/01 15:01
山田 太郎,taro@example.jp,2026/12/01 15:20
知らない人,stranger@example.com,2026/12/01 15:02
電話の参加者,,2026/12/01 15:03
""".encode("cp932")


def test_the_attendance_file_is_read_whatever_its_summary_lines_and_encoding():
    rows = attendance_rows(ZOOM)
    assert [(r.name, r.email) for r in rows][:1] == [("山田 太郎", "Taro@Example.jp")]
    assert len(rows) == 4 and rows[0].line == 4


def registered(event, email):
    contact = ContactFactory(email=email)
    return Registration.objects.create(
        event=event, contact=contact, organisation=contact.organisation
    )


def test_the_import_marks_the_registered_attended_and_reports_the_rest():
    event = EventFactory()
    taro = registered(event, "taro@example.jp")
    absent = registered(event, "absent@example.jp")
    result = services.attendance_import(event=event, data=ZOOM, actor=None, now=NOW)
    assert (result.attended, result.already) == (1, 0)
    assert [row.email for row in result.unmatched] == ["stranger@example.com", ""]
    taro.refresh_from_db()
    absent.refresh_from_db()
    assert taro.attendance == "attended" and absent.attendance == ""
    again = services.attendance_import(event=event, data=ZOOM, actor=None, now=NOW)
    assert (again.attended, again.already) == (0, 1)


def test_a_file_without_an_address_column_is_refused_with_a_field_error():
    with pytest.raises(RegistrationError) as error:
        services.attendance_import(
            event=EventFactory(), data="名前,時刻\n山田,15:00\n".encode(), actor=None, now=NOW
        )
    assert error.value.field == "file"


def test_check_in_walk_in_and_no_shows():
    event = EventFactory(starts_at=NOW - datetime.timedelta(days=2))
    event.ends_at = event.starts_at + datetime.timedelta(hours=1)
    event.save()
    came = registered(event, "came@example.jp")
    missed = registered(event, "missed@example.jp")
    services.registration_check_in(registration=came, actor=None, now=NOW)
    services.registration_check_in(registration=came, actor=None, now=NOW)  # twice: once
    walk = services.registration_walk_in(
        event=event,
        name="飛び込み 一郎",
        organisation_name="架空大学",
        email="",
        actor=None,
        now=NOW,
    )
    assert walk.is_walk_in and walk.attendance == "attended" and walk.category == "guest"
    member = ContactFactory(email="member-walk@example.jp")
    walk_member = services.registration_walk_in(
        event=event, name="", organisation_name="", email="Member-Walk@example.jp", actor=None,
        now=NOW,
    )  # fmt: skip
    assert walk_member.contact == member and walk_member.organisation == member.organisation
    assert services.no_shows_record(now=NOW, grace=datetime.timedelta(days=1)) == 1
    missed.refresh_from_db()
    came.refresh_from_db()
    assert missed.attendance == "no_show" and came.attendance == "attended"


def test_a_cancelled_registration_is_not_checked_in():
    event = EventFactory()
    row = registered(event, "c@example.jp")
    row.status = "cancelled"
    row.save()
    with pytest.raises(RegistrationError):
        services.registration_check_in(registration=row, actor=None, now=NOW)


# ------------------------------------------------------------------ the pages
@pytest.fixture
def secretariat(client):
    from members.roles import SECRETARIAT, grant_groups

    user = UserFactory(is_staff=True)
    grant_groups(user, [SECRETARIAT])
    client.force_login(user)
    return user


def test_the_reception_searches_and_checks_in_with_one_tap(client, secretariat):
    event = EventFactory()
    organisation = OrganisationFactory(legal_name="株式会社受付テスト")
    contact = ContactFactory(organisation=organisation, family_name="受付", given_name="花子")
    row = Registration.objects.create(event=event, contact=contact, organisation=organisation)
    registered(event, "other@example.jp")
    page = client.get(f"/secretariat/events/{event.pk}/checkin/?q=受付テスト").content.decode()
    assert "受付 花子" in page and page.count('data-testid="checkin-row"') == 1
    response = client.post(f"/secretariat/events/{event.pk}/checkin/{row.pk}/", {"q": "受付"})
    assert response.status_code == 302 and "q=" in response["Location"]
    row.refresh_from_db()
    assert row.attendance == "attended"


def test_the_reception_refuses_a_registration_of_another_event(client, secretariat):
    event = EventFactory()
    other = registered(EventFactory(), "x@example.jp")
    response = client.post(f"/secretariat/events/{event.pk}/checkin/{other.pk}/")
    assert response.status_code == 404


def test_a_walk_in_with_a_bad_address_gets_a_field_error(client, secretariat):
    event = EventFactory()
    response = client.post(
        f"/secretariat/events/{event.pk}/walk-in/", {"name": "山田", "email": "not-an-address"}
    )
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_attendance_page_imports_a_file_and_lists_the_unmatched(client, secretariat):
    event = EventFactory()
    registered(event, "taro@example.jp")
    upload = SimpleUploadedFile("zoom.csv", ZOOM, content_type="text/csv")
    page = client.post(f"/secretariat/events/{event.pk}/attendance/", {"file": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "stranger@example.com" in html
    assert 'data-testid="import-result"' in html


@pytest.mark.parametrize("who", ["member", "anonymous"])
def test_the_reception_is_the_secretariats_only(client, who):
    event = EventFactory()
    if who == "member":
        client.force_login(member_user())
    response = client.get(f"/secretariat/events/{event.pk}/checkin/")
    assert response.status_code == (403 if who == "member" else 302)
