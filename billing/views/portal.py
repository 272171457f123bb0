"""The member portal's invoices (a section of members.portal): only the member's own."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from aiga.files import serve_private_file
from billing import pdf
from billing.selectors import member_invoices
from members.scoping import member_required


@member_required
def invoice_list(request):
    return render(
        request,
        "billing/portal_invoices.html",
        {"organisation": request.organisation, "invoices": member_invoices(request.user)},
    )


@member_required
def invoice_download(request, pk: int):
    """An issued invoice or credit note of the member's own organisation, as stored."""
    invoice = get_object_or_404(member_invoices(request.user), pk=pk)
    return serve_private_file(invoice.pdf, filename=invoice.pdf_filename, as_attachment=False)


@member_required
def invoice_receipt(request, pk: int):
    """The 領収書 of a paid invoice of the member's own organisation, drawn on demand."""
    invoice = get_object_or_404(member_invoices(request.user).filter(status="paid"), pk=pk)
    response = HttpResponse(pdf.receipt_pdf_bytes(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{invoice.number}.pdf"'
    return response


def home_card(request) -> dict:
    """The portal home page's card: the latest invoices."""
    return {"invoices": member_invoices(request.user)[:5]}
