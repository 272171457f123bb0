"""Billing's admin, one module per subject."""

from billing.admin import invoices, receipts, schedule  # noqa: F401
