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
from members.models import Contact


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
    """Register a member for an event they may join: not past, not a record of an external
    appearance, and with the kind's ground rule (AIGコモンズ) agreed to."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("kind").get(pk=event.pk)
        if not event_visible_to(event, user):
            raise EventError(_("このイベントには参加登録できません。"))
        if event.kind.is_external or event.starts_at is None or event.is_past(now):
            raise EventError(_("このイベントの参加登録は受け付けていません。"))
        rule = event.kind.ground_rule
        if rule and not agreed_ground_rule:
            raise EventError(_("参加の前提への同意が必要です。"), field="agree")
        if Registration.objects.filter(event=event, user=user).exists():
            raise EventError(_("すでに参加登録しています。"))
        registration = Registration.objects.create(
            event=event,
            user=user,
            contact=Contact.objects.filter(user=user).first(),
            ground_rule_agreed_at=now if rule else None,
        )
        audit_log(
            actor=user,
            action="event_registration.create",
            target=event,
            data={"ground_rule_agreed": bool(rule)},
        )
    return registration
