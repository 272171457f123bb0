"""Formatting as Japanese business documents expect: yen amounts and 2026年4月15日 dates."""

import datetime

from django import template
from django.utils import timezone, translation

from aiga.dates import date_en, date_ja

register = template.Library()


def _english() -> bool:
    return (translation.get_language() or "ja").startswith("en")


@register.filter
def yen(value):
    """1234567 → ¥1,234,567"""
    if value is None or value == "":
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return value
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,}"


@register.filter
def en(value):
    """1234567 → 1,234,567円"""
    if value is None or value == "":
        return ""
    try:
        return f"{int(value):,}円"
    except (TypeError, ValueError):
        return value


@register.filter
def jdate(value):
    """A date (or an aware datetime, shown in Asia/Tokyo) as 2026年4月15日 (15 April 2026)."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return date_en(value) if _english() else date_ja(value)


@register.filter
def jdatetime(value):
    """An aware datetime in Asia/Tokyo as 2026年4月15日 14:05."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{date_en(value) if _english() else date_ja(value)} {value:%H:%M}"


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (e.g. a bound form's raw data); empty when absent."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
