"""The public membership page, its live fee calculator and the quote as JSON."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from billing.fees import FeeQuote
from billing.fiscal import Half
from billing.forms import QuoteForm
from billing.models import FeeSchedule, IssuerProfile
from billing.selectors import schedule_by_tier

_FIELDS = set(QuoteForm.base_fields)

# The brochure's 手續の流れ. Experts pay no fee, so they skip steps 5 and 6.
STEPS = [
    (_("ご同意事項のご確認"), _("ご同意事項について同意いただけることをご確認ください。")),
    (
        _("入会申込フォームのご入力"),
        _("当協会ウェブサイトのフォームから必要情報をご登録ください。"),
    ),
    (
        _("事務局における申請内容の確認"),
        _("不備等がある場合には個別に内容の確認・補正を実施させていただきます。"),
    ),
    (
        _("理事会における入会承認"),
        _("直近の理事会（毎月中旬頃を予定）において、入会審査を実施します。"),
    ),
    (
        _("審査結果・会費ご請求のご案内"),
        _("事務局から審査結果及び会費お振込先情報をお知らせします。"),
    ),
    (_("会費納入の確認"), _("会費のお支払が確認でき次第、ご入会手続は完了となります。")),
    (
        _("会員資格発行のお知らせ"),
        _("事務局から会員ロゴの掲載やメーリス等への登録についてご案内します。"),
    ),
]


DATE_BASIS_LABELS = {
    "given": _("ご指定の入会予定日"),
    "board_meeting": _("次回の理事会の開催日"),
    "today": _("本日"),
    "admission": _("入会を承認した理事会の開催日"),
}


def _bound_form(data) -> QuoteForm | None:
    """A form bound to the calculator's fields, or None when the visitor has not asked yet."""
    if not _FIELDS.intersection(data.keys()):
        return None
    return QuoteForm(data)


def _quote_context(form: QuoteForm | None) -> dict:
    quote: FeeQuote | None = form.quote() if form is not None else None
    context = {
        "form": form,
        "quote": quote,
        "asked": form is not None,
        "estimate_fields": ("category", "capital", "capital_kind", "parent_ratio", "date"),
        "estimate_available": not IssuerProfile.current().bank_account_missing,
    }
    if quote is not None:
        language = get_language()
        context.update(
            tier_label=FeeSchedule.Tier(quote.tier).label,
            date_basis_label=DATE_BASIS_LABELS[quote.date_basis],
            fiscal_year_label=_("%(year)s年度") % {"year": quote.fiscal_year},
            half_label=(
                _("上期（10月〜翌3月）") if quote.half is Half.FIRST else _("下期（4月〜9月）")
            ),
            reasons=[reason.text(language) for reason in quote.reasons],
        )
    return context


@require_http_methods(["GET", "POST", "HEAD"])
def membership(request):
    """ご入会案内. Without JavaScript the form posts here and the page answers the quote."""
    form = _bound_form(request.POST if request.method == "POST" else request.GET)
    context = _quote_context(form)
    if form is None:
        context["form"] = QuoteForm(initial={"category": "corporate", "capital_kind": "plain"})
    today = timezone.localdate()
    context.update(schedule=schedule_by_tier(on=today), steps=STEPS, today=today)
    return render(request, "billing/membership.html", context)


@require_GET
def quote_fragment(request):
    """The quote alone, swapped into the page by htmx as the visitor types."""
    return render(request, "billing/_quote.html", _quote_context(_bound_form(request.GET)))


@require_GET
def quote_json(request):
    """GET /billing/quote/?capital=&parent_ratio=&category=&date= → the quote, or 400."""
    form = QuoteForm(request.GET)
    quote = form.quote()
    if quote is None:
        errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        return JsonResponse(
            {"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    language = get_language()
    body = {
        "tier": quote.tier,
        "half": str(quote.half),
        "fiscal_year": quote.fiscal_year,
        "admission_fee": quote.admission_fee,
        "annual_fee": quote.annual_fee,
        "total": quote.total,
        "next_year_annual_fee": quote.next_year_annual_fee,
        "reasons": [reason.text(language) for reason in quote.reasons],
        "admission_date": quote.admission_date.isoformat(),
        "date_basis": quote.date_basis,
        "reasons_ja": quote.reasons_ja,
        "reasons_en": quote.reasons_en,
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
