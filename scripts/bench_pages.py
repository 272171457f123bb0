"""The pages `make bench` measures. A page that lists or aggregates adds itself here (later
issues: the Navi, events, the register…).

Each page: a name, who asks for it (anonymous, member, director, secretariat), its group
(which targets apply: "public" and "portal" by throughput and p99, "staff" by server time
and throughput), and its path — a string, or a function of nothing that looks the path up
in the bench's database (the meeting with the longest agenda, say)."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse


def _busiest_meeting() -> str:
    from members.models import BoardMeeting

    meeting = BoardMeeting.objects.annotate(n=Count("agenda")).order_by("-n", "id").first()
    return reverse("admin:members_boardmeeting_change", args=[meeting.pk])


def _admin(name: str):
    return lambda: reverse(name)


PAGES = [
    {"name": "/", "role": "anonymous", "group": "public", "path": "/"},
    {"name": "/membership/", "role": "anonymous", "group": "public", "path": "/membership/"},
    {
        "name": "/billing/quote/",
        "role": "anonymous",
        "group": "public",
        "path": lambda: (
            "/billing/quote/?category=corporate&capital=500000000&date="
            + (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
        ),
    },
    {"name": "/members/", "role": "anonymous", "group": "public", "path": "/members/"},
    {"name": "/events/", "role": "anonymous", "group": "public", "path": "/events/"},
    {"name": "/portal/", "role": "member", "group": "portal", "path": "/portal/"},
    {"name": "/portal/events/", "role": "member", "group": "portal", "path": "/portal/events/"},
    {"name": "/portal/billing/", "role": "member", "group": "portal", "path": "/portal/billing/"},
    # The company's own details with its 変更届, and its people (issue 28, self-service).
    {"name": "/portal/profile/", "role": "member", "group": "portal", "path": "/portal/profile/"},
    {
        "name": "/portal/profile/people/",
        "role": "member",
        "group": "portal",
        "path": "/portal/profile/people/",
    },
    {
        "name": "admin: change notices",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:members_changenotice_changelist"),
    },
    {"name": "/board/", "role": "director", "group": "staff", "path": "/board/"},
    {
        "name": "admin: a board meeting",
        "role": "secretariat",
        "group": "staff",
        "path": _busiest_meeting,
    },
    {
        "name": "admin: organisations",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:members_organisation_changelist"),
    },
    {
        "name": "admin: memberships",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:members_membership_changelist"),
    },
    {
        "name": "admin: invoices",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:billing_invoice_changelist"),
    },
    {
        "name": "admin: applications",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:admissions_application_changelist"),
    },
    {
        "name": "admin: overview",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:admissions_review_overview"),
    },
    {
        "name": "admin: events",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:events_event_changelist"),
    },
    {
        "name": "admin: audit log",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:aiga_auditentry_changelist"),
    },
]
