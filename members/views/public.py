"""The public members' page and its logos (only members who consented are listed)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from aiga.files import serve_user_image
from members.selectors.listing import public_listings


def members_page(request):
    return render(request, "members/members_page.html", {"listings": public_listings()})


def listing_logo(request, pk: int):
    listing = get_object_or_404(public_listings(), pk=pk)
    return serve_user_image(listing.logo)
