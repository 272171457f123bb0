"""The documents the member's organisation agreed to when it applied (a portal section)."""

from django.shortcuts import render

from members.admissions.selectors.applications import organisation_consents
from members.scoping import member_required


@member_required
def agreements(request):
    return render(
        request,
        "admissions/portal_agreements.html",
        {"consents": organisation_consents(request.organisation)},
    )


def home_card(request) -> dict:
    return {"consents": organisation_consents(request.organisation)}
