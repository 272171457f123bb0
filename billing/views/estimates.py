"""The public お見積書 PDF, from the same parameters as the fee calculator."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from billing.fees import NoScheduleError
from billing.forms import QuoteForm
from billing.services import estimates
from billing.services import invoices as invoicing


@require_GET
def estimate_pdf(request):
    """GET /billing/estimate.pdf?category=…&capital=…&date=…&company=… → 御見積書 (not stored)."""
    form = QuoteForm(request.GET)
    company = (request.GET.get("company") or "").strip()[:200]
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponseBadRequest(
            _("見積書を作成できません: %(errors)s") % {"errors": errors},
            content_type="text/plain; charset=utf-8",
        )
    if not company:
        return HttpResponseBadRequest(
            _("見積書の宛名（会社名）を入力してください。"),
            content_type="text/plain; charset=utf-8",
        )
    try:
        quote = form.quote()
        if quote is None:
            errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
            return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
        estimate = estimates.estimate_build(quote=quote, addressee=company)
        content = estimates.estimate_pdf(estimate=estimate)
    except (invoicing.InvoiceError, NoScheduleError) as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="estimate.pdf"'
    response["Cache-Control"] = "no-store"
    return response
