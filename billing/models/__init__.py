"""Billing models. One module per area, so that fees and invoices grow apart."""

from .invoices import *  # noqa: F401,F403
from .schedule import FeeSchedule  # noqa: F401
