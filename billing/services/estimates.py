"""Estimates (御見積書): the public calculator's, unsaved, and the numbered ones from the admin."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from billing import numbering, pdf
from billing.models import Estimate, IssuerProfile
from billing.services.invoices import InvoiceError, fee_invoice_subject, lines_for_quote


def estimate_build(
    *,
    quote,
    addressee: str,
    issue_date: datetime.date | None = None,
    number: str = "",
    organisation=None,
) -> Estimate:
    """An unsaved お見積書 for a FeeQuote (the public calculator's PDF uses it as it is)."""
    addressee = (addressee or "").strip()
    for suffix in ("御中", "様"):
        addressee = addressee.removesuffix(suffix).strip()
    if not addressee:
        raise InvoiceError(_("宛名（会社名）を入力してください。"))
    issue_date = issue_date or numbering.tokyo_date()
    issuer = IssuerProfile.current()
    lines = [
        dict(line, amount=line["quantity"] * line["unit_price"]) for line in lines_for_quote(quote)
    ]
    with translation.override("ja"):
        assumption = "\n".join(
            [_("会員区分：%(tier)s") % {"tier": quote.tier_label}, *quote.reasons_ja]
        )
    return Estimate(
        number=number,
        organisation=organisation,
        addressee=addressee[:200],
        subject=fee_invoice_subject(quote.fiscal_year),
        issue_date=issue_date,
        valid_until=issue_date + datetime.timedelta(days=issuer.estimate_valid_days),
        admission_date=quote.admission_date,
        assumption=assumption,
        lines=lines,
        total=sum(line["amount"] for line in lines),
    )


def estimate_pdf(*, estimate: Estimate) -> bytes:
    return pdf.estimate_pdf_bytes(estimate=estimate, issuer=IssuerProfile.current().snapshot())


def estimate_create(
    *,
    quote,
    addressee: str,
    actor,
    organisation=None,
    issue_date: datetime.date | None = None,
) -> Estimate:
    """A numbered, stored お見積書 (from the admin)."""
    with transaction.atomic():
        estimate = estimate_build(
            quote=quote, addressee=addressee, issue_date=issue_date, organisation=organisation
        )
        estimate.number = numbering.next_number(
            series=numbering.ESTIMATE_SERIES, on=estimate.issue_date
        )
        estimate.created_by = actor if getattr(actor, "is_authenticated", False) else None
        content = estimate_pdf(estimate=estimate)
        estimate.pdf.save(f"{estimate.number}.pdf", ContentFile(content), save=False)
        estimate.pdf_sha256 = pdf.sha256(content)
        estimate.save()
        audit_log(
            actor=actor,
            action="estimate.create",
            target=estimate,
            data={"number": estimate.number, "total": estimate.total},
        )
    return estimate
