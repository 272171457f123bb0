"""Estimates (御見積書): numbered and stored whoever asks, the public calculator's and the
secretariat's alike, so that a number quoted back can be traced to what was handed out."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aiga.audit import audit_log
from billing import numbering, pdf
from billing.fees import FeeQuote
from billing.fiscal import fiscal_year_label, half_end
from billing.models import Estimate, IssuerProfile
from billing.models.invoices import BANK_ACCOUNT_MISSING
from billing.services.invoices import InvoiceError, fee_invoice_subject, lines_for_quote

EXPERT_NO_FEE = gettext_lazy(
    "有識者会員には会費はかかりません（入会費・年会費ともにございません）。"
)


def estimate_inputs(
    *,
    category: str,
    capital: int | None,
    parent_ratio: Decimal | None,
    admission_date: datetime.date | None,
    capital_kind: str = "plain",
) -> dict:
    """The figures an estimate was asked for, as its row keeps them (JSON)."""
    return {
        "category": category,
        "capital_kind": capital_kind,
        "capital": capital,
        "parent_ratio": None if parent_ratio is None else str(parent_ratio),
        "date": admission_date.isoformat() if admission_date else None,
    }


def _priced_lines(quote: FeeQuote) -> list[dict]:
    return [
        dict(line, amount=line["quantity"] * line["unit_price"]) for line in lines_for_quote(quote)
    ]


def _alternative(quote: FeeQuote) -> dict:
    """One half an uncertain admission may fall in: its admission window and its lines.
    Raw values (ISO dates, yen); the template writes them out."""
    lines = _priced_lines(quote)
    return {
        "half": str(quote.half),
        "fiscal_year": quote.fiscal_year,
        # The earliest possible day in the half (the next board meeting, or its first day).
        "from": quote.admission_date.isoformat(),
        "to": half_end(quote.fiscal_year, quote.half).isoformat(),
        "lines": lines,
        "total": sum(line["amount"] for line in lines),
    }


def _subject(quotes: Sequence[FeeQuote]) -> str:
    """「2026年度 入会費・年会費（上期入会）」 for a known date, as the invoice will say;
    「2026年度 入会費・年会費」 when the date is uncertain and the estimate prices both
    halves, 「2025年度・2026年度 入会費・年会費」 when they fall in two fiscal years."""
    if len(quotes) == 1:
        quote = quotes[0]
        return fee_invoice_subject(
            quote.fiscal_year, half=quote.half, with_admission_fee=bool(quote.admission_fee)
        )
    years = sorted({quote.fiscal_year for quote in quotes})
    if len(years) == 1:
        return fee_invoice_subject(years[0])
    with translation.override("ja"):
        return _("%(year)s 入会費・年会費") % {"year": "・".join(map(fiscal_year_label, years))}


def estimate_build(
    *,
    quotes: Sequence[FeeQuote],
    addressee: str,
    issue_date: datetime.date | None = None,
    number: str = "",
    organisation=None,
    inputs: dict | None = None,
    source: str = Estimate.Source.ADMIN,
) -> Estimate:
    """An unsaved お見積書: one quote for a known admission date, or one per half (the
    first the earliest) when the date is uncertain. Experts pay nothing: no estimate."""
    if len(quotes) not in (1, 2):
        raise ValueError("An estimate prices one admission date or the two halves.")
    if any(quote.is_fee_free for quote in quotes):
        raise InvoiceError(str(EXPERT_NO_FEE))
    addressee = (addressee or "").strip()
    for suffix in ("御中", "様"):
        addressee = addressee.removesuffix(suffix).strip()
    if not addressee:
        raise InvoiceError(_("宛名（会社名）を入力してください。"))
    issuer = IssuerProfile.current()
    if issuer.bank_account_missing:
        raise InvoiceError(str(BANK_ACCOUNT_MISSING))
    issue_date = issue_date or numbering.tokyo_date()
    first = quotes[0]
    uncertain = len(quotes) == 2
    alternatives = [_alternative(quote) for quote in quotes] if uncertain else []
    lines = [] if uncertain else _priced_lines(first)
    with translation.override("ja"):
        # The tier and why; the admission date is stated once, by the template.
        assumption = "\n".join(
            [_("会員区分：%(tier)s") % {"tier": first.tier_label}, first.reasons_ja[0]]
        )
    return Estimate(
        number=number,
        source=source,
        organisation=organisation,
        addressee=addressee[:200],
        subject=_subject(quotes),
        issue_date=issue_date,
        valid_until=issue_date + datetime.timedelta(days=issuer.estimate_valid_days),
        admission_date=None if uncertain else first.admission_date,
        assumption=assumption,
        lines=lines,
        alternatives=alternatives,
        total=max(alt["total"] for alt in alternatives)
        if uncertain
        else sum(line["amount"] for line in lines),
        next_year_annual_fee=first.next_year_annual_fee,
        inputs=inputs or {},
        issuer=issuer.snapshot(),
    )


def estimate_pdf(*, estimate: Estimate) -> bytes:
    """The PDF of an estimate, from what the row holds (the issuer as it was when made)."""
    issuer = estimate.issuer or IssuerProfile.current().snapshot()
    return pdf.estimate_pdf_bytes(estimate=estimate, issuer=issuer)


def estimate_create(
    *,
    quotes: Sequence[FeeQuote] = (),
    quote: FeeQuote | None = None,
    addressee: str,
    actor,
    source: str = Estimate.Source.ADMIN,
    organisation=None,
    inputs: dict | None = None,
    issue_date: datetime.date | None = None,
) -> Estimate:
    """A numbered, stored お見積書 of `quotes` (selectors.estimate_quotes), or of the one
    `quote` for a known admission date. The number is taken in the transaction that stores
    the row, so the series has no gap. The secretariat's estimate keeps its PDF, rendered
    after commit; the public one keeps none (anyone may ask for one, and the row holds
    everything the PDF prints), and the caller renders it with estimate_pdf."""
    if quote is not None:
        quotes = [quote]
    with transaction.atomic():
        estimate = estimate_build(
            quotes=quotes,
            addressee=addressee,
            issue_date=issue_date,
            organisation=organisation,
            inputs=inputs,
            source=source,
        )
        estimate.number = numbering.next_number(
            series=numbering.ESTIMATE_SERIES, on=estimate.issue_date
        )
        estimate.created_by = actor if getattr(actor, "is_authenticated", False) else None
        estimate.save()
        audit_log(
            actor=actor,
            action="estimate.create",
            target=estimate,
            data={"number": estimate.number, "total": estimate.total, "source": source},
        )
    if source == Estimate.Source.ADMIN:
        content = estimate_pdf(estimate=estimate)
        estimate.pdf.save(estimate.pdf_filename, ContentFile(content), save=False)
        estimate.pdf_sha256 = pdf.sha256(content)
        estimate.save(update_fields=["pdf", "pdf_sha256"])
    return estimate
