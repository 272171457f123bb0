"""Billing's admin, one module per subject."""

from billing.admin import bank, invoices, schedule  # noqa: F401
