"""The public events page, a public event's page, the public calendar, each event's .ics,
and a material for whoever the event's audience admits. No personal data: speakers as the
brochure prints them, nobody who registered."""

from __future__ import annotations

import datetime

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from aiga.feeds import calendar_response, feed_token_user
from aiga.files import serve_private_file
from events import selectors
from events.calendar import FEED_KIND, feed_event, url_name_for
from events.models import Event


@require_safe
def event_list(request):
    now = timezone.now()
    return render(
        request,
        "events/public_list.html",
        {
            "upcoming": selectors.public_upcoming(now=now),
            "highlights": selectors.public_highlights(now=now),
        },
    )


@require_safe
def event_detail(request, pk: int):
    event = get_object_or_404(selectors.public_events(), pk=pk)
    return render(request, "events/public_detail.html", {"event": event, "now": timezone.now()})


def _refuse(request):
    """Anonymous people log in first; a logged-in person the event does not admit is told
    it does not exist."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


@require_safe
def event_ics(request, pk: int):
    event = get_object_or_404(Event.objects.select_related("kind"), pk=pk)
    if not selectors.event_visible_to(event, request.user):
        return _refuse(request)
    if event.starts_at is None:
        raise Http404
    response = calendar_response(
        [feed_event(event, url_name=url_name_for(event))], name=event.display_title
    )
    response["Content-Disposition"] = f'attachment; filename="aiga-event-{event.pk}.ics"'
    return response


@require_safe
def public_feed(request):
    since = timezone.now() - datetime.timedelta(days=365)
    events = selectors.public_feed_events(since=since)
    response = calendar_response(
        [feed_event(e, url_name="events:detail") for e in events],
        name=_("AIガバナンス協会 公開イベント"),
    )
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_safe
def private_feed(request, token: str):
    user = feed_token_user(kind=FEED_KIND, raw=token)
    if user is None:
        raise Http404
    since = timezone.now() - datetime.timedelta(days=365)
    events = selectors.registered_events(user, since=since)
    return calendar_response(
        [feed_event(e, url_name=url_name_for(e)) for e in events],
        name=_("AIガバナンス協会 参加登録したイベント"),
    )


@require_safe
def material_download(request, pk: int):
    material = selectors.material_for(pk)
    if material is None or not material.file:
        raise Http404
    event = material.event
    if not selectors.event_visible_to(event, request.user):
        return _refuse(request)
    return serve_private_file(material.file, filename=f"aiga-material-{material.pk}.pdf")
