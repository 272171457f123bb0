"""Who came: the secretariat checks people in at the door (and adds those who come without
registering), imports an online meeting's attendance file, and after the event the
registered who did not come are recorded as no-shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from events.attendance import AttendanceFileError, AttendanceRow, attendance_rows
from events.models import Event, Registration
from events.services.registrations import RegistrationError
from members.models import Contact

Status = Registration.Status
Attendance = Registration.Attendance


def registration_check_in(
    *, registration: Registration, actor, now: datetime.datetime
) -> Registration:
    """One tap at the door. Someone on the wait-list who came anyway is let in (the door
    decides); a second tap changes nothing."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (Status.CANCELLED, Status.UNCONFIRMED):
            raise RegistrationError(_("この申込みは受付できません（キャンセル済みまたは未確認）。"))
        if registration.attendance == Attendance.ATTENDED:
            return registration
        registration.attendance = Attendance.ATTENDED
        registration.checked_in_at = now
        registration.save(update_fields=["attendance", "checked_in_at"])
        audit_log(
            actor=actor,
            action="event_registration.check_in",
            target=registration.event,
            data={"registration": registration.pk},
        )
    return registration


def registration_check_in_undo(*, registration: Registration, actor) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.attendance = Attendance.UNKNOWN
        registration.checked_in_at = None
        registration.save(update_fields=["attendance", "checked_in_at"])
        audit_log(
            actor=actor,
            action="event_registration.check_in_undo",
            target=registration.event,
            data={"registration": registration.pk},
        )
    return registration


def registration_walk_in(
    *,
    event: Event,
    name: str,
    organisation_name: str,
    email: str,
    actor,
    now: datetime.datetime,
) -> Registration:
    """Someone who came without registering: a member company's person when the address is
    one of its active contacts, a guest otherwise; checked in at once."""
    contact = (
        Contact.objects.select_related("organisation")
        .filter(email__iexact=email, is_active=True)
        .first()
        if email
        else None
    )
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if contact is not None:
            existing = (
                Registration.objects.filter(event=event, contact=contact)
                .exclude(status=Status.CANCELLED)
                .first()
            )
            if existing is not None:
                return registration_check_in(registration=existing, actor=actor, now=now)
        registration = Registration.objects.create(
            event=event,
            category=Registration.Category.MEMBER if contact else Registration.Category.GUEST,
            contact=contact,
            user=contact.user if contact else None,
            organisation=contact.organisation if contact else None,
            name="" if contact else name,
            organisation_name="" if contact else organisation_name,
            email="" if contact else email,
            status=Status.CONFIRMED,
            is_walk_in=True,
            email_confirmed_at=None,
            attendance=Attendance.ATTENDED,
            checked_in_at=now,
            registered_by=actor,
        )
        audit_log(
            actor=actor,
            action="event_registration.walk_in",
            target=event,
            data={"registration": registration.pk},
        )
    return registration


@dataclass
class ImportResult:
    attended: int = 0
    already: int = 0
    unmatched: list[AttendanceRow] = field(default_factory=list)


def _registrations_by_address(event: Event) -> dict[str, Registration]:
    found: dict[str, Registration] = {}
    rows = (
        Registration.objects.filter(event=event)
        .exclude(status__in=(Status.CANCELLED, Status.UNCONFIRMED))
        .select_related("contact", "user")
    )
    for registration in rows:
        for address in (
            registration.email,
            registration.contact.email if registration.contact_id else "",
            registration.user.email if registration.user_id else "",
        ):
            if address:
                found.setdefault(address.strip().lower(), registration)
    return found


def attendance_import(*, event: Event, data: bytes, actor, now: datetime.datetime) -> ImportResult:
    """An online meeting's attendance file: each row's address that belongs to someone
    registered marks them attended; the rest are reported, nothing is guessed."""
    try:
        rows = attendance_rows(data)
    except AttendanceFileError as exc:
        raise RegistrationError(
            _("メールアドレスの列が見つかりません。出席者一覧のCSVを選んでください。"),
            field="file",
        ) from exc
    result = ImportResult()
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        by_address = _registrations_by_address(event)
        marked: set[int] = set()
        for row in rows:
            registration = by_address.get(row.email.lower()) if row.email else None
            if registration is None:
                result.unmatched.append(row)
                continue
            if registration.pk in marked:
                continue  # someone who joined twice
            marked.add(registration.pk)
            if registration.attendance == Attendance.ATTENDED:
                result.already += 1
                continue
            registration.attendance = Attendance.ATTENDED
            registration.checked_in_at = now
            registration.save(update_fields=["attendance", "checked_in_at"])
            result.attended += 1
        audit_log(
            actor=actor,
            action="event_attendance.import",
            target=event,
            data={
                "attended": result.attended,
                "already": result.already,
                "unmatched": len(result.unmatched),
            },
        )
    return result


def no_shows_record(*, now: datetime.datetime, grace: datetime.timedelta) -> int:
    """The confirmed whose attendance is still unknown a while (`grace`) after their event
    ended are recorded as no-shows. An attendance file imported later still marks them
    attended."""
    ended = Q(ends_at__lt=now - grace) | Q(ends_at__isnull=True, starts_at__lt=now - grace)
    with transaction.atomic():
        rows = Registration.objects.select_for_update().filter(
            status=Status.CONFIRMED,
            attendance=Attendance.UNKNOWN,
            event__in=Event.objects.filter(ended),
        )
        ids = list(rows.values_list("pk", flat=True))
        Registration.objects.filter(pk__in=ids).update(attendance=Attendance.NO_SHOW)
        if ids:
            audit_log(
                actor=None,
                action="event_attendance.no_shows",
                target=None,
                data={"count": len(ids)},
            )
    return len(ids)
