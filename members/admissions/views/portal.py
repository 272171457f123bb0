"""The documents the member's organisation agreed to when it applied, the new versions its
会員代表者 is asked to accept, and those it accepted as a member (a portal section)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.admissions.models import AgreementDocument
from members.admissions.selectors.acceptances import (
    organisation_acceptances,
    organisation_pending_documents,
)
from members.admissions.selectors.applications import organisation_consents
from members.admissions.services.acceptances import (
    AcceptanceError,
    document_accept,
    member_representative,
)
from members.scoping import member_required


@member_required
def agreements(request):
    organisation = request.organisation
    return render(
        request,
        "admissions/portal_agreements.html",
        {
            "consents": organisation_consents(organisation),
            "pending": organisation_pending_documents(organisation),
            "acceptances": organisation_acceptances(organisation),
            "is_representative": member_representative(organisation, request.user) is not None,
        },
    )


@require_POST
@member_required
def accept(request, pk: int):
    """The 会員代表者 accepts a version the organisation is asked to accept."""
    pending = {doc.pk: doc for doc in organisation_pending_documents(request.organisation)}
    document = pending.get(pk)
    if document is None:
        if not AgreementDocument.objects.filter(pk=pk, members_must_accept=True).exists():
            raise Http404("No such document to accept.")
        return redirect("admissions_portal:agreements")  # accepted already
    try:
        document_accept(organisation=request.organisation, document=document, actor=request.user)
    except AcceptanceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("「%(title)s」（第%(version)s版）に同意しました。")
            % {
                "title": document.localized_title,
                "version": document.version,
            },
        )
    return redirect("admissions_portal:agreements")


def home_card(request) -> dict:
    return {
        "consents": organisation_consents(request.organisation),
        "pending": organisation_pending_documents(request.organisation),
        "acceptances": organisation_acceptances(request.organisation),
    }
