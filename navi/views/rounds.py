"""The secretariat's report of a closed round (一斉自己診断), under /navi/rounds/<pk>/: the
figures fixed at the close, their trend across rounds, the analysis export (audited) and
the one-page summary for the symposium. Staff with the permission to view rounds only:
directors hold that permission too (they read the admin's rounds), but not this page."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from aiga.pdf import render_pdf
from navi import benchmark
from navi.charts import trend_svg
from navi.selectors.benchmark import closed_rounds, frozen_summary, round_report
from navi.services.benchmark import round_results_export

PERMISSION = "navi.view_naviround"


def secretariat_required(view):
    """Anonymous: to log in. Anyone but the secretariat's staff: 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and user.is_staff and user.has_perm(PERMISSION)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class SummaryForm(forms.Form):
    comments = forms.CharField(
        label=gettext_lazy("コメント"),
        required=False,
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=gettext_lazy("サマリーの末尾に載せる事務局のコメント（1,200字まで）。"),
    )


def _report_or_404(pk: int):
    round_ = get_object_or_404(closed_rounds(), pk=pk)
    return round_, round_report(round_)


def _context(request, report, form) -> dict:
    return {
        **admin.site.each_context(request),
        "title": _("一斉自己診断の結果"),
        "subtitle": report.round.title,
        "report": report,
        "round": report.round,
        "form": form,
        "trend": trend_svg(
            report.trend_labels, report.trend, title=_("全体平均・領域別平均の推移")
        ),
    }


@require_GET
@secretariat_required
def report(request, pk: int):
    _round, report = _report_or_404(pk)
    return render(request, "navi/rounds/report.html", _context(request, report, SummaryForm()))


@require_GET
@secretariat_required
def export(request, pk: int):
    round_ = get_object_or_404(closed_rounds(), pk=pk)
    content = round_results_export(round_=round_, actor=request.user)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = (
        f'attachment; filename="navi-round-{round_.pk}-answers-{stamp}.csv"'
    )
    return response


@require_http_methods(["POST"])
@secretariat_required
def summary_pdf(request, pk: int):
    """The one-page summary for the symposium, in Japanese whatever the page's language,
    with the comments typed on the report page (not kept)."""
    _round, report = _report_or_404(pk)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return render(
            request, "navi/rounds/report.html", _context(request, report, form), status=400
        )
    # Shown to the public: the members' rules apply (5 per figure, small counts hidden).
    public = benchmark.member_view(frozen_summary(report.round))
    with translation.override("ja"):
        report = round_report(report.round)  # the area names in Japanese
        areas = []
        for area, _average, _count in report.areas:
            value = public.areas.get(area.key) if public else None
            width = int(value * 100 / 4) if value is not None else 0
            areas.append((area, value, width))
        context = {
            "report": report,
            "round": report.round,
            "overall": public.overall if public else None,
            "tiers": public.tier_rows if public else [],
            "areas": areas,
            "comment_lines": [
                line.strip() for line in form.cleaned_data["comments"].splitlines() if line.strip()
            ],
            "today": timezone.localdate(),
        }
        content = render_pdf("navi/rounds/summary_pdf.html", context, language="ja")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="navi-round-{report.round.pk}-summary.pdf"'
    return response
