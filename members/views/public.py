"""The public members' page and its logos (only members who consented are listed)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from aiga.files import serve_user_image
from members.public_page import cached_listing_html
from members.selectors.listing import public_listing_cards, public_listings


def members_page(request):
    listing_html = cached_listing_html(
        get_language(),
        lambda: render_to_string(
            "members/_member_listings.html", {"listings": public_listing_cards()}
        ),
    )
    return render(request, "members/members_page.html", {"listing_html": mark_safe(listing_html)})


def listing_logo(request, pk: int):
    listing = get_object_or_404(public_listings(), pk=pk)
    return serve_user_image(listing.logo)
