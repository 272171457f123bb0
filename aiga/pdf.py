"""PDF rendering with WeasyPrint for any app, using only the Japanese font shipped under
static/ (declared by @font-face with a file:// URL, so a machine without Japanese fonts
still renders the documents). billing/pdf.py renders its documents through it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

FONT_GOTHIC = "fonts/ipaex/ipaexg.ttf"


@lru_cache(maxsize=4)
def static_file_uri(relative: str) -> str:
    found = finders.find(relative)
    if not found:
        raise FileNotFoundError(f"Static file {relative} not found; the PDF needs it.")
    return Path(found).resolve().as_uri()


def render_pdf(template_name: str, context: dict, *, language: str = "ja") -> bytes:
    # WeasyPrint loads Pango and its fonts: only the processes that render a PDF pay for it.
    from weasyprint import HTML

    context = {"font_url": static_file_uri(FONT_GOTHIC), **context}
    with translation.override(language):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
