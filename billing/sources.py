"""What an invoice's source key (「application:17」) names, in words and as a link.

The apps above billing register a resolver for their prefix at start-up (as they connect
to billing's signals); billing never imports them."""

from __future__ import annotations

from collections.abc import Callable

# prefix → resolver(id) → (label, url or ""); None when the record is gone.
_RESOLVERS: dict[str, Callable[[str], tuple[str, str] | None]] = {}


def source_register(prefix: str, resolver: Callable[[str], tuple[str, str] | None]) -> None:
    _RESOLVERS[prefix] = resolver


def source_describe(source_key: str) -> tuple[str, str]:
    """(label, url) of a source key; the key itself, without a link, when nobody knows it."""
    prefix, _sep, ident = (source_key or "").partition(":")
    resolver = _RESOLVERS.get(prefix)
    found = resolver(ident) if resolver is not None and ident else None
    return found or (source_key, "")
