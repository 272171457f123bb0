from django.shortcuts import get_object_or_404, render

from aiga.files import serve_private_file

from .models import OrganisationDocument
from .roles import BOARD, group_required
from .scoping import member_required, scope_to_organisation


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
            "membership": organisation.current_membership(),
            "documents": documents,
        },
    )


@member_required
def document_download(request, pk: int):
    documents = scope_to_organisation(
        OrganisationDocument.objects.filter(visible_to_member=True), request.user
    )
    document = get_object_or_404(documents, pk=pk)
    return serve_private_file(document.file)


@group_required(BOARD)
def board_home(request):
    return render(request, "members/board_home.html")
