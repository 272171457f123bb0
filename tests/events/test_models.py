"""The rules the events' records keep by themselves: a speaker's line as the brochure
writes it, who an audience admits, a series' numbers, a date known or marked unconfirmed."""

import pytest
from django.db import IntegrityError, transaction

from events import access, speakers
from events.models import Event, EventMaterial, Speaker
from tests.events.factories import EventFactory, kind
from tests.factories import ContactFactory, OrganisationFactory


@pytest.mark.parametrize(
    ("kind_", "name", "affiliation", "title", "line"),
    [
        (speakers.EXPERT_MEMBER, "殿村", "", "弁護士", "有識者会員 殿村弁護士"),
        (speakers.OUTSIDE, "宇田川", "経済産業省", "調整官", "経済産業省 宇田川調整官"),
        (speakers.OUTSIDE, "渡辺翔太", "野村総合研究所", "", "野村総合研究所 渡辺翔太氏"),
        (speakers.OUTSIDE, "村井", "", "官房副長官（当時）", "村井官房副長官（当時）"),
        (speakers.MEMBER_CONTACT, "青木", "株式会社架空", "部長", "株式会社架空 青木部長"),
        (speakers.EXPERT_MEMBER, "福岡", "どこか", "弁護士", "有識者会員 福岡弁護士"),
    ],
)
def test_a_speaker_is_written_as_the_brochure_writes_one(kind_, name, affiliation, title, line):
    assert (
        speakers.speaker_line(kind=kind_, name=name, affiliation=affiliation, title=title) == line
    )


@pytest.mark.parametrize(
    ("audience", "organisation_id", "invited", "secretariat", "admitted"),
    [
        ("public", None, (), False, True),
        ("public", 1, (), False, True),
        ("members", None, (), False, False),
        ("members", 1, (), False, True),
        ("invited", None, (1,), False, False),
        ("invited", 1, (1, 2), False, True),
        ("invited", 3, (1, 2), False, False),
        ("invited", None, (), True, True),
        ("members", None, (), True, True),
        ("unknown", 1, (1,), False, False),
    ],
)
def test_who_an_audience_admits(audience, organisation_id, invited, secretariat, admitted):
    assert (
        access.audience_admits(
            audience,
            organisation_id=organisation_id,
            invited_ids=invited,
            is_secretariat=secretariat,
        )
        is admitted
    )


@pytest.mark.parametrize(
    ("numbers", "expected"), [((), 1), ((1, 2, 3), 4), ((None, 2), 3), ((6, 1), 7)]
)
def test_the_next_number_of_a_series(numbers, expected):
    assert access.next_number(numbers) == expected


@pytest.mark.django_db
def test_a_number_is_unique_within_its_kind_and_series_only():
    spotlight = kind("spotlight")
    EventFactory(kind=spotlight, series="特別編", number=1)
    EventFactory(kind=kind("meetup"), series="特別編", number=1)  # another kind
    EventFactory(kind=spotlight, series="別シリーズ", number=1)  # another series
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(kind=spotlight, series="特別編", number=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"starts_at": None, "ends_at": None, "date_unconfirmed": True}, True),
        ({"starts_at": None, "ends_at": None, "date_unconfirmed": False}, False),
        ({"date_unconfirmed": True}, False),  # a date and 日付未確認 both
    ],
)
def test_a_date_is_known_or_marked_unconfirmed_never_both_or_neither(fields, ok):
    if ok:
        assert EventFactory(**fields).starts_at is None
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            EventFactory(**fields)


@pytest.mark.django_db
def test_an_event_ends_after_it_starts():
    event = EventFactory.build(kind=kind("meetup"))
    event.ends_at = event.starts_at.replace(hour=event.starts_at.hour - 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


@pytest.mark.django_db
def test_a_material_is_a_file_or_a_recording():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventMaterial.objects.create(event=event, title="空")
    assert EventMaterial.objects.create(event=event, title="録画", recording_url="https://x.jp/v")


@pytest.mark.django_db
def test_a_member_speaker_takes_the_contact_s_name_and_company():
    contact = ContactFactory(
        organisation=OrganisationFactory(legal_name="架空商事株式会社"), family_name="佐藤"
    )
    speaker = Speaker.objects.create(
        event=EventFactory(), kind=Speaker.Kind.MEMBER_CONTACT, contact=contact, title="部長"
    )
    assert speaker.display == "架空商事株式会社 佐藤部長"
    expert = Speaker.objects.create(
        event=EventFactory(), kind=Speaker.Kind.EXPERT_MEMBER, contact=contact, title="弁護士"
    )
    assert expert.display == "有識者会員 佐藤弁護士"
    with pytest.raises(IntegrityError), transaction.atomic():
        Speaker.objects.create(event=EventFactory(), kind=Speaker.Kind.OUTSIDE, name="")


@pytest.mark.django_db
def test_a_series_title_says_which_talk():
    event = Event.objects.get(kind__key="spotlight", number=3)
    assert event.display_title == "AI GA Spotlight #3 経産省発行のAI契約チェックリストについて"
    assert Event.objects.get(kind__key="meetup", number=1).display_title == "AIGA Meetup #1"


@pytest.mark.django_db
def test_an_english_page_shows_the_english_title_and_kind_when_there_are_ones():
    from django.utils import translation

    event = EventFactory(kind=kind("spotlight"), number=9, title="題名", title_en="A title")
    untitled = EventFactory(kind=kind("symposium"), title="日本語だけ")
    with translation.override("en"):
        assert event.display_title == "AI GA Spotlight #9 A title"
        assert untitled.display_title == "日本語だけ"
        assert untitled.kind.label == "Symposium"
    assert event.display_title == "AI GA Spotlight #9 題名"
    assert untitled.kind.label == "シンポジウム"
