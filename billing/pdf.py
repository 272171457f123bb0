"""PDF rendering with WeasyPrint, using only the Japanese font shipped under static/.

Machines without any Japanese font installed must still render the documents, so the
template declares the IPAex font by @font-face with a file:// URL found through the
staticfiles finders, and names no system font family.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings

from aiga.pdf import render_pdf as shared_render_pdf

FONT_POSTSCRIPT_NAME = "IPAexGothic"


def private_file_uri(name: str) -> str:
    if not name:
        return ""
    path = Path(settings.PRIVATE_MEDIA_ROOT) / name
    return path.resolve().as_uri() if path.exists() else ""


def render_pdf(template_name: str, context: dict) -> bytes:
    """Invoices, estimates and board packs are Japanese business documents, whatever language
    the person who caused them happens to browse in (aiga.pdf renders them)."""
    return shared_render_pdf(template_name, context, language="ja")


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
