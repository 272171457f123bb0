"""The All-Hands' agenda: its four segments, and ② filled with the companies whose
membership was issued since the previous All-Hands (the register's "current members",
`Membership.issued_at`), each with its 会員代表者. The secretariat reorders and confirms;
confirming invites those companies by e-mail to introduce themselves."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from events.models import AgendaIntroduction, Event
from events.services.registrations import RegistrationError, event_titles
from members.selectors.memberships import current_memberships
from members.selectors.organisations import member_representative

ALL_HANDS = "all_hands"
# With no earlier All-Hands on record, the window reaches this far back.
FIRST_WINDOW = datetime.timedelta(days=31)


def previous_all_hands(event: Event) -> Event | None:
    return (
        Event.objects.filter(kind__key=ALL_HANDS, starts_at__lt=event.starts_at)
        .exclude(pk=event.pk)
        .order_by("-starts_at")
        .first()
    )


def new_member_window(event: Event) -> tuple[datetime.datetime, datetime.datetime]:
    """From the previous All-Hands' start (or a month back) to this one's."""
    previous = previous_all_hands(event)
    since = previous.starts_at if previous else event.starts_at - FIRST_WINDOW
    return since, event.starts_at


def _check(event: Event) -> None:
    if event.kind.key != ALL_HANDS or event.starts_at is None:
        raise RegistrationError(_("全体会（All-Hands）のイベントではありません。"))


def agenda_fill(*, event: Event, actor) -> list[AgendaIntroduction]:
    """Add the companies issued in the window that are not on the agenda yet, after those
    that are (the secretariat's order is kept)."""
    _check(event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.agenda_confirmed_at is not None:
            raise RegistrationError(_("確定済みのアジェンダは変更できません。"))
        since, until = new_member_window(event)
        memberships = (
            current_memberships(on=timezone.localdate(until))  # the day in Tokyo
            .filter(issued_at__gte=since, issued_at__lt=until)
            .select_related("organisation")
            .order_by("issued_at", "pk")
        )
        present = set(event.introductions.values_list("organisation_id", flat=True))
        order = event.introductions.count()
        added = []
        for membership in memberships:
            if membership.organisation_id in present:
                continue
            present.add(membership.organisation_id)
            added.append(
                AgendaIntroduction.objects.create(
                    event=event,
                    organisation=membership.organisation,
                    order=order,
                    issued_at=membership.issued_at,
                )
            )
            order += 1
        audit_log(
            actor=actor,
            action="event_agenda.fill",
            target=event,
            data={"added": [i.organisation_id for i in added]},
        )
    return added


def agenda_move(*, introduction: AgendaIntroduction, up: bool, actor) -> None:
    """Swap an introduction with the one before (up) or after it."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=introduction.event_id)
        if event.agenda_confirmed_at is not None:
            raise RegistrationError(_("確定済みのアジェンダは変更できません。"))
        rows = list(event.introductions.order_by("order", "pk"))
        index = next(i for i, row in enumerate(rows) if row.pk == introduction.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        for position, row in enumerate(rows):
            if row.order != position:
                row.order = position
                row.save(update_fields=["order"])
        audit_log(
            actor=actor,
            action="event_agenda.reorder",
            target=event,
            data={"order": [row.organisation_id for row in rows]},
        )


def agenda_remove(*, introduction: AgendaIntroduction, actor) -> None:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=introduction.event_id)
        if event.agenda_confirmed_at is not None:
            raise RegistrationError(_("確定済みのアジェンダは変更できません。"))
        audit_log(
            actor=actor,
            action="event_agenda.remove",
            target=event,
            data={"organisation": introduction.organisation_id},
        )
        introduction.delete()


def agenda_confirm(*, event: Event, actor, now: datetime.datetime) -> int:
    """Confirm the agenda; each company on ② is asked, through its 会員代表者, to introduce
    itself (once). Returns how many were invited."""
    _check(event)
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("kind").get(pk=event.pk)
        if event.agenda_confirmed_at is not None:
            raise RegistrationError(_("このアジェンダはすでに確定しています。"))
        event.agenda_confirmed_at = now
        event.save(update_fields=["agenda_confirmed_at"])
        invited = 0
        titles = event_titles(event)
        rows = event.introductions.select_related("organisation").order_by("order", "pk")
        for position, introduction in enumerate(rows, start=1):
            representative = member_representative(introduction.organisation)
            if representative is None or not representative.email:
                continue
            outbox_enqueue(
                to=representative.email,
                template_key="events.introduction_invitation",
                purpose="event_introduction",
                target=introduction,
                context={
                    "addressee": representative.addressee,
                    "organisation": introduction.organisation.legal_name,
                    "position": position,
                    "count": len(rows),
                    **titles,
                },
            )
            introduction.invited_at = now
            introduction.save(update_fields=["invited_at"])
            invited += 1
        audit_log(
            actor=actor, action="event_agenda.confirm", target=event, data={"invited": invited}
        )
    return invited
