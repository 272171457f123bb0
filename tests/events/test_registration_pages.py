"""The portal's registration of a company's people, cancelling (another company's is not
found), and a guest's form: the notice of use, field errors, the honeypot, the confirmation."""

import pytest
from django.core.cache import cache

from aiga.models import OutboxMessage
from events.models import Registration
from tests.events.factories import EventFactory
from tests.factories import ContactFactory, member_user

pytestmark = pytest.mark.django_db


def test_a_member_registers_a_colleague_and_is_told_who_waits(client):
    user = member_user()
    colleague = ContactFactory(organisation=user.contact.organisation, family_name="同僚")
    event = EventFactory(capacity=1)
    client.force_login(user)
    page = client.get(f"/portal/events/{event.pk}/").content.decode()
    assert "同僚" in page and 'name="contacts"' in page
    response = client.post(
        f"/portal/events/{event.pk}/register/",
        {"contacts": [user.contact.pk, colleague.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1名はキャンセル待ちで承りました。" in html
    statuses = dict(Registration.objects.values_list("contact_id", "status"))
    assert statuses == {user.contact.pk: "confirmed", colleague.pk: "waitlisted"}


def test_ticking_another_companys_person_registers_nobody(client):
    user = member_user()
    stranger = ContactFactory()
    event = EventFactory()
    client.force_login(user)
    response = client.post(
        f"/portal/events/{event.pk}/register/", {"contacts": [stranger.pk]}, follow=True
    )
    assert "参加する方を選び直してください。" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_member_cancels_its_own_registration_but_not_another_companys(client):
    user = member_user()
    other = member_user()
    event = EventFactory()
    mine = Registration.objects.create(
        event=event, user=user, contact=user.contact, organisation=user.contact.organisation
    )
    theirs = Registration.objects.create(
        event=event, user=other, contact=other.contact, organisation=other.contact.organisation
    )
    client.force_login(user)
    assert client.post(f"/portal/events/registrations/{theirs.pk}/cancel/").status_code == 404
    client.post(f"/portal/events/registrations/{mine.pk}/cancel/")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("cancelled", "confirmed")


def test_an_invited_event_is_refused_by_its_url_to_other_companies(client):
    event = EventFactory(audience="invited", invited=[member_user().contact.organisation])
    client.force_login(member_user())
    assert client.post(f"/portal/events/{event.pk}/register/").status_code == 404
    assert not Registration.objects.exists()


GUEST = {
    "name": "佐藤 花子",
    "organisation_name": "架空新聞社",
    "job_title": "記者",
    "email": "kisha@example.com",
    "category": "press",
    "agree": "on",
}


def test_a_guest_sees_the_notice_of_use_registers_and_confirms(client):
    cache.clear()
    event = EventFactory(audience="public", capacity=10)
    page = client.get(f"/events/{event.pk}/register/").content.decode()
    assert "個人情報の利用目的" in page and "消去します" in page
    response = client.post(f"/events/{event.pk}/register/", GUEST)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "unconfirmed"
    message = OutboxMessage.objects.get(template_key="events.guest_confirm")
    from aiga.outbox import issue_link

    path = issue_link(message)["confirm_url"].split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # a button, nothing confirmed yet
    registration.refresh_from_db()
    assert registration.status == "unconfirmed"
    html = client.post("/" + path).content.decode()
    assert 'data-testid="guest-status"' in html
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_guest_form_with_errors_says_which_field(client):
    cache.clear()
    event = EventFactory(audience="public")
    response = client.post(f"/events/{event.pk}/register/", {**GUEST, "email": "nope", "agree": ""})
    html = response.content.decode()
    assert response.status_code == 200 and html.count("invalid-feedback") >= 2
    assert not Registration.objects.exists()


def test_the_honeypot_keeps_nothing_and_answers_the_same(client):
    cache.clear()
    event = EventFactory(audience="public")
    response = client.post(f"/events/{event.pk}/register/", {**GUEST, "website": "http://spam"})
    assert response.status_code == 302
    assert not Registration.objects.exists() and not OutboxMessage.objects.exists()


def test_over_the_rate_limit_nothing_is_kept(client, settings):
    cache.clear()
    settings.EVENT_GUEST_RATE_PER_IP = "2/h"
    event = EventFactory(audience="public")
    for n in range(4):
        client.post(f"/events/{event.pk}/register/", {**GUEST, "email": f"g{n}@example.com"})
    assert Registration.objects.count() == 2


def test_the_list_says_who_holds_a_place_and_who_waits(client):
    user = member_user()
    organisation = user.contact.organisation
    full = EventFactory(title="満席の回", capacity=0)
    Registration.objects.create(
        event=full, user=user, contact=user.contact, organisation=organisation, status="waitlisted"
    )
    client.force_login(user)
    html = client.get("/portal/events/").content.decode()
    card = html[html.index(f'data-event="{full.pk}"') :][:1200]
    assert "キャンセル待ち" in card and "参加登録済み" not in card
