"""Registering for an event, and what follows: a member company registers its people (within
the event's limit per company), guests register for public events and confirm their address,
places are taken in order and the rest wait (キャンセル待ち); a cancellation moves the first
waiting up. Every registration locks the event's row, so two people never take the last
place together. E-mails go through the outbox after commit."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.feeds import calendar_build
from aiga.files import private_storage
from aiga.outbox import outbox_enqueue, outbox_link
from events import access, capacity
from events.calendar import feed_event, url_name_for
from events.models import Event, Registration
from members.models import Contact, Organisation

GUEST_LINK_KIND = "event_guest_confirm"
Status = Registration.Status


class RegistrationError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# ------------------------------------------------------------------ shared pieces
def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("kind").get(pk=event.pk)


def _counts(event: Event) -> tuple[int, int]:
    """(confirmed, waiting) of the event, read under its lock."""
    rows = Registration.objects.filter(event=event)
    confirmed = rows.filter(status=Status.CONFIRMED).count()
    waiting = rows.filter(status=Status.WAITLISTED).count()
    return confirmed, waiting


def _check_open(event: Event, now: datetime.datetime) -> None:
    if not event.is_published or event.kind.is_external:
        raise RegistrationError(_("このイベントの参加登録は受け付けていません。"))
    if capacity.registration_closed(
        now=now,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        closes_at=event.registration_closes_at,
    ):
        raise RegistrationError(_("このイベントの参加登録は締め切りました。"))


def event_titles(event: Event) -> dict:
    """The event as the e-mails name it, in each language (raw text for the outbox)."""
    with translation.override("ja"):
        title = event.display_title
    with translation.override("en"):
        title_en = event.display_title
    return {
        "event_title": title,
        "event_title_en": title_en,
        "starts_at": event.starts_at.isoformat() if event.starts_at else "",
        "ends_at": event.ends_at.isoformat() if event.ends_at else "",
        "venue": event.venue,
        "is_online": event.is_online,
        "event_url": settings.SITE_URL + reverse(url_name_for(event), args=[event.pk]),
    }


def _ics_attachment(event: Event) -> dict:
    """The event's .ics, written to private storage for the outbox to attach."""
    with translation.override("ja"):
        data = calendar_build(
            [feed_event(event, url_name=url_name_for(event))], name=event.display_title
        )
    path = private_storage.save(
        f"events/{event.pk}/calendar-{uuid.uuid4().hex}.ics", ContentFile(data)
    )
    return {"path": path, "filename": f"aiga-event-{event.pk}.ics", "mimetype": "text/calendar"}


def _addressee(registration: Registration) -> str:
    if registration.contact_id is not None:
        return registration.contact.addressee
    parts = [registration.organisation_name] if registration.organisation_name else []
    parts.append(f"{registration.name} 様")
    return " ".join(parts)


def _notify(
    registration: Registration,
    template_key: str,
    *,
    purpose: str,
    with_calendar: bool = False,
    **extra,
) -> None:
    """One e-mail about a registration (once per registration and purpose). The confirmed
    get, for an online event, its meeting URL (nobody else does) and, when asked, the
    event's .ics."""
    to = registration.address
    if not to:
        return
    event = registration.event
    context = {
        "addressee": _addressee(registration),
        "person": registration.person_name,
        "is_guest": registration.category != Registration.Category.MEMBER,
        **event_titles(event),
        **extra,
    }
    attachments = []
    if registration.status == Status.CONFIRMED:
        context["meeting_url"] = event.meeting_url if event.is_online else ""
        if with_calendar and event.starts_at is not None:
            attachments.append(_ics_attachment(event))
    outbox_enqueue(
        to=to,
        template_key=template_key,
        purpose=purpose,
        target=registration,
        context=context,
        attachments=attachments,
    )


def _place(event: Event, registrations: Sequence[Registration], now: datetime.datetime) -> None:
    """Give each new registration a place or a place on the wait-list, in order."""
    confirmed, waiting = _counts(event)
    statuses = capacity.statuses_for(
        count=len(registrations), capacity=event.capacity, confirmed=confirmed, waiting=waiting
    )
    for registration, status in zip(registrations, statuses, strict=True):
        registration.status = status
        if status == capacity.WAITLISTED:
            registration.waitlisted_at = now


def _tell_placed(registration: Registration) -> None:
    if registration.status == Status.CONFIRMED:
        _notify(
            registration,
            "events.registration_confirmed",
            purpose="event_confirmed",
            with_calendar=True,
        )
    elif registration.status == Status.WAITLISTED:
        _notify(registration, "events.registration_waitlisted", purpose="event_waitlisted")


