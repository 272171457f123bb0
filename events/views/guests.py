"""A public event's registration for guests (press, government, non-members): the form with
how their data is used, the address confirmed by a link. Rate-limited per client IP, with
a honeypot; no outside CAPTCHA. The answer after a POST never says whether an address was
already registered."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from aiga.auth import client_ip_address
from events import capacity, selectors
from events.forms import GuestRegistrationForm
from events.services.registrations import RegistrationError, guest_confirm, guest_register

logger = logging.getLogger(__name__)


def _ip(group, request) -> str:
    return client_ip_address(request) or ""


def _rate(group, request) -> str:
    return settings.EVENT_GUEST_RATE_PER_IP


@require_http_methods(["GET", "POST"])
@ratelimit(group="events.guest", key=_ip, rate=_rate, method="POST", block=False)
def guest_register_view(request, pk: int):
    event = selectors.public_event_for_guests(pk)
    if event is None or event.kind.is_external:
        raise Http404
    now = timezone.now()
    closed = capacity.registration_closed(
        now=now,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        closes_at=event.registration_closes_at,
    )
    form = GuestRegistrationForm(request.POST or None)
    if request.method == "POST" and not closed and form.is_valid():
        if form.is_robot() or getattr(request, "limited", False):
            logger.warning("Guest registration refused (honeypot or rate limit); nothing kept.")
            return redirect("events:guest_sent", pk=event.pk)
        data = form.cleaned_data
        try:
            guest_register(
                event=event,
                name=data["name"],
                organisation_name=data["organisation_name"],
                job_title=data["job_title"],
                email=data["email"],
                category=data["category"],
                now=now,
            )
        except RegistrationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("events:guest_sent", pk=event.pk)
    return render(
        request,
        "events/guest_register.html",
        {
            "event": event,
            "form": form,
            "closed": closed,
            "retention_days": settings.EVENT_GUEST_RETENTION_DAYS,
        },
    )


@require_safe
def guest_sent(request, pk: int):
    event = selectors.public_event_for_guests(pk)
    if event is None:
        raise Http404
    return render(request, "events/guest_sent.html", {"event": event})


@require_http_methods(["GET", "POST"])
def guest_confirm_view(request, token: str):
    """GET shows a button (a mail scanner that opens links confirms nothing); POST confirms."""
    if request.method == "GET":
        return render(request, "events/guest_confirm.html", {"token": token})
    registration = guest_confirm(token=token, now=timezone.now())
    if registration is None:
        return render(request, "events/guest_confirm.html", {"invalid": True}, status=404)
    return render(request, "events/guest_confirm.html", {"registration": registration})
