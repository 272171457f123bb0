"""The public members' page and its logos (only members who consented are listed)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from aiga.files import serve_user_image
from members.growth import growth_svg
from members.public_page import cached_listing_html
from members.selectors.growth import member_growth
from members.selectors.listing import public_listing_cards, public_listings


def _listing_html() -> str:
    cards = public_listing_cards()
    months = member_growth(today=timezone.localdate())
    return render_to_string(
        "members/_member_listings.html",
        {
            "listings": cards["companies"],
            "experts": cards["experts"],
            "chart": growth_svg(months, title=gettext("会員数の推移")),
            "growth_since": months[0].start if months else None,
            "members_now": months[-1].members if months else 0,
        },
    )


def members_page(request):
    listing_html = cached_listing_html(get_language(), _listing_html)
    return render(request, "members/members_page.html", {"listing_html": mark_safe(listing_html)})


def listing_logo(request, pk: int):
    listing = get_object_or_404(public_listings(), pk=pk)
    return serve_user_image(listing.logo)
