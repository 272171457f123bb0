"""The secretariat's pages of an event: the reception at the door (search, one tap, works on a
phone; walk-ins added), the online meeting's attendance file, the press to approve, and the
event's counts."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from aiga.exports import csv_bytes
from events import exports, selectors
from events.engagement import default_period
from events.forms import AttendanceImportForm, PeriodForm, WalkInForm
from events.services import agenda
from events.services.attendance import (
    attendance_import,
    registration_check_in,
    registration_check_in_undo,
    registration_walk_in,
)
from events.services.registrations import RegistrationError, guest_approve
from members.roles import SECRETARIAT, group_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


# ------------------------------------------------------------------ the All-Hands' agenda
def _all_hands(pk: int):
    event = _event(pk)
    if event.kind.key != agenda.ALL_HANDS:
        raise Http404
    return event


@require_http_methods(["GET", "POST"])
@group_required(SECRETARIAT)
def agenda_page(request, pk: int):
    """GET: the agenda. POST: fill ② (`fill`), move a row (`up`/`down`), take one off
    (`remove`), or confirm and invite (`confirm`)."""
    event = _all_hands(pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        row_id = request.POST.get("row", "")
        introduction = (
            event.introductions.filter(pk=int(row_id)).first() if row_id.isdigit() else None
        )
        try:
            if action == "fill":
                added = agenda.agenda_fill(event=event, actor=request.user)
                messages.success(request, _("%(n)s社を追加しました。") % {"n": len(added)})
            elif action in ("up", "down") and introduction is not None:
                agenda.agenda_move(introduction=introduction, up=action == "up", actor=request.user)
            elif action == "remove" and introduction is not None:
                agenda.agenda_remove(introduction=introduction, actor=request.user)
            elif action == "confirm":
                invited = agenda.agenda_confirm(event=event, actor=request.user, now=timezone.now())
                messages.success(
                    request,
                    _("アジェンダを確定し、%(n)s社に自己紹介をお願いするメールを送ります。")
                    % {"n": invited},
                )
            else:
                raise Http404
        except RegistrationError as exc:
            messages.error(request, exc.message)
        return redirect("events:agenda", pk=event.pk)
    since, until = agenda.new_member_window(event) if event.starts_at else (None, None)
    return render(
        request,
        "events/staff_agenda.html",
        {
            "event": event,
            "segments": event.segments.select_related("presenter").order_by("order", "id"),
            "rows": selectors.agenda_rows(event),
            "since": since,
        },
    )


@require_safe
@group_required(SECRETARIAT)
def agenda_pdf(request, pk: int):
    event = _all_hands(pk)
    response = HttpResponse(exports.agenda_pdf(event), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="aiga-all-hands-{event.pk}.pdf"'
    return response


@require_safe
@group_required(SECRETARIAT)
def agenda_xlsx(request, pk: int):
    event = _all_hands(pk)
    response = HttpResponse(exports.agenda_xlsx(event), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="aiga-all-hands-{event.pk}.xlsx"'
    return response


# ------------------------------------------------------------------ reports
ENGAGEMENT_HEADER = (
    "会員番号", "会員企業", "参加イベント数", "参加者数", "種類別", "最終参加日", "6か月参加なし",
)  # fmt: skip


def _period(request):
    """The period asked for (the last twelve months by default) and the form, with its
    errors when the dates are not dates."""
    today = timezone.localdate()
    since, until = default_period(today)
    form = PeriodForm(request.GET or {"since": since, "until": until})
    if form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    return form, since, until, today


def _engagement_table(rows) -> list[list]:
    with translation.override("ja"):
        yes = _("該当")
        return [
            [
                row["member_number"],
                row["organisation"],
                row["events"],
                row["people"],
                row["kinds"],
                row["last_attended"] or "",
                yes if row["at_risk"] else "",
            ]
            for row in rows
        ]


@require_safe
@group_required(SECRETARIAT)
def engagement(request):
    form, since, until, today = _period(request)
    rows = selectors.engagement_rows(since=since, until=until, today=today)
    return render(
        request,
        "events/staff_engagement.html",
        {
            "form": form,
            "since": since,
            "until": until,
            "rows": rows,
            "at_risk": [row for row in rows if row["at_risk"]],
            "events": selectors.event_report_rows(since=since, until=until),
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@require_safe
@group_required(SECRETARIAT)
def engagement_csv(request):
    form, since, until, today = _period(request)
    rows = selectors.engagement_rows(since=since, until=until, today=today)
    response = HttpResponse(
        csv_bytes(ENGAGEMENT_HEADER, _engagement_table(rows)), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="aiga-engagement-{until}.csv"'
    return response


@require_safe
@group_required(SECRETARIAT)
def engagement_xlsx(request):
    form, since, until, today = _period(request)
    rows = selectors.engagement_rows(since=since, until=until, today=today)
    data = exports.engagement_xlsx(
        ENGAGEMENT_HEADER, _engagement_table(rows), since=since, until=until
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="aiga-engagement-{until}.xlsx"'
    return response
