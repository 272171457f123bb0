"""Billing models. One module per area, so that fees and invoices grow apart."""

from billing.models.bank import *  # noqa: F401,F403
from billing.models.invoices import *  # noqa: F401,F403
from billing.models.legacy import LegacyInvoice  # noqa: F401
from billing.models.receipts import Receipt  # noqa: F401
from billing.models.renewals import (  # noqa: F401
    InvoiceReminder,
    MembershipSuspension,
    ReminderPause,
    RenewalRun,
)
from billing.models.schedule import FeeSchedule  # noqa: F401
