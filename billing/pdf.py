"""PDF rendering with WeasyPrint, using only the Japanese font shipped under static/.

Machines without any Japanese font installed must still render the documents, so the
template declares the IPAex font by @font-face with a file:// URL found through the
staticfiles finders, and names no system font family.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

FONT_GOTHIC = "fonts/ipaex/ipaexg.ttf"
FONT_POSTSCRIPT_NAME = "IPAexGothic"


@lru_cache(maxsize=4)
def static_file_uri(relative: str) -> str:
    found = finders.find(relative)
    if not found:
        raise FileNotFoundError(f"Static file {relative} not found; the PDF needs it.")
    return Path(found).resolve().as_uri()


def private_file_uri(name: str) -> str:
    if not name:
        return ""
    path = Path(settings.PRIVATE_MEDIA_ROOT) / name
    return path.resolve().as_uri() if path.exists() else ""


def render_pdf(template_name: str, context: dict) -> bytes:
    # WeasyPrint loads Pango and its fonts: only the processes that render a PDF pay for it.
    from weasyprint import HTML

    context = {"font_url": static_file_uri(FONT_GOTHIC), **context}
    # Invoices, estimates and board packs are Japanese business documents, whatever
    # language the person who caused them happens to browse in.
    with translation.override("ja"):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def invoice_pdf_bytes(invoice) -> bytes:
    template = (
        "billing/credit_note_pdf.html" if invoice.is_credit_note else "billing/invoice_pdf.html"
    )
    issuer = invoice.issuer or {}
    return render_pdf(
        template,
        {
            "invoice": invoice,
            "lines": list(invoice.lines.all()),
            "issuer": issuer,
            "seal_url": private_file_uri(issuer.get("seal", "")),
            "has_non_taxable": any(r.get("rate") is None for r in invoice.tax_summary),
            "notes": invoice_notes(invoice, issuer),
        },
    )


def invoice_notes(invoice, issuer: dict) -> list[str]:
    """The issuer's notes. Before the member number exists (the first invoice of a new
    member), the transfer reference asked for is the invoice number instead."""
    notes = [n for n in (issuer.get("invoice_notes") or "").splitlines() if n.strip()]
    if invoice.member_number:
        return notes
    return [
        n.replace("会員番号", f"請求書番号（{invoice.number}）") if "ご依頼人名" in n else n
        for n in notes
    ]


def estimate_pdf_bytes(*, estimate, issuer) -> bytes:
    """`estimate` is an Estimate or an unsaved one (the public calculator's)."""
    return render_pdf(
        "billing/estimate_pdf.html",
        {
            "estimate": estimate,
            "issuer": issuer,
            "seal_url": private_file_uri(issuer.get("seal", "")),
        },
    )
