"""The pages: the public /events/ (public events and highlights, no personal data), the
member portal's events with their materials, and each material for the event's audience
only — another company, a member not invited and anonymous people get nothing, by the page
or by the file's URL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Registration
from members.roles import BOARD, SECRETARIAT
from tests.events.factories import EventFactory, SpeakerFactory, kind, material, register, soon
from tests.factories import OrganisationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db


def past(days=20):
    start = soon(-days)
    return {"starts_at": start, "ends_at": start + datetime.timedelta(hours=1)}


# ------------------------------------------------------------------ the public page
def test_the_public_page_shows_public_events_and_past_highlights_only(client):
    public = EventFactory(kind=kind("meetup"), audience="public", title="公開のMeetup")
    members_only = EventFactory(title="会員限定の勉強会")
    invited = EventFactory(
        audience="invited", title="招待のみのコモンズ", invited=[OrganisationFactory()]
    )
    draft = EventFactory(audience="public", is_published=False, title="下書きの公開イベント")
    html = client.get("/events/").content.decode()
    assert public.title in html
    assert "一社設立記念シンポジウム" in html and "AIGA Meetup #2" in html  # highlights
    for hidden in (members_only, invited, draft):
        assert hidden.title not in html
    assert "DeepSeekのリスク" not in html  # Spotlight is for members


def test_the_public_pages_show_no_personal_data(client):
    user = member_user()
    user.contact.family_name = "登録者山"
    user.contact.save()
    event = EventFactory(kind=kind("symposium"), audience="public", meeting_url="https://m.jp/x")
    register(event, user)
    SpeakerFactory(event=event, affiliation="架空大学", name="講師", title="教授")
    for url in (
        "/events/",
        f"/events/{event.pk}/",
        "/events/calendar.ics",
        f"/events/{event.pk}.ics",
    ):
        body = client.get(url).content.decode()
        assert "登録者山" not in body and user.email not in body, url
        assert "https://m.jp/x" not in body, url  # the meeting URL: registered only
    assert "架空大学 講師教授" in client.get(f"/events/{event.pk}/").content.decode()


def test_a_members_event_has_no_public_page(client):
    event = EventFactory()
    assert client.get(f"/events/{event.pk}/").status_code == 404


# ------------------------------------------------------------------ the portal
def test_the_portal_lists_upcoming_events_and_past_ones_with_materials(client):
    user = member_user()
    upcoming = EventFactory(title="来月の勉強会")
    done = EventFactory(title="先月のAll-Hands", **past())
    slides = material(done, "活動報告スライド")
    client.force_login(user)
    html = client.get("/portal/events/").content.decode()
    assert upcoming.title in html and done.title in html
    assert f"/events/materials/{slides.pk}/" in html
    assert "AI GA Spotlight #1" in html  # the history, for members
    assert slides.file.name not in html


def test_the_meeting_url_is_shown_to_the_registered_only(client):
    user = member_user()
    event = EventFactory(is_online=True, meeting_url="https://meet.example.jp/secret")
    client.force_login(user)
    assert (
        "meet.example.jp/secret" not in client.get(f"/portal/events/{event.pk}/").content.decode()
    )
    response = client.post(f"/portal/events/{event.pk}/register/")
    assert response.status_code == 302
    assert Registration.objects.filter(event=event, user=user).exists()
    assert "meet.example.jp/secret" in client.get(f"/portal/events/{event.pk}/").content.decode()


def test_registering_for_the_commons_without_agreeing_is_refused_with_a_message(client):
    user = member_user()
    event = EventFactory(kind=kind("commons"))
    client.force_login(user)
    page = client.get(f"/portal/events/{event.pk}/").content.decode()
    assert event.kind.ground_rule in page
    response = client.post(f"/portal/events/{event.pk}/register/", follow=True)
    assert "参加の前提への同意が必要です。" in response.content.decode()
    assert not Registration.objects.exists()
    client.post(f"/portal/events/{event.pk}/register/", {"agree": "1"})
    assert Registration.objects.get().ground_rule_agreed_at is not None


def test_an_invited_event_is_seen_by_invited_companies_only(client):
    invited_user = member_user()
    other_user = member_user()
    event = EventFactory(
        audience="invited", title="招待のみの会", invited=[invited_user.contact.organisation]
    )
    client.force_login(other_user)
    assert event.title not in client.get("/portal/events/").content.decode()
    assert client.get(f"/portal/events/{event.pk}/").status_code == 404
    assert client.post(f"/portal/events/{event.pk}/register/").status_code == 404
    client.force_login(invited_user)
    assert event.title in client.get("/portal/events/").content.decode()
    assert client.get(f"/portal/events/{event.pk}/").status_code == 200


# ------------------------------------------------------------------ materials
@pytest.mark.parametrize(
    ("audience", "who", "expected"),
    [
        ("members", "anonymous", 302),
        ("members", "member", 200),
        ("members", "no company", 404),
        ("members", "director", 404),
        ("members", "secretariat", 200),
        ("invited", "anonymous", 302),
        ("invited", "invited", 200),
        ("invited", "member", 404),  # another company, not invited
        ("invited", "secretariat", 200),
        ("public", "anonymous", 200),
        ("public", "member", 200),
    ],
)
def test_a_material_is_served_to_the_event_s_audience_only(client, audience, who, expected):
    invited_user = member_user()
    event = EventFactory(audience=audience, invited=[invited_user.contact.organisation], **past())
    slides = material(event)
    users = {
        "member": member_user(),
        "invited": invited_user,
        "no company": UserFactory(),
        "director": UserFactory(groups=[BOARD]),
        "secretariat": UserFactory(groups=[SECRETARIAT]),
    }
    if who != "anonymous":
        client.force_login(users[who])
    response = client.get(f"/events/materials/{slides.pk}/")
    assert response.status_code == expected
    if expected == 302:
        assert "/login/" in response["Location"]
    if expected == 200:
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment")
        assert "sandbox" in response["Content-Security-Policy"]
        assert slides.file.name.split("/")[-1] not in response["Content-Disposition"]
    ics = client.get(f"/events/{event.pk}.ics")
    assert ics.status_code == (200 if expected == 200 else expected)


def test_a_material_of_an_unpublished_event_or_a_missing_one_is_not_found(client):
    client.force_login(member_user())
    hidden = material(EventFactory(is_published=False, **past()))
    assert client.get(f"/events/materials/{hidden.pk}/").status_code == 404
    assert client.get("/events/materials/987654/").status_code == 404


def test_the_portal_s_page_never_names_the_storage_path(client):
    event = EventFactory(**past())
    slides = material(event)
    client.force_login(member_user())
    html = client.get(f"/portal/events/{event.pk}/").content.decode()
    assert f"/events/materials/{slides.pk}/" in html
    assert slides.file.name not in html


# ------------------------------------------------------------------ cost
def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(n, organisation):
    for i in range(n):
        event = EventFactory(title=f"規模{i}", **past(i + 1))
        SpeakerFactory(event=event)
        material(event)
        EventFactory(kind=kind("meetup"), audience="public", title=f"公開{i}")
        EventFactory(audience="invited", invited=[organisation], title=f"招待{i}")


def test_the_list_pages_cost_the_same_for_more_events(client):
    user = member_user()
    member = client.__class__()
    member.force_login(user)
    _grow(2, user.contact.organisation)
    _queries(client, "/events/"), _queries(member, "/portal/events/")
    small = (_queries(client, "/events/"), _queries(member, "/portal/events/"))
    _grow(8, user.contact.organisation)
    assert (_queries(client, "/events/"), _queries(member, "/portal/events/")) == small
