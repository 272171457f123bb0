"""Writing events: the service numbers a series, lays out the All-Hands' segments, asks a
Stand-Up for its organising company, refuses a number taken; registering checks the
audience, the date and the コモンズ ground rule, once per person, each audited."""

import datetime

import pytest
from django.utils import timezone

from aiga.models import AuditEntry
from events.models import Event, Registration
from events.services.events import EventError, event_create, registration_create
from tests.events.factories import EventFactory, kind, soon
from tests.factories import OrganisationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db


def new(key, **fields):
    k = kind(key)
    return Event(kind=k, title=fields.pop("title", "新しい回"), starts_at=soon(), **fields)


def test_a_series_gets_the_next_number_after_the_history():
    actor = UserFactory()
    first = event_create(event=new("spotlight"), actor=actor)
    second = event_create(event=new("spotlight"), actor=actor)
    assert (first.number, second.number) == (7, 8)  # the brochure's six came first
    entry = AuditEntry.objects.get(action="event.create", object_id=str(first.pk))
    assert entry.actor == actor and entry.data == {"kind": "spotlight", "number": 7}


def test_a_series_within_a_kind_counts_on_its_own():
    event = event_create(event=new("spotlight", series="Spotlight 特別編"), actor=None)
    assert event.number == 1


def test_a_number_taken_is_refused_and_nothing_is_saved():
    with pytest.raises(EventError) as error:
        event_create(event=new("spotlight", number=3), actor=None)
    assert error.value.field == "number"
    assert Event.objects.filter(kind__key="spotlight").count() == 6


def test_a_kind_without_a_series_is_not_numbered_and_all_hands_get_their_segments():
    study = event_create(event=new("expert_study"), actor=None)
    assert study.number is None
    all_hands = event_create(event=new("all_hands"), actor=None)
    assert list(all_hands.segments.values_list("title", flat=True)) == [
        "AIGAの活動報告",
        "新規会員の自己紹介",
        "最新のニュースの共有",
        "会員事例紹介（AIガバナンス研究会）",
    ]


def test_a_stand_up_needs_its_organising_company():
    with pytest.raises(EventError) as error:
        event_create(event=new("standup"), actor=None)
    assert error.value.field == "organiser"
    event = event_create(event=new("standup", organiser=OrganisationFactory()), actor=None)
    assert event.organiser is not None


def test_an_event_already_saved_is_not_created_again():
    with pytest.raises(EventError):
        event_create(event=EventFactory(), actor=None)


NOW = timezone.now()


def test_a_member_registers_once_and_it_is_audited():
    user = member_user()
    event = EventFactory()
    registration = registration_create(event=event, user=user, agreed_ground_rule=False, now=NOW)
    assert registration.contact == user.contact and registration.ground_rule_agreed_at is None
    assert AuditEntry.objects.filter(action="event_registration.create").count() == 1
    with pytest.raises(EventError):
        registration_create(event=event, user=user, agreed_ground_rule=False, now=NOW)
    assert Registration.objects.count() == 1


def test_the_commons_ground_rule_must_be_agreed_to():
    user = member_user()
    event = EventFactory(kind=kind("commons"))
    with pytest.raises(EventError) as error:
        registration_create(event=event, user=user, agreed_ground_rule=False, now=NOW)
    assert error.value.field == "agree"
    registration = registration_create(event=event, user=user, agreed_ground_rule=True, now=NOW)
    assert registration.ground_rule_agreed_at == NOW


@pytest.mark.parametrize(
    "make",
    [
        lambda user: EventFactory(audience="invited", invited=[OrganisationFactory()]),
        lambda user: EventFactory(
            starts_at=soon(-3), ends_at=soon(-3) + datetime.timedelta(hours=1)
        ),
        lambda user: EventFactory(kind=kind("external"), audience="public"),
        lambda user: EventFactory(is_published=False),
        lambda user: Event.objects.get(kind__key="spotlight", number=1),  # no date
    ],
    ids=["not invited", "past", "external", "unpublished", "undated"],
)
def test_registering_is_refused(make):
    user = member_user()
    with pytest.raises(EventError):
        registration_create(event=make(user), user=user, agreed_ground_rule=True, now=NOW)
    assert Registration.objects.count() == 0


def test_someone_of_no_member_company_cannot_register_for_a_members_event():
    with pytest.raises(EventError):
        registration_create(
            event=EventFactory(), user=UserFactory(), agreed_ground_rule=False, now=NOW
        )


def test_an_invited_company_registers():
    user = member_user()
    event = EventFactory(audience="invited", invited=[user.contact.organisation])
    assert registration_create(event=event, user=user, agreed_ground_rule=False, now=NOW)
