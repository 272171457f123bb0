"""PDF rendering with WeasyPrint, using only the Japanese font shipped under static/.

Machines without any Japanese font installed must still render the documents, so the
template declares the IPAex font by @font-face with a file:// URL found through the
staticfiles finders, and names no system font family.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


HONORIFICS = ("様", "御中")
# An addressee's word up to this many characters never breaks inside (13pt, 55% of A4);
# a longer one must, and keeps only its last KEEP_TAIL characters with the honorific.
KEEP_WHOLE = 16
KEEP_TAIL = 4
# Where a Japanese street address ends and the building begins when no space separates
# them: 「銀座1-12-4N&E BLD.7階」 → 「銀座1-12-4」「N&E BLD.7階」.
_STREET_NUMBER = re.compile(r"^(.*?\d+(?:[-－‐−]\d+)+)\s*([^\d\s\-－‐−].*)$")


def address_chunks(postal_code: str, address: str) -> list[str]:
    """The pieces of an address a line may break between, never inside: 「〒104-0061」, the
    street (「東京都中央区銀座1-12-4」) and the building (「N&E BLD. 7階」)."""
    chunks = [f"〒{postal_code}"] if postal_code else []
    address = (address or "").strip()
    if not address:
        return chunks
    match = _STREET_NUMBER.match(address)
    if match:
        parts = [match.group(1), match.group(2)]
    else:
        parts = re.split(r"[ \u3000]+", address, maxsplit=1)
    return chunks + [part.strip() for part in parts if part.strip()]


def addressee_chunks(addressee: str, name: str = "") -> list[dict]:
    """The addressee in pieces ({text, keep, space}) for the PDF: a line breaks between
    pieces (the company, the department, the person), inside a piece only when it is too
    long for a line (`keep` False), and never before the honorific: 様 stays with the name
    (「佐藤 花子 様」), 御中 with the end of the company's name (「株式会社 御中」)."""
    words = (addressee or "").split()
    if not words:
        return []
    head, tail = words, []
    if words[-1] in HONORIFICS and len(words) > 1:
        name_words = name.split()
        if name_words and words[-1 - len(name_words) : -1] == name_words:
            head, tail = words[: -1 - len(name_words)], words[-1 - len(name_words) :]
        else:
            head, tail = words[:-2], words[-2:]
    pieces = [{"text": word, "keep": len(word) <= KEEP_WHOLE} for word in head]
    if tail:
        tail_text = " ".join(tail)
        if len(tail_text) > KEEP_WHOLE:
            # A long company name before 御中: only its last characters stay with it.
            first, rest = tail[0][:-KEEP_TAIL], " ".join([tail[0][-KEEP_TAIL:], *tail[1:]])
            pieces += [{"text": first, "keep": False}, {"text": rest, "keep": True, "join": True}]
        else:
            pieces.append({"text": tail_text, "keep": True})
    for index, piece in enumerate(pieces):
        piece["space"] = index > 0 and not piece.pop("join", False)
    return pieces


_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def nowrap_dates(text: str) -> SafeString:
    """The text, escaped, with each date (「2026年10月1日」) in a span that never breaks:
    a long fee line wraps between its words, not inside its period."""
    return mark_safe(
        _DATE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escape(text or ""))
    )


def _document_rows(invoice, lines) -> list[dict]:
    """The lines as the document prints them. A credit note prints what it cancels, as
    positive amounts under its title (「取消金額 ¥600,000」), never as minus amounts."""
    sign = -1 if invoice.is_credit_note else 1
    return [
        {
            "description": line.description,
            "quantity": line.quantity,
            "unit_price": sign * line.unit_price,
            "amount": sign * line.amount,
            "taxable": line.tax_treatment != "non_taxable",
        }
        for line in lines
    ]


def invoice_pdf_bytes(invoice) -> bytes:
    template = (
        "billing/credit_note_pdf.html" if invoice.is_credit_note else "billing/invoice_pdf.html"
    )
    issuer = invoice.issuer or {}
    lines = list(invoice.lines.all())
    sign = -1 if invoice.is_credit_note else 1
    contact = invoice.billing_contact
    return render_pdf(
        template,
        {
            "invoice": invoice,
            "rows": _document_rows(invoice, lines),
            "tax_rows": [
                {**rate, "net": sign * rate.get("net", 0), "tax": sign * rate.get("tax", 0)}
                for rate in invoice.tax_summary
            ],
            "document_total": sign * invoice.total,
            "issuer": issuer,
            "issuer_address": address_chunks(
                issuer.get("postal_code", ""), issuer.get("address", "")
            ),
            "addressee": addressee_chunks(
                invoice.addressee, contact.full_name if contact is not None else ""
            ),
            "seal_url": private_file_uri(issuer.get("seal", "")),
            "has_non_taxable": any(r.get("rate") is None for r in invoice.tax_summary),
            # 適格請求書 only where a line bears consumption tax: fees alone are 不課税.
            "has_taxable": any(r.get("rate") is not None for r in invoice.tax_summary),
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
            "issuer_address": address_chunks(
                issuer.get("postal_code", ""), issuer.get("address", "")
            ),
            "addressee": addressee_chunks(f"{estimate.addressee} 御中"),
            "seal_url": private_file_uri(issuer.get("seal", "")),
        },
    )


def receipt_pdf_bytes(receipt) -> bytes:
    """The 領収書 as its row froze it (the issuer as it was on the invoice)."""
    invoice = receipt.invoice
    issuer = receipt.issuer or {}
    return render_pdf(
        "billing/receipt_pdf.html",
        {
            "receipt": receipt,
            "invoice": invoice,
            "tax_rows": invoice.tax_summary,
            "issuer": issuer,
            "issuer_address": address_chunks(
                issuer.get("postal_code", ""), issuer.get("address", "")
            ),
            "addressee": addressee_chunks(receipt.addressee),
            "seal_url": private_file_uri(issuer.get("seal", "")),
        },
    )
