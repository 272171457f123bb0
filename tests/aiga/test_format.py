import datetime

import pytest
from django.utils import translation

from aiga.templatetags.aiga_format import en, jdate, jdatetime, yen


@pytest.mark.parametrize(
    ("value", "expected"), [(0, "¥0"), (1234567, "¥1,234,567"), (-5000, "-¥5,000"), (None, "")]
)
def test_yen(value, expected):
    assert yen(value) == expected


def test_en_suffix():
    assert en(600000) == "600,000円"


def test_dates_in_japanese_and_english():
    day = datetime.date(2026, 4, 15)
    with translation.override("ja"):
        assert jdate(day) == "2026年4月15日"
    with translation.override("en"):
        assert jdate(day) == "15 April 2026"


def test_datetime_is_shown_in_tokyo_time():
    utc = datetime.datetime(2026, 9, 30, 23, 30, tzinfo=datetime.UTC)
    with translation.override("ja"):
        assert jdatetime(utc) == "2026年10月1日 08:30"
        assert jdate(utc) == "2026年10月1日"


def test_a_date_with_its_day_of_the_week():
    from django.utils import translation

    from aiga.templatetags.aiga_format import jdate_weekday

    with translation.override("ja"):
        assert jdate_weekday("2026-12-15") == "2026年12月15日（火）"
        assert jdate_weekday("2027-01-03T23:30:00+00:00") == "2027年1月4日（月）"  # Tokyo
        assert jdate_weekday("") == "" and jdate_weekday("not a date") == "not a date"
    with translation.override("en"):
        assert jdate_weekday("2026-12-15") == "Tuesday 15 December 2026"
