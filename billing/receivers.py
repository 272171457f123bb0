"""Billing's answers to what other parts of the system tell it."""

from aiga.models import OutboxMessage
from billing.services.invoices import invoice_on_message_sent


def record_invoice_sent(sender, message: OutboxMessage, **kwargs) -> None:
    """An outbox message about an invoice went out: note it on the invoice."""
    if message.content_type_id is None:
        return
    model = message.content_type.model_class()
    if model is not None and model._meta.label_lower in ("billing.invoice", "billing.creditnote"):
        invoice_on_message_sent(message=message)
