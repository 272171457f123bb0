"""PDF rendering with WeasyPrint for any app, using only the Japanese font shipped under
static/ (declared by @font-face with a file:// URL, so a machine without Japanese fonts
still renders the documents). billing/pdf.py renders its documents through it."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

FONT_GOTHIC = "fonts/ipaex/ipaexg.ttf"

logger = logging.getLogger(__name__)
_local = threading.local()


@lru_cache(maxsize=4)
def static_file_uri(relative: str) -> str:
    found = finders.find(relative)
    if not found:
        raise FileNotFoundError(f"Static file {relative} not found; the PDF needs it.")
    return Path(found).resolve().as_uri()


def _font_config():
    """One WeasyPrint font configuration per thread, kept: a document's @font-face is read
    and handed to fontconfig once, not at every render (and leaves one temporary folder)."""
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def _write(html: str) -> bytes:
    # WeasyPrint loads Pango and its fonts: only the processes that render a PDF pay for it.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=_font_config())


def render_pdf(template_name: str, context: dict, *, language: str = "ja") -> bytes:
    context = {"font_url": static_file_uri(FONT_GOTHIC), **context}
    with translation.override(language):
        html = render_to_string(template_name, context)
    return _write(html)


def warm_up() -> None:
    """Render a small Japanese document, so that loading WeasyPrint, Pango and the font
    happens when a worker starts (Celery's, gunicorn's), not in someone's request. The two
    @font-face forms the documents use are both declared, so both are then loaded."""
    url = static_file_uri(FONT_GOTHIC)
    html = (
        "<style>"
        f'@font-face {{ font-family: "IPAexGothic"; src: url("{url}") format("truetype"); }}'
        f'@font-face {{ font-family: "IPAexGothic"; src: url("{url}"); }}'
        '* { font-family: "IPAexGothic"; }'
        "</style><p>請求書 ご請求金額 ¥1,000</p>"
    )
    try:
        _write(html)
    except Exception:  # noqa: BLE001 - a worker starts anyway; the first document pays
        logger.exception("Could not warm up the PDF renderer")
