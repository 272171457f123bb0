"""The secretariat's dashboard of the register (会員の概況): members by kind and tier, joins
and withdrawals month by month since the incorporation with their chart, this fiscal year's
fees, and the applications in progress. Every figure links to the admin's list behind it.

Here, in the joining flow (the highest app), because it reads the register, billing and the
applications together; each part comes from its own app's selector."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from billing.fiscal import fiscal_year
from billing.selectors import fiscal_year_fees
from members.admissions import workflow
from members.admissions.models import Application
from members.choices import Tier
from members.growth import growth_svg
from members.selectors.dashboard import members_by_tier
from members.selectors.growth import member_growth

IN_PROGRESS = (
    workflow.Status.SUBMITTED,
    workflow.Status.CORRECTION_REQUESTED,
    workflow.Status.WITH_BOARD,
    workflow.Status.APPROVED,
    workflow.Status.INVOICED,
    workflow.Status.PAID,
)


def _url(name: str, **params) -> str:
    return reverse(name) + ("?" + urlencode(params) if params else "")


def may_see_dashboard(user) -> bool:
    return all(
        user.has_perm(p)
        for p in ("members.view_membership", "billing.view_invoice", "admissions.view_application")
    )


def dashboard_context(*, today) -> dict:
    memberships = "admin:members_membership_changelist"
    by_tier = members_by_tier(on=today)
    tiers = [
        {
            "label": Tier(code).label,
            "count": count,
            "url": _url(memberships, current="yes", category=code),
        }
        for code, count in by_tier.items()
    ]
    months = member_growth(today=today)
    rows = []
    for month in reversed(months):
        rows.append(
            {
                "month": month,
                "joins_url": _url(
                    memberships,
                    current="issued",
                    admission_date__gte=month.start.isoformat(),
                    admission_date__lt=month.next_start.isoformat(),
                ),
                "withdrawals_url": _url(
                    memberships,
                    current="issued",
                    end_date__gte=month.start.isoformat(),
                    end_date__lt=month.next_start.isoformat(),
                ),
            }
        )
    fy = fiscal_year(today)
    fees = fiscal_year_fees(fy)
    period = {
        "issue_date__gte": fees["start"].isoformat(),
        "issue_date__lte": fees["end"].isoformat(),
    }
    invoices = "admin:billing_invoice_changelist"
    counts = dict(
        Application.objects.filter(status__in=IN_PROGRESS)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    applications = [
        {
            "label": Application.Status(status).label,
            "count": counts.get(status, 0),
            "url": _url("admin:admissions_application_changelist", status=status),
        }
        for status in IN_PROGRESS
    ]
    return {
        "today": today,
        "tiers": tiers,
        "regular_total": by_tier["regular"] + by_tier["smb"],
        "members_total": sum(by_tier.values()),
        "members_url": _url(memberships, current="yes"),
        "months": rows,
        "growth_since": months[0].start if months else None,
        "net_growth": sum(m.net for m in months),
        "chart": growth_svg(months, title=_("会員数の推移（月末）")),
        "fees": fees,
        "fees_urls": {
            "invoiced": _url(invoices, **period),
            "paid": _url(invoices, state="paid", **period),
            "outstanding": _url(invoices, state="unpaid", **period),
            "legacy": _url("admin:billing_legacyinvoice_changelist", fiscal_year=fy),
        },
        "applications": applications,
        "applications_total": sum(counts.values()),
    }


def dashboard_view(model_admin, request):
    if not may_see_dashboard(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("会員の概況"),
        **dashboard_context(today=timezone.localdate()),
    }
    return TemplateResponse(request, "admin/admissions/register_dashboard.html", context)
