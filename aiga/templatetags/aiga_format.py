"""Formatting as Japanese business documents expect: yen amounts and 2026年4月15日 dates."""

import datetime

from django import template
from django.utils import timezone, translation

register = template.Library()

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


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
    if _english():
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def jdatetime(value):
    """An aware datetime in Asia/Tokyo as 2026年4月15日 14:05."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if _english():
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year} {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
