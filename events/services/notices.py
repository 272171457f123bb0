"""E-mails the calendar sends: the reminder the day before (to the confirmed, with the online
link), and the thanks with the materials afterwards (to those who came). Each goes once per
registration: the outbox keeps one message per registration and purpose."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aiga.feeds import TOKYO
from events.models import Event, Registration
from events.services.registrations import _notify

Status = Registration.Status


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=TOKYO)
    return start, start + datetime.timedelta(days=1)


def reminders_send(*, now: datetime.datetime) -> int:
    """The day before (in Japan), each confirmed person of an event of tomorrow is reminded."""
    tomorrow = timezone.localtime(now, TOKYO).date() + datetime.timedelta(days=1)
    start, end = _day_bounds(tomorrow)
    rows = (
        Registration.objects.filter(
            status=Status.CONFIRMED,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
            event__is_published=True,
        )
        .select_related("event__kind", "contact__organisation", "user")
        .order_by("pk")
    )
    count = 0
    with transaction.atomic():
        for registration in rows:
            _notify(registration, "events.reminder", purpose="event_reminder")
            count += 1
    return count


def thank_yous_send(*, now: datetime.datetime) -> int:
    """A day after an event (within a week), those who came are thanked, with the links to
    its materials."""
    since, until = now - datetime.timedelta(days=7), now - datetime.timedelta(days=1)
    events = Event.objects.filter(ends_at__gte=since, ends_at__lt=until, is_published=True)
    rows = (
        Registration.objects.filter(event__in=events, attendance=Registration.Attendance.ATTENDED)
        .select_related("event__kind", "contact__organisation", "user")
        .prefetch_related("event__materials")
        .order_by("pk")
    )
    count = 0
    with transaction.atomic():
        for registration in rows:
            materials = [
                {
                    "title": material.title,
                    "url": settings.SITE_URL + reverse("events:material", args=[material.pk])
                    if material.file
                    else material.recording_url,
                }
                for material in registration.event.materials.all()
            ]
            _notify(
                registration, "events.thank_you", purpose="event_thank_you", materials=materials
            )
            count += 1
    return count
