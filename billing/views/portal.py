"""The member portal's invoices (a section of members.portal): only the member's own."""

from django.shortcuts import get_object_or_404, render

from aiga.files import serve_private_file
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


def home_card(request) -> dict:
    """The portal home page's card: the latest invoices."""
    return {"invoices": member_invoices(request.user)[:5]}
