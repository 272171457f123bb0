"""The events' periodic work (beat): the day-before reminders, the thanks afterwards with
no-shows recorded, and guests' particulars anonymised after the retention period."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from events.services.attendance import no_shows_record
from events.services.notices import reminders_send, thank_yous_send
from events.services.registrations import guests_anonymise


@shared_task
def events_reminders() -> int:
    return reminders_send(now=timezone.now())


@shared_task
def events_after() -> dict:
    now = timezone.now()
    return {
        "no_shows": no_shows_record(now=now, grace=datetime.timedelta(days=1)),
        "thank_yous": thank_yous_send(now=now),
    }


@shared_task
def events_guests_anonymise() -> int:
    return guests_anonymise(now=timezone.now())
