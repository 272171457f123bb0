"""The public お見積書 PDF, from the same parameters as the fee calculator."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from billing.fees import NoScheduleError
from billing.forms import EstimateRequestForm
from billing.models import Estimate, IssuerProfile
from billing.services import estimates
from billing.services import invoices as invoicing

# Each PDF takes the server a noticeable moment to render: a few per visitor are plenty,
# and a script asking for hundreds slows the pages for everyone else.
PER_MINUTE = "10/m"
PER_DAY = "100/d"


def _bad_request(text: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")


@require_GET
@ratelimit(key="ip", rate=PER_MINUTE, method="GET", block=False)
@ratelimit(key="ip", rate=PER_DAY, method="GET", block=False)
def estimate_pdf(request):
    """GET /billing/estimate.pdf?category=…&capital=…&date=…&company=… → 御見積書, numbered
    and stored (without its PDF). No date: both halves. An expert pays nothing: 400."""
    if getattr(request, "limited", False):
        return render(request, "billing/estimate_limited.html", status=429)
    if IssuerProfile.current().bank_account_missing:
        # The secretariat has not set the bank account yet: say so, in words for the public.
        return render(request, "billing/estimate_unavailable.html", status=503)
    form = EstimateRequestForm(request.GET)
    quotes = form.quotes()
    if quotes is None:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return _bad_request(_("見積書を作成できません: %(errors)s") % {"errors": errors})
    try:
        estimate = estimates.estimate_create(
            quotes=quotes,
            addressee=form.cleaned_data["company"],
            actor=None,
            source=Estimate.Source.PUBLIC,
            inputs=form.inputs(),
        )
    except (invoicing.InvoiceError, NoScheduleError) as exc:
        return _bad_request(_("見積書を作成できません: %(errors)s") % {"errors": exc})
    content = estimates.estimate_pdf(estimate=estimate)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{estimate.pdf_filename}"'
    response["Cache-Control"] = "no-store"
    return response
