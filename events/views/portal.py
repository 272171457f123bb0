"""The member portal's events (a section of members.portal): upcoming events the member may
join, past ones with their materials, registering, and the private calendar's address."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from aiga.feeds import feed_token_for, feed_token_issue
from events import capacity, selectors
from events.calendar import FEED_KIND
from events.services.events import EventError, registration_create
from events.services.registrations import (
    RegistrationError,
    registration_cancel,
    registration_register,
)
from members.scoping import member_required


@member_required
def event_list(request):
    now = timezone.now()
    return render(
        request,
        "events/portal_list.html",
        {
            "upcoming": selectors.member_upcoming(request.user, now=now),
            "past": selectors.member_past(request.user, now=now)[:30],
            "registered": selectors.registered_event_ids(request.user),
            "waitlisted": selectors.waitlisted_event_ids(request.user),
        },
    )


@member_required
def event_detail(request, pk: int):
    event = selectors.visible_event(request.user, pk)
    if event is None:
        raise Http404
    registration = selectors.registration_for(event, request.user)
    now = timezone.now()
    company = list(selectors.company_registrations(event, request.organisation))
    registered_contacts = {r.contact_id for r in company}
    contacts = [
        c
        for c in selectors.registrable_contacts(request.organisation)
        if c.pk not in registered_contacts
    ]
    closed = capacity.registration_closed(
        now=now,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        closes_at=event.registration_closes_at,
    )
    counts = selectors.event_counts(event) if event.capacity else {}
    return render(
        request,
        "events/portal_detail.html",
        {
            "event": event,
            "registration": registration,
            "company_registrations": company,
            "contacts": contacts,
            "is_past": event.is_past(now),
            "can_register": not event.kind.is_external and not closed,
            "places_left": capacity.places_left(
                capacity=event.capacity, confirmed=counts.get("confirmed", 0)
            ),
            "can_cancel": event.starts_at is not None and now < event.starts_at,
        },
    )


@require_POST
@member_required
def event_register(request, pk: int):
    """Register the people ticked (or, with none offered, oneself)."""
    event = selectors.visible_event(request.user, pk)
    if event is None:
        raise Http404
    agreed = request.POST.get("agree") == "1"
    now = timezone.now()
    wanted = request.POST.getlist("contacts")
    try:
        if wanted:
            ids = {int(value) for value in wanted if value.isdigit()}
            contacts = list(selectors.registrable_contacts(request.organisation).filter(pk__in=ids))
            if len(contacts) != len(wanted):
                raise RegistrationError(_("参加する方を選び直してください。"))
            registrations = registration_register(
                event=event,
                organisation=request.organisation,
                contacts=contacts,
                actor=request.user,
                agreed_ground_rule=agreed,
                now=now,
            )
        else:
            registrations = [
                registration_create(
                    event=event, user=request.user, agreed_ground_rule=agreed, now=now
                )
            ]
    except (EventError, RegistrationError) as exc:
        messages.error(request, exc.message)
    else:
        waiting = [r for r in registrations if r.status == r.Status.WAITLISTED]
        if waiting:
            messages.warning(
                request,
                _("定員に達しているため、%(n)s名はキャンセル待ちで承りました。")
                % {"n": len(waiting)},
            )
        if len(waiting) < len(registrations):
            messages.success(request, _("参加登録しました。確認のメールをお送りします。"))
    return redirect("events_portal:detail", pk=event.pk)


@require_POST
@member_required
def registration_cancel_view(request, pk: int):
    """Cancel one of the company's registrations (another company's is not found)."""
    registration = selectors.company_registration(request.organisation, pk)
    if registration is None:
        raise Http404
    try:
        registration_cancel(registration=registration, actor=request.user, now=timezone.now())
    except RegistrationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("参加登録をキャンセルしました。"))
    return redirect("events_portal:detail", pk=registration.event_id)


def feed_url(raw: str) -> str:
    return settings.SITE_URL + reverse("events:private_feed", args=[raw])


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def calendar(request):
    """GET: whether the member has an address. POST: a new one, shown once (only its hash
    is kept); any earlier one stops working."""
    new_url = ""
    if request.method == "POST":
        new_url = feed_url(feed_token_issue(user=request.user, kind=FEED_KIND))
    return render(
        request,
        "events/portal_calendar.html",
        {
            "token": feed_token_for(user=request.user, kind=FEED_KIND),
            "new_url": new_url,
            "webcal_url": new_url.replace("https://", "webcal://", 1)
            if new_url.startswith("https://")
            else "",
        },
    )


def home_card(request) -> dict:
    """The portal home page's card: the next events the member may join."""
    return {"events": selectors.member_upcoming(request.user, now=timezone.now())[:3]}
