"""Registering a company's people: places in order, the wait-list moved up on cancellation
(and told), the limit per company, invited events, closing; no over-booking when people
register at the same moment (PostgreSQL); guests confirming their address, the press
approved; e-mails through the outbox, the reminder once; guests anonymised, counts kept."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.test import override_settings
from django.utils import timezone

from aiga.models import AuditEntry, OutboxMessage
from aiga.outbox import issue_link
from events.models import Registration
from events.selectors import event_counts
from events.services import registrations as services
from events.services.notices import reminders_send, thank_yous_send
from events.services.registrations import RegistrationError
from tests.events.factories import EventFactory, material, soon
from tests.factories import ContactFactory, OrganisationFactory, member_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()
S = Registration.Status


def people(n, organisation=None):
    organisation = organisation or OrganisationFactory()
    return organisation, [ContactFactory(organisation=organisation) for _ in range(n)]


def register(event, organisation, contacts, **kwargs):
    return services.registration_register(
        event=event,
        organisation=organisation,
        contacts=contacts,
        actor=None,
        agreed_ground_rule=kwargs.pop("agreed", False),
        now=kwargs.pop("now", NOW),
    )


def test_a_company_registers_two_people_who_get_the_ics_by_e_mail():
    organisation, (a, b) = people(2)
    event = EventFactory(capacity=10, is_online=True, meeting_url="https://meet.example.jp/x")
    rows = register(event, organisation, [a, b])
    assert [r.status for r in rows] == [S.CONFIRMED, S.CONFIRMED]
    assert {r.organisation for r in rows} == {organisation}
    messages = OutboxMessage.objects.filter(template_key="events.registration_confirmed")
    assert sorted(m.to[0] for m in messages) == sorted([a.email, b.email])
    message = messages.first()
    assert message.attachments[0]["filename"].endswith(".ics")
    assert message.context["meeting_url"] == "https://meet.example.jp/x"
    assert AuditEntry.objects.filter(action="event_registration.create").count() == 2


def test_past_the_capacity_people_wait_and_a_cancellation_moves_the_first_up():
    organisation, (a, b, c) = people(3)
    event = EventFactory(capacity=1, is_online=True, meeting_url="https://meet.example.jp/x")
    first, second, third = (register(event, organisation, [p])[0] for p in (a, b, c))
    assert [first.status, second.status, third.status] == [S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    waiting = OutboxMessage.objects.get(template_key="events.registration_waitlisted", to=[b.email])
    assert "meeting_url" not in waiting.context  # the link goes to the confirmed only
    services.registration_cancel(registration=first, actor=None, now=NOW)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (S.CONFIRMED, S.WAITLISTED)
    promoted = OutboxMessage.objects.get(template_key="events.registration_promoted")
    assert promoted.to == [b.email] and promoted.attachments
    assert event_counts(event)["confirmed"] == 1 and event_counts(event)["waitlisted"] == 1


def test_a_cancelled_registration_cannot_be_cancelled_again_nor_after_the_start():
    organisation, (a,) = people(1)
    event = EventFactory()
    (row,) = register(event, organisation, [a])
    services.registration_cancel(registration=row, actor=None, now=NOW)
    with pytest.raises(RegistrationError):
        services.registration_cancel(registration=row, actor=None, now=NOW)
    (again,) = register(event, organisation, [a])  # registering again after cancelling
    with pytest.raises(RegistrationError):
        services.registration_cancel(registration=again, actor=None, now=event.starts_at)


def test_the_limit_per_company_refuses_the_whole_request():
    organisation, contacts = people(3)
    event = EventFactory(per_organisation_limit=2)
    with pytest.raises(RegistrationError) as error:
        register(event, organisation, contacts)
    assert error.value.field == "contacts"
    assert not Registration.objects.exists()
    register(event, organisation, contacts[:2])
    with pytest.raises(RegistrationError):
        register(event, organisation, contacts[2:])
    other, others = people(2)
    assert len(register(event, other, others)) == 2  # another company has its own limit


def test_the_same_person_twice_is_refused():
    organisation, (a,) = people(1)
    event = EventFactory()
    register(event, organisation, [a])
    with pytest.raises(RegistrationError):
        register(event, organisation, [a])


def test_someone_of_another_company_is_not_registered_by_this_one():
    organisation, _ = people(1)
    _, (stranger,) = people(1)
    with pytest.raises(RegistrationError):
        register(EventFactory(), organisation, [stranger])


def test_an_invited_event_refuses_other_companies():
    invited, (a,) = people(1)
    other, (b,) = people(1)
    event = EventFactory(audience="invited", invited=[invited])
    with pytest.raises(RegistrationError):
        register(event, other, [b])
    assert register(event, invited, [a])


def test_registration_closes_at_its_time():
    organisation, (a,) = people(1)
    event = EventFactory(registration_closes_at=NOW - datetime.timedelta(minutes=1))
    with pytest.raises(RegistrationError) as error:
        register(event, organisation, [a])
    assert "締め切りました" in error.value.message


def test_raising_the_capacity_moves_the_wait_list_up():
    organisation, contacts = people(3)
    event = EventFactory(capacity=1)
    rows = register(event, organisation, contacts)
    event.capacity = 3
    event.save()
    services.event_capacity_changed(event=event, actor=None, now=NOW)
    assert set(Registration.objects.values_list("status", flat=True)) == {S.CONFIRMED}
    assert len(rows) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_people_registering_at_the_same_moment_never_over_book():
    event = EventFactory(capacity=2)
    companies = [people(1) for _ in range(5)]
    barrier = threading.Barrier(len(companies), timeout=20)
    errors: list[BaseException] = []

    def worker(organisation, contacts):
        try:
            barrier.wait()
            register(event, organisation, contacts)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=company) for company in companies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == [S.CONFIRMED] * 2 + [S.WAITLISTED] * 3


# ------------------------------------------------------------------ guests
def public_event(**fields):
    return EventFactory(audience="public", capacity=fields.pop("capacity", 5), **fields)


def guest(event, email="kisha@example.com", category="guest"):
    return services.guest_register(
        event=event,
        name="佐藤 花子",
        organisation_name="架空新聞社",
        job_title="記者",
        email=email,
        category=category,
        now=NOW,
    )


def confirm(registration):
    message = OutboxMessage.objects.filter(template_key="events.guest_confirm").latest("pk")
    url = issue_link(message)["confirm_url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    return services.guest_confirm(token=token, now=NOW)


def test_a_guest_confirms_their_address_and_gets_a_place():
    event = public_event()
    registration = guest(event)
    assert registration.status == S.UNCONFIRMED
    assert event_counts(event)["confirmed"] == 0
    confirmed = confirm(registration)
    assert confirmed.status == S.CONFIRMED and confirmed.email_confirmed_at == NOW
    assert OutboxMessage.objects.filter(
        template_key="events.registration_confirmed", to=["kisha@example.com"]
    ).exists()


def test_a_confirmation_link_that_is_not_one_confirms_nothing():
    guest(public_event())
    assert services.guest_confirm(token="x" * 43, now=NOW) is None
    assert services.guest_confirm(token="", now=NOW) is None


def test_the_press_waits_for_the_secretariats_approval_when_the_event_asks():
    event = public_event(press_requires_approval=True)
    registration = confirm(guest(event, category="press"))
    assert registration.status == S.AWAITING_APPROVAL
    assert not OutboxMessage.objects.filter(template_key="events.registration_confirmed").exists()
    approved = services.guest_approve(registration=registration, actor=None, now=NOW)
    assert approved.status == S.CONFIRMED
    with pytest.raises(RegistrationError):
        services.guest_approve(registration=approved, actor=None, now=NOW)


def test_guests_register_only_for_public_events():
    with pytest.raises(RegistrationError):
        guest(EventFactory(audience="members"))
    with pytest.raises(RegistrationError):
        guest(public_event(), category="member")


@override_settings(EVENT_GUEST_RETENTION_DAYS=30)
def test_guests_are_anonymised_after_the_retention_period_and_the_counts_stay():
    event = public_event(starts_at=soon(-40), ends_at=soon(-40) + datetime.timedelta(hours=1))
    row = Registration.objects.create(
        event=event, category="press", status=S.CONFIRMED, name="佐藤", email="k@example.com",
        organisation_name="架空新聞社", attendance="attended",
    )  # fmt: skip
    recent = public_event()
    kept = Registration.objects.create(
        event=recent, category="guest", status=S.CONFIRMED, name="鈴木", email="s@example.com"
    )
    before = event_counts(event)
    assert services.guests_anonymise(now=NOW) == 1
    row.refresh_from_db()
    kept.refresh_from_db()
    assert (row.name, row.email, row.organisation_name) == ("", "", "")
    assert row.anonymised_at == NOW and kept.name == "鈴木"
    assert event_counts(event) == before
    assert services.guests_anonymise(now=NOW) == 0


# ------------------------------------------------------------------ reminders and thanks
def test_the_reminder_goes_the_day_before_to_the_confirmed_once():
    organisation, (a, b) = people(2)
    tomorrow = NOW + datetime.timedelta(days=1)
    event = EventFactory(
        starts_at=tomorrow, ends_at=tomorrow + datetime.timedelta(hours=1), capacity=1
    )
    register(event, organisation, [a, b])  # b waits
    later = EventFactory(starts_at=soon(5))
    register(later, *people(1))
    assert reminders_send(now=NOW) == 1
    assert reminders_send(now=NOW + datetime.timedelta(hours=1)) == 1
    reminders = OutboxMessage.objects.filter(template_key="events.reminder")
    assert [m.to for m in reminders] == [[a.email]]


def test_those_who_came_are_thanked_with_the_materials():
    organisation, (a, b) = people(2)
    start = NOW - datetime.timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    slides = material(event, "当日のスライド")
    Registration.objects.create(
        event=event, contact=a, organisation=organisation, attendance="attended"
    )
    Registration.objects.create(event=event, contact=b, organisation=organisation)
    assert thank_yous_send(now=NOW) == 1
    thanks = OutboxMessage.objects.get(template_key="events.thank_you")
    assert thanks.to == [a.email]
    assert thanks.context["materials"][0]["title"] == "当日のスライド"
    assert f"/events/materials/{slides.pk}/" in thanks.context["materials"][0]["url"]


def test_a_member_registering_themself_still_works_through_the_old_service():
    from events.services.events import registration_create

    user = member_user()
    registration = registration_create(
        event=EventFactory(), user=user, agreed_ground_rule=False, now=NOW
    )
    assert registration.organisation == user.contact.organisation
