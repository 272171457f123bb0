"""Writing events: the number of a series assigned by the service, the All-Hands' segments
laid out from its kind, registrations with the ground rule's agreement."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from events import access
from events.models import Event, EventKind, EventSegment, Registration
from events.selectors import event_visible_to
from events.services.registrations import RegistrationError, registration_register
from members.models import Contact
from members.scoping import user_organisation


class EventError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def event_check(*, event: Event, kind: EventKind) -> None:
    """What the kind asks of an event, and a number still free in its series (the admin's
    form asks this before saving, the service again under the kind's lock)."""
    if kind.requires_organiser and event.organiser_id is None:
        raise EventError(_("この種類のイベントには主催会員企業が必要です。"), field="organiser")
    if event.number is not None:
        taken = Event.objects.filter(kind=kind, series=event.series, number=event.number)
        if taken.exclude(pk=event.pk).exists():
            raise EventError(
                _("%(series)s #%(number)s はすでにあります。")
                % {"series": event.series or kind.name, "number": event.number},
                field="number",
            )


def event_create(*, event: Event, actor) -> Event:
    """Save a new event (its fields set, not yet saved): a series' next number when none is
    given, the kind's standard segments, an audit entry."""
    if event.pk is not None:
        raise EventError(_("このイベントはすでに登録されています。"))
    with transaction.atomic():
        kind = EventKind.objects.select_for_update().get(pk=event.kind_id)
        event_check(event=event, kind=kind)
        if event.number is None and kind.is_series:
            taken = Event.objects.filter(kind=kind, series=event.series)
            event.number = access.next_number(taken.values_list("number", flat=True))
        try:
            with transaction.atomic():
                event.save()
        except IntegrityError as exc:
            raise EventError(
                _("イベントを保存できませんでした。番号と日付を確認してください。")
            ) from exc
        segments = (kind.default_segments or []) if kind.has_segments else []
        for order, title in enumerate(segments):
            EventSegment.objects.create(event=event, order=order, title=title)
        audit_log(
            actor=actor,
            action="event.create",
            target=event,
            data={"kind": kind.key, "number": event.number},
        )
    return event


def registration_create(
    *, event: Event, user, agreed_ground_rule: bool, now: datetime.datetime
) -> Registration:
    """A member registers themself (events.services.registrations registers any of the
    company's people)."""
    organisation = user_organisation(user)
    contact = Contact.objects.filter(user=user, is_active=True).first() if organisation else None
    if contact is None or not event_visible_to(event, user):
        raise EventError(_("このイベントには参加登録できません。"))
    try:
        (registration,) = registration_register(
            event=event,
            organisation=organisation,
            contacts=[contact],
            actor=user,
            agreed_ground_rule=agreed_ground_rule,
            now=now,
        )
    except RegistrationError as exc:
        raise EventError(exc.message, field=exc.field) from exc
    return registration
