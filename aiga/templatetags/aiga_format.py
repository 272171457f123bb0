"""Formatting as Japanese business documents expect: yen amounts and 2026年4月15日 dates.

Every filter formats in the language active while the template renders, so a document or
an e-mail built under `translation.override(...)` is written in that language whoever
caused it. The outbox stores raw values (ISO dates, integers, codes); these filters are
where they become text.
"""

import datetime

from django import template
from django.utils import timezone, translation

from aiga.dates import date_en, date_ja, date_weekday_en, date_weekday_ja

register = template.Library()


def _english() -> bool:
    return (translation.get_language() or "ja").startswith("en")


def _as_int(value):
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@register.filter
def yen(value):
    """1234567 → ¥1,234,567"""
    amount = _as_int(value)
    if amount is None:
        return "" if value is None or value == "" else value
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,}"


@register.filter
def en(value):
    """1234567 → 1,234,567円"""
    amount = _as_int(value)
    if amount is None:
        return "" if value is None or value == "" else value
    return f"{amount:,}円"


@register.filter
def amount(value):
    """An integer of yen as the active language writes it: 1,234,567円 or ¥1,234,567."""
    return yen(value) if _english() else en(value)


def _parse(value):
    """A date or datetime, or its ISO text as the outbox stores it."""
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            if "T" in value or " " in value.strip():
                return datetime.datetime.fromisoformat(value)
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _tokyo(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _as_date(value):
    """A stored value (ISO text, a date, an aware datetime) as a date in Asia/Tokyo, or None
    when it is not one."""
    parsed = _parse(value)
    if parsed is None:
        return None
    parsed = _tokyo(parsed)
    return parsed.date() if isinstance(parsed, datetime.datetime) else parsed


@register.filter
def jdate(value):
    """A date (or an aware datetime, shown in Asia/Tokyo) as 2026年4月15日 (15 April 2026)."""
    if not value:
        return ""
    day = _as_date(value)
    if day is None:
        return value
    return date_en(day) if _english() else date_ja(day)


@register.filter
def jdate_weekday(value):
    """A date with its day of the week: 2026年12月15日（火） (Tuesday 15 December 2026)."""
    if not value:
        return ""
    day = _as_date(value)
    if day is None:
        return value
    return date_weekday_en(day) if _english() else date_weekday_ja(day)


@register.filter
def jdatetime(value):
    """An aware datetime in Asia/Tokyo as 2026年4月15日 14:05 (15 April 2026 14:05)."""
    if not value:
        return ""
    parsed = _parse(value)
    if parsed is None:
        return value
    if not isinstance(parsed, datetime.datetime):
        return jdate(parsed)
    parsed = _tokyo(parsed)
    return f"{date_en(parsed) if _english() else date_ja(parsed)} {parsed:%H:%M}"


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (e.g. a bound form's raw data); empty when absent."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
