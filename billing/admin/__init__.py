"""Billing's admin, one module per subject."""

from billing.admin import invoices, schedule  # noqa: F401
