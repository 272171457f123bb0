"""The secretariat's pages of an event: the reception at the door (search, one tap, works on a
phone; walk-ins added), the online meeting's attendance file, the press to approve, and the
event's counts."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events import selectors
from events.forms import AttendanceImportForm, WalkInForm
from events.services.attendance import (
    attendance_import,
    registration_check_in,
    registration_check_in_undo,
    registration_walk_in,
)
from events.services.registrations import RegistrationError, guest_approve
from members.roles import SECRETARIAT, group_required


def _event(pk: int):
    event = selectors.event_for_staff(pk)
    if event is None:
        raise Http404
    return event


def _registration(event, registration_id: int):
    registration = selectors.registration_of_event(event, registration_id)
    if registration is None:
        raise Http404
    return registration


@require_safe
@group_required(SECRETARIAT)
def checkin(request, pk: int):
    event = _event(pk)
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "events/staff_checkin.html",
        {
            "event": event,
            "rows": selectors.checkin_rows(event, query=query),
            "query": query,
            "counts": selectors.event_counts(event),
            "walk_in_form": WalkInForm(),
        },
    )


@require_POST
@group_required(SECRETARIAT)
def checkin_tap(request, pk: int, registration_id: int):
    event = _event(pk)
    registration = _registration(event, registration_id)
    try:
        if request.POST.get("undo") == "1":
            registration_check_in_undo(registration=registration, actor=request.user)
        else:
            registration_check_in(registration=registration, actor=request.user, now=timezone.now())
    except RegistrationError as exc:
        messages.error(request, exc.message)
    query = request.POST.get("q", "")[:100]
    url = reverse("events:checkin", args=[event.pk])
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@require_POST
@group_required(SECRETARIAT)
def walk_in(request, pk: int):
    event = _event(pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        registration = registration_walk_in(
            event=event, actor=request.user, now=timezone.now(), **form.cleaned_data
        )
        messages.success(
            request,
            _("%(name)s さんを当日参加として受付しました。") % {"name": registration.person_name},
        )
        return redirect("events:checkin", pk=event.pk)
    return render(
        request,
        "events/staff_checkin.html",
        {
            "event": event,
            "rows": selectors.checkin_rows(event),
            "query": "",
            "counts": selectors.event_counts(event),
            "walk_in_form": form,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
@group_required(SECRETARIAT)
def attendance(request, pk: int):
    event = _event(pk)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = attendance_import(
                event=event,
                data=form.cleaned_data["file"].read(),
                actor=request.user,
                now=timezone.now(),
            )
        except RegistrationError as exc:
            form.add_error("file", exc.message)
    return render(
        request,
        "events/staff_attendance.html",
        {"event": event, "form": form, "result": result, "counts": selectors.event_counts(event)},
    )


@require_POST
@group_required(SECRETARIAT)
def approve(request, pk: int, registration_id: int):
    event = _event(pk)
    registration = _registration(event, registration_id)
    try:
        guest_approve(registration=registration, actor=request.user, now=timezone.now())
    except RegistrationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("参加を承認しました。"))
    return redirect("events:checkin", pk=event.pk)
