"""The public members' page, rendered once and kept in the cache until a listing, a member
or a membership changes (or the day ends: a membership may end at midnight).

Its cost must not grow with the number of members for every visitor: at ten times the
association it is over a thousand cards. The cache holds the list's HTML for each language;
the page around it (navigation, who is logged in) is drawn for each request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

TIMEOUT = 24 * 60 * 60


def _key(language: str, day) -> str:
    return f"members:public-page:{language}:{day.isoformat()}"


def cached_listing_html(language: str, build: Callable[[], str]) -> str:
    key = _key(language, timezone.localdate())
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, TIMEOUT)
    return html


def forget_public_page(**kwargs) -> None:
    """A receiver (post_save / post_delete of what the page shows): draw it again."""
    today = timezone.localdate()
    cache.delete_many([_key(code, today) for code, _name in settings.LANGUAGES])
