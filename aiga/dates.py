"""Dates as Japanese business documents write them, and in English. Pure: no Django."""

import datetime

MONTHS_EN = (
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


def date_ja(d: datetime.date) -> str:
    """2026年4月15日"""
    return f"{d.year}年{d.month}月{d.day}日"


def date_en(d: datetime.date) -> str:
    """15 April 2026"""
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


WEEKDAYS_JA = "月火水木金土日"
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def date_weekday_ja(d: datetime.date) -> str:
    """2026年12月15日（火）, as a notice names a meeting's day"""
    return f"{date_ja(d)}（{WEEKDAYS_JA[d.weekday()]}）"


def date_weekday_en(d: datetime.date) -> str:
    """Tuesday 15 December 2026"""
    return f"{WEEKDAYS_EN[d.weekday()]} {date_en(d)}"
