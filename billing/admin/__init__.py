"""Billing's admin, one module per subject."""

from billing.admin import bank, invoices, legacy, receipts, renewals, schedule  # noqa: F401
