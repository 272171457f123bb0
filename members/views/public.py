"""The public members' page and its logos (only members who consented are listed)."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from members.selectors.listing import public_listings


def members_page(request):
    return render(request, "members/members_page.html", {"listings": public_listings()})


def listing_logo(request, pk: int):
    listing = get_object_or_404(public_listings(), pk=pk)
    if not listing.logo:
        raise Http404
    try:
        handle = listing.logo.open("rb")
    except OSError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(listing.logo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response
