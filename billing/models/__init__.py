"""Billing models. One module per area, so that fees and invoices grow apart."""

from .schedule import FeeSchedule  # noqa: F401