# ------------------------------------------------------------------ members
def _admits(event: Event, organisation: Organisation) -> bool:
    invited = (
        set(event.invited_organisations.values_list("pk", flat=True))
        if event.audience == access.INVITED
        else set()
    )
    return access.audience_admits(
        event.audience, organisation_id=organisation.pk, invited_ids=invited
    )


def registration_register(
    *,
    event: Event,
    organisation: Organisation,
    contacts: Sequence[Contact],
    actor,
    agreed_ground_rule: bool,
    now: datetime.datetime,
) -> list[Registration]:
    """Register people of a member company: each takes a place while there is one, the rest
    wait. Refused as a whole when the event does not admit the company (invited events), is
    closed, the company would pass its limit, or someone is already registered."""
    if not contacts:
        raise RegistrationError(_("参加する方を選んでください。"), field="contacts")
    if any(c.organisation_id != organisation.pk or not c.is_active for c in contacts):
        raise RegistrationError(_("参加する方を選び直してください。"), field="contacts")
    with transaction.atomic():
        event = _lock(event)
        if not _admits(event, organisation):
            raise RegistrationError(_("このイベントには参加登録できません。"))
        _check_open(event, now)
        rule = event.kind.ground_rule
        if rule and not agreed_ground_rule:
            raise RegistrationError(_("参加の前提への同意が必要です。"), field="agree")
        active = Registration.objects.filter(event=event).exclude(status=Status.CANCELLED)
        already = [c.full_name for c in contacts if active.filter(contact=c).exists()]
        if already:
            raise RegistrationError(
                _("%(names)s さんはすでに参加登録しています。") % {"names": "、".join(already)},
                field="contacts",
            )
        taken = active.filter(organisation=organisation).count()
        if capacity.over_company_limit(
            limit=event.per_organisation_limit, already=taken, adding=len(contacts)
        ):
            raise RegistrationError(
                _("このイベントは1社%(limit)s名まで（登録済み%(taken)s名）です。")
                % {"limit": event.per_organisation_limit, "taken": taken},
                field="contacts",
            )
        registrations = [
            Registration(
                event=event,
                user=contact.user,
                contact=contact,
                organisation=organisation,
                registered_by=actor,
                category=Registration.Category.MEMBER,
                email_confirmed_at=now,
                ground_rule_agreed_at=now if rule else None,
            )
            for contact in contacts
        ]
        _place(event, registrations, now)
        try:
            with transaction.atomic():
                for registration in registrations:
                    registration.save()
        except IntegrityError as exc:  # a colleague registered the same person meanwhile
            raise RegistrationError(_("すでに参加登録しています。"), field="contacts") from exc
        for registration in registrations:
            audit_log(
                actor=actor,
                action="event_registration.create",
                target=event,
                data={
                    "contact": registration.contact_id,
                    "status": registration.status,
                    "ground_rule_agreed": bool(rule),
                },
            )
            _tell_placed(registration)
    return registrations


