"""The member portal is a shell other apps add to.

`members` provides the layout, the navigation and the home page. Each app registers a
`PortalSection` in its AppConfig.ready(): its pages under /portal/<slug>/ (a URLconf with
its own namespace), its place in the navigation, and optionally a card on the home page.
`members` never imports the apps that add to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class PortalSection:
    slug: str  # the pages live under /portal/<slug>/
    title: str  # the navigation's label (a lazy translation)
    urls: str  # dotted path of the section's URLconf, which sets its own app_name
    index: str  # the URL name of the section's main page, e.g. "billing_portal:invoices"
    order: int = 100
    card_template: str = ""  # a card on the portal's home page, rendered with card_context
    card_context: Callable[[HttpRequest], dict] | None = None

    @property
    def namespace(self) -> str:
        return self.index.partition(":")[0]


_sections: dict[str, PortalSection] = {}


def portal_section_register(section: PortalSection) -> None:
    """Add (or replace) an app's section. Called from the app's ready()."""
    _sections[section.slug] = section


def portal_sections() -> list[PortalSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.slug))


def portal_cards(request: HttpRequest) -> list[str]:
    """The home page's cards, each rendered by its app for the member's organisation."""
    cards = []
    for section in portal_sections():
        if not section.card_template:
            continue
        context = section.card_context(request) if section.card_context else {}
        cards.append(
            mark_safe(render_to_string(section.card_template, context, request=request))  # noqa: S308 - rendered by our own template
        )
    return cards
