"""Plain helpers for the invoice tests: the lines they issue and a one-call issue()."""

import datetime

from billing.services import invoices as invoicing

DUES_LINES = [
    {"description": "入会費", "quantity": 1, "unit_price": 100_000, "tax_treatment": "non_taxable"},
    {
        "description": "年会費（2026年4月1日～2026年9月30日）",
        "quantity": 1,
        "unit_price": 250_000,
        "tax_treatment": "non_taxable",
    },
]
EVENT_LINE = {
    "description": "AIガバナンス研修会 参加費",
    "quantity": 3,
    "unit_price": 3_333,
    "tax_treatment": "taxable_10",
}


def issue(organisation, *, lines=None, on=datetime.date(2026, 4, 15), actor=None, **kwargs):
    return invoicing.invoice_issue_new(
        organisation=organisation,
        lines=DUES_LINES if lines is None else lines,
        subject="2025年度 入会費・年会費",
        issue_date=on,
        actor=actor,
        **kwargs,
    )
