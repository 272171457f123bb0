from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from aiga.files import serve_private_file
from members.models import OrganisationDocument
from members.scoping import member_required, scope_to_organisation


def _member_invoices(user):
    from billing.models import Invoice

    return scope_to_organisation(
        Invoice.objects.exclude(status=Invoice.Status.DRAFT).exclude(pdf=""), user
    )


@member_required
def portal_home(request):
    organisation = request.organisation
    documents = scope_to_organisation(
        OrganisationDocument.objects.filter(visible_to_member=True), request.user
    )
    invoices = _member_invoices(request.user).order_by("-issue_date", "-number")
    return render(
        request,
        "members/portal_home.html",
        {
            "organisation": organisation,
            "membership": organisation.current_membership(),
            "contacts": scope_to_organisation(
                organisation.contacts.all().order_by("id"), request.user
            ),
            "documents": documents,
            "invoices": invoices,
            "today": timezone.localdate(),
        },
    )


@member_required
def document_download(request, pk: int):
    documents = scope_to_organisation(
        OrganisationDocument.objects.filter(visible_to_member=True), request.user
    )
    document = get_object_or_404(documents, pk=pk)
    return serve_private_file(document.file)


@member_required
def invoice_download(request, pk: int):
    """An issued invoice or credit note of the member's own organisation, as stored."""
    invoice = get_object_or_404(_member_invoices(request.user), pk=pk)
    return serve_private_file(invoice.pdf, filename=invoice.pdf_filename, as_attachment=False)