def registration_cancel(
    *, registration: Registration, actor, now: datetime.datetime
) -> Registration:
    """Cancel a registration; a place it held goes to the first on the wait-list, who is
    told by e-mail (while the event has not started)."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            raise RegistrationError(_("この参加登録はキャンセル済みです。"))
        if event.starts_at is not None and now >= event.starts_at:
            raise RegistrationError(_("開始後のイベントはキャンセルできません。"))
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        audit_log(
            actor=actor,
            action="event_registration.cancel",
            target=event,
            data={"registration": registration.pk},
        )
        _promote(event, now, actor=actor)
    return registration


def _promote(event: Event, now: datetime.datetime, *, actor) -> list[Registration]:
    confirmed, waiting = _counts(event)
    moving = capacity.promotions(capacity=event.capacity, confirmed=confirmed, waiting=waiting)
    if moving <= 0:
        return []
    promoted = list(
        Registration.objects.filter(event=event, status=Status.WAITLISTED)
        .select_related("event__kind", "contact__organisation", "user")
        .order_by("waitlisted_at", "id")[:moving]
    )
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        audit_log(
            actor=actor,
            action="event_registration.promote",
            target=event,
            data={"registration": registration.pk},
        )
        _notify(
            registration,
            "events.registration_promoted",
            purpose="event_promoted",
            with_calendar=True,
        )
    return promoted


def event_capacity_changed(*, event: Event, actor, now: datetime.datetime) -> list[Registration]:
    """After the secretariat raises the capacity: the wait-list moves up into the new places."""
    with transaction.atomic():
        event = _lock(event)
        if event.is_past(now):
            return []
        return _promote(event, now, actor=actor)


# ------------------------------------------------------------------ guests
def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def guest_register(
    *,
    event: Event,
    name: str,
    organisation_name: str,
    job_title: str,
    email: str,
    category: str,
    now: datetime.datetime,
) -> Registration:
    """A guest's registration for a public event, waiting for them to confirm their address
    by the link e-mailed to them. A second request for the same address sends a new link."""
    if category not in (
        Registration.Category.PRESS,
        Registration.Category.GOVERNMENT,
        Registration.Category.GUEST,
    ):
        raise RegistrationError(_("区分を選んでください。"), field="category")
    with transaction.atomic():
        event = _lock(event)
        if event.audience != access.PUBLIC:
            raise RegistrationError(_("このイベントには参加登録できません。"))
        _check_open(event, now)
        existing = (
            Registration.objects.filter(event=event, email__iexact=email)
            .exclude(status=Status.CANCELLED)
            .first()
        )
        if existing is not None and existing.status != Status.UNCONFIRMED:
            # Said on the page as for a new one: whether an address registered is not told.
            return existing
        registration = existing or Registration.objects.create(
            event=event,
            category=category,
            status=Status.UNCONFIRMED,
            name=name,
            organisation_name=organisation_name,
            job_title=job_title,
            email=email,
        )
        audit_log(
            actor=None,
            action="event_registration.guest",
            target=event,
            data={"registration": registration.pk, "category": category},
        )
        outbox_enqueue(
            to=email,
            template_key="events.guest_confirm",
            purpose="event_guest_confirm",
            idempotency_key=f"event_guest_confirm:{registration.pk}:{now.timestamp()}",
            target=registration,
            context={
                "addressee": _addressee(registration),
                **event_titles(event),
                "link": outbox_link(GUEST_LINK_KIND, registration.pk),
            },
        )
    return registration


def guest_link_issue(*, object_id: int, secret: str) -> dict | None:
    """The outbox sends a guest's confirmation link: only the hash of `secret` is kept."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(pk=object_id, status=Status.UNCONFIRMED)
            .first()
        )
        if registration is None:
            return None
        registration.confirm_token_hash = _token_hash(secret)
        registration.save(update_fields=["confirm_token_hash"])
    url = settings.SITE_URL + reverse("events:guest_confirm", args=[secret])
    return {"confirm_url": url}


def guest_confirm(*, token: str, now: datetime.datetime) -> Registration | None:
    """The guest opened their link: a place (or the wait-list), or the secretariat's approval
    first for the press when the event asks for it. None for a link that is not one."""
    if not token:
        return None
    found = Registration.objects.filter(confirm_token_hash=_token_hash(token)).first()
    if found is None:
        return None
    with transaction.atomic():
        event = _lock(found.event)
        registration = Registration.objects.select_for_update().get(pk=found.pk)
        if registration.status != Status.UNCONFIRMED:
            return registration
        registration.email_confirmed_at = now
        if registration.category == Registration.Category.PRESS and event.press_requires_approval:
            registration.status = Status.AWAITING_APPROVAL
        else:
            _place(event, [registration], now)
        registration.save(update_fields=["email_confirmed_at", "status", "waitlisted_at"])
        audit_log(
            actor=None,
            action="event_registration.confirm",
            target=event,
            data={"registration": registration.pk, "status": registration.status},
        )
        _tell_placed(registration)
    return registration


def guest_approve(*, registration: Registration, actor, now: datetime.datetime) -> Registration:
    """The secretariat approves a member of the press: a place, or the wait-list."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.AWAITING_APPROVAL:
            raise RegistrationError(_("承認待ちの申込みではありません。"))
        _place(event, [registration], now)
        registration.save(update_fields=["status", "waitlisted_at"])
        audit_log(
            actor=actor,
            action="event_registration.approve",
            target=event,
            data={"registration": registration.pk},
        )
        _tell_placed(registration)
    return registration


def guests_anonymise(*, now: datetime.datetime) -> int:
    """Guests' names and addresses of events over for longer than the retention period
    (EVENT_GUEST_RETENTION_DAYS) are erased; the rows stay, so the counts do not change."""
    cutoff = now - datetime.timedelta(days=settings.EVENT_GUEST_RETENTION_DAYS)
    with transaction.atomic():
        rows = (
            Registration.objects.select_for_update()
            .exclude(category=Registration.Category.MEMBER)
            .filter(anonymised_at__isnull=True, event__starts_at__lt=cutoff)
        )
        ids = list(rows.values_list("pk", flat=True))
        Registration.objects.filter(pk__in=ids).update(
            name="",
            organisation_name="",
            job_title="",
            email="",
            confirm_token_hash="",
            anonymised_at=now,
        )
        if ids:
            audit_log(
                actor=None,
                action="event_registration.anonymise",
                target=None,
                data={"count": len(ids)},
            )
    return len(ids)
