"""The member portal's invoices (a section of members.portal): only the member's own."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from aiga.files import serve_private_file
from billing.models import Receipt
from billing.selectors import member_invoices
from billing.services.receipts import ReceiptError, receipt_issue, receipt_render_pdf
from members.scoping import member_required


@member_required
def invoice_list(request):
    return render(
        request,
        "billing/portal_invoices.html",
        {
            "organisation": request.organisation,
            "invoices": member_invoices(request.user).select_related("receipt"),
            "show_receipts": True,
        },
    )


@member_required
def invoice_download(request, pk: int):
    """An issued invoice or credit note of the member's own organisation, as stored."""
    invoice = get_object_or_404(member_invoices(request.user), pk=pk)
    return serve_private_file(invoice.pdf, filename=invoice.pdf_filename, as_attachment=False)


@member_required
def receipt(request, pk: int):
    """The receipt of one of the member's own paid invoices. POST issues it (once: a second
    request gives the same receipt); GET serves the stored PDF."""
    invoice = get_object_or_404(member_invoices(request.user), pk=pk)
    if request.method == "POST":
        try:
            receipt_issue(invoice=invoice, actor=request.user)
        except ReceiptError as exc:
            messages.error(request, str(exc))
            return redirect("billing_portal:invoices")
        return redirect("billing_portal:receipt", pk=invoice.pk)
    found = Receipt.objects.filter(invoice=invoice).first()
    if found is None:
        raise Http404("No receipt.")
    if not found.pdf:  # rendering failed after issue: try again now
        found = receipt_render_pdf(receipt_id=found.pk)
    return serve_private_file(found.pdf, filename=found.pdf_filename, as_attachment=False)


def home_card(request) -> dict:
    """The portal home page's card: the latest invoices."""
    return {"invoices": member_invoices(request.user)[:5]}
