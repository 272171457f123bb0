"""The brochure's history, loaded by data migration: the six Spotlight talks with their
numbers, titles and speakers (no dates: 日付未確認), the Meetups, the symposiums and the
external events on their dates, and the kinds the secretariat starts from."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, EventKind

pytestmark = pytest.mark.django_db


def test_every_kind_of_the_brochure_is_there_as_data():
    kinds = {k.key: k for k in EventKind.objects.all()}
    assert set(kinds) >= {
        "all_hands",
        "kenkyukai",
        "expert_study",
        "standup",
        "commons",
        "spotlight",
        "meetup",
        "symposium",
        "external",
    }
    assert kinds["all_hands"].has_segments and len(kinds["all_hands"].default_segments) == 4
    assert kinds["all_hands"].default_segments[3] == "会員事例紹介（AIガバナンス研究会）"
    assert kinds["commons"].ground_rule
    assert kinds["standup"].requires_organiser
    assert kinds["spotlight"].is_series and kinds["meetup"].is_series
    assert kinds["spotlight"].name == "AI GA Spotlight"
    assert kinds["meetup"].default_audience == "public"
    assert kinds["external"].is_external


def test_the_six_spotlight_talks_with_their_speakers_and_no_invented_date():
    talks = Event.objects.filter(kind__key="spotlight", number__lte=6).order_by("number")
    assert [t.number for t in talks] == [1, 2, 3, 4, 5, 6]
    assert all(t.date_unconfirmed and t.starts_at is None for t in talks)
    speakers = [t.speakers.get().display for t in talks]
    assert speakers == [
        "有識者会員 殿村弁護士",
        "シスコシステムズ 大柴理事",
        "経済産業省 宇田川調整官",
        "有識者会員 福岡弁護士",
        "野村総合研究所 渡辺翔太氏",
        "中央大学 実積教授",
    ]
    assert talks[5].title == "施行が進むEU AI Act、対応のポイント"


@pytest.mark.parametrize(
    ("kind", "title", "day"),
    [
        ("meetup", "AIGA Meetup #1", datetime.date(2024, 3, 21)),
        ("meetup", "AIGA Meetup #2", datetime.date(2025, 3, 17)),
        ("symposium", "一社設立記念シンポジウム", datetime.date(2024, 10, 25)),
        ("symposium", "年次シンポジウム", datetime.date(2025, 11, 28)),
        ("external", "自民党AIPT登壇", datetime.date(2024, 2, 21)),
        ("external", "駐日EU代表部イベント", datetime.date(2024, 4, 19)),
        ("external", "村井官房副長官（当時）との対談イベント", datetime.date(2024, 6, 17)),
        ("external", "記者発表会", datetime.date(2024, 12, 19)),
    ],
)
def test_the_dated_history_on_its_day_in_tokyo_without_an_invented_time(kind, title, day):
    event = Event.objects.get(kind__key=kind, title=title)
    assert timezone.localtime(event.starts_at).date() == day
    assert event.time_unconfirmed and not event.date_unconfirmed
    assert event.audience == "public"


def test_the_annual_symposium_counts_its_participants_and_the_press_is_recorded():
    annual = Event.objects.get(title="年次シンポジウム")
    assert "180名以上" in annual.participants_note
    founding = Event.objects.get(title="一社設立記念シンポジウム")
    assert set(founding.press.values_list("outlet", flat=True)) == {
        "EnterpriseZine",
        "NIKKEI Tech Foresight",
        "日経XTECH",
    }
    assert Event.objects.get(kind__key="meetup", number=2).number == 2
