"""The pages `make bench` measures. A page that lists or aggregates adds itself here (later
issues: events, the register…); the Navi's member needs `navi_prepare` first.

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


def _document_to_accept() -> str:
    """The version members are asked to accept, with who has and has not (a new version of
    the 会員規程 is made when the data has none)."""
    from members.admissions.models import AgreementDocument

    document = AgreementDocument.objects.filter(members_must_accept=True).first()
    if document is None:
        current = AgreementDocument.objects.filter(kind="membership_rules").first()
        document = AgreementDocument.objects.create(
            kind="membership_rules",
            title=current.title if current else "会員規程",
            version="bench",
            full_text="改定後の会員規程。",
            effective_date=datetime.date.today(),
            members_must_accept=True,
        )
    return reverse("admin:admissions_agreementdocument_change", args=[document.pk])


def _busiest_event(name: str, **filters):
    """A page of the event with the most registrations (the reception's longest list)."""

    def path():
        from events.models import Event

        event = (
            Event.objects.filter(**filters)
            .annotate(n=Count("registrations"))
            .order_by("-n", "id")
            .first()
        )
        return reverse(name, args=[event.pk])

    return path


def _admin(name: str):
    return lambda: reverse(name)


def _renewal_preview() -> str:
    """Next fiscal year's renewal preview: every member listed, none issued yet."""
    from billing.fiscal import fiscal_year

    year = fiscal_year(datetime.date.today()) + 1
    return reverse("admin:billing_renewalrun_preview") + f"?fiscal_year={year}"


def navi_prepare(user) -> None:
    """The bench's member answers the Navi: a respondent whose company has submitted its
    assessment of the latest version (every applicable item answered)."""
    from navi import scoring
    from navi.models import NaviAssessment
    from navi.selectors.versions import current_version
    from navi.services import assessments as services

    contact = user.contact
    if not contact.is_navi_respondent:
        contact.is_navi_respondent = True
        contact.save(update_fields=["is_navi_respondent"])
    organisation = contact.organisation
    if NaviAssessment.objects.filter(organisation=organisation).exists():
        return
    version = current_version()
    assessment = services.assessment_start(organisation=organisation, version=version, actor=user)
    assessment = services.assessment_set_profile(
        assessment=assessment, ai_role="both", use_cases="社内向け生成AIチャット", actor=user
    )
    for area in version.areas.all():
        for item in area.items.all():
            if scoring.applies(item.applicability, assessment.ai_role):
                services.answer_save(
                    assessment=assessment,
                    item=item,
                    level=list(item.levels.all())[2],
                    comment="規程を整備し、年1回の研修で周知している。",
                    evidence_url="",
                    actor=user,
                )
    services.assessment_submit(assessment=assessment, actor=user)


def _navi(name: str, *args):
    """A page of the member's Navi assessment (the one a respondent with a log-in has)."""

    def path():
        from navi.models import NaviAssessment

        assessment = (
            NaviAssessment.objects.filter(
                organisation__contacts__is_navi_respondent=True,
                organisation__contacts__user__isnull=False,
            )
            .order_by("pk")
            .first()
        )
        return reverse(f"navi_portal:{name}", args=[assessment.pk, *args])

    return path


def _round_report() -> str:
    """The report of the closed round with the most assessments; with none (the tests'
    data), a round of the current version is closed holding its submitted assessments."""
    from navi.models import NaviAssessment, NaviRound
    from navi.selectors.versions import current_version
    from navi.services.rounds import round_close, round_open, round_schedule

    round_ = (
        NaviRound.objects.filter(status="closed")
        .annotate(n=Count("assessments"))
        .order_by("-n", "-pk")
        .first()
    )
    if round_ is None:
        today = datetime.date.today()
        round_ = round_schedule(
            version=current_version(),
            title_ja="ベンチ用の一斉自己診断",
            opens_on=today - datetime.timedelta(days=30),
            closes_on=today - datetime.timedelta(days=1),
            actor=None,
        )
        round_ = round_open(round_=round_, actor=None)
        # The companies' submitted assessments become the round's, in place of the empty
        # ones its opening gave them.
        submitted = NaviAssessment.objects.filter(
            version=round_.version, status="submitted", round__isnull=True
        )
        round_.assessments.filter(
            status="in_progress", organisation__in=submitted.values("organisation")
        ).delete()
        submitted.update(round=round_)
        round_ = round_close(round_=round_, actor=None)
    return reverse("navi:round_report", args=[round_.pk])


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
    {
        "name": "/portal/events/: an event",
        "role": "member",
        "group": "portal",
        "path": _busiest_event("events_portal:detail", audience="members"),
    },
    # Issue 27: the reception at the door and the attendance file, for the secretariat.
    {
        "name": "/secretariat/events/: the reception",
        "role": "secretariat",
        "group": "staff",
        "path": _busiest_event("events:checkin"),
    },
    {
        "name": "/secretariat/events/: attendance",
        "role": "secretariat",
        "group": "staff",
        "path": _busiest_event("events:attendance"),
    },
    {
        "name": "/secretariat/events/: an All-Hands' agenda",
        "role": "secretariat",
        "group": "staff",
        "path": _busiest_event("events:agenda", kind__key="all_hands", starts_at__isnull=False),
    },
    {
        "name": "/secretariat/events/engagement/",
        "role": "secretariat",
        "group": "staff",
        "path": "/secretariat/events/engagement/",
    },
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
    # Issue 28, papers and withdrawal.
    {
        "name": "/portal/certificate/",
        "role": "member",
        "group": "portal",
        "path": "/portal/certificate/",
    },
    {
        "name": "/portal/admissions/",
        "role": "member",
        "group": "portal",
        "path": "/portal/admissions/",
    },
    {
        "name": "/portal/withdrawal/",
        "role": "member",
        "group": "portal",
        "path": "/portal/withdrawal/",
    },
    {"name": "/portal/navi/", "role": "member", "group": "portal", "path": "/portal/navi/"},
    {
        "name": "/portal/navi/: an area",
        "role": "member",
        "group": "portal",
        "path": _navi("area", "transparency"),
    },
    {
        "name": "/portal/navi/: the report",
        "role": "member",
        "group": "portal",
        "path": _navi("result"),
    },
    {
        "name": "/portal/navi/: the report's Excel",
        "role": "member",
        "group": "portal",
        "path": _navi("result_xlsx"),
    },
    {
        "name": "/portal/navi/: the round's benchmark",
        "role": "member",
        "group": "portal",
        "path": _navi("benchmark"),
    },
    {
        "name": "navi: a closed round's report",
        "role": "secretariat",
        "group": "staff",
        "path": _round_report,
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
        "name": "admin: renewal preview (年会費請求)",
        "role": "secretariat",
        "group": "staff",
        "path": _renewal_preview,
    },
    {
        "name": "admin: renewal runs and overdue by age",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:billing_renewalrun_changelist"),
    },
    {
        "name": "admin: reminders (督促)",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:billing_invoicereminder_changelist"),
    },
    {
        "name": "admin: receipts",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:billing_receipt_changelist"),
    },
    {
        "name": "admin: withdrawals",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:members_withdrawal_changelist"),
    },
    {
        "name": "admin: a document members must accept",
        "role": "secretariat",
        "group": "staff",
        "path": _document_to_accept,
    },
    # The member register (issue 29): the dashboard, the registers and one download.
    {
        "name": "admin: register dashboard",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:admissions_register_dashboard"),
    },
    {
        "name": "admin: registers",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:members_registers"),
    },
    {
        "name": "admin: member register CSV (Shift_JIS)",
        "role": "secretariat",
        "group": "staff",
        "path": lambda: (
            reverse("admin:members_register_download")
            + f"?kind=kaiin&fmt=csv-cp932&on={datetime.date.today().isoformat()}"
        ),
    },
    {
        "name": "admin: audit log",
        "role": "secretariat",
        "group": "staff",
        "path": _admin("admin:aiga_auditentry_changelist"),
    },
]
