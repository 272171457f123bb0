"""The member portal's own pages: the home page (with the cards other apps add) and the
organisation's documents."""

from django.shortcuts import get_object_or_404, render

from aiga.files import serve_private_file
from members.models import OrganisationDocument
from members.portal import portal_cards
from members.scoping import member_required, scope_to_organisation
from members.selectors.memberships import current_membership


@member_required
def portal_home(request):
    organisation = request.organisation
    documents = scope_to_organisation(
        OrganisationDocument.objects.filter(visible_to_member=True), request.user
    )
    return render(
        request,
        "members/portal_home.html",
        {
            "organisation": organisation,
            "membership": current_membership(organisation),
            "contacts": scope_to_organisation(
                organisation.contacts.all().order_by("id"), request.user
            ),
            "documents": documents,
            "cards": portal_cards(request),
        },
    )


@member_required
def document_download(request, pk: int):
    documents = scope_to_organisation(
        OrganisationDocument.objects.filter(visible_to_member=True), request.user
    )
    document = get_object_or_404(documents, pk=pk)
    return serve_private_file(document.file)
