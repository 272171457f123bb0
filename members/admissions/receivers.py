"""The joining flow's answers to what billing tells it."""

from members.admissions.services.onboarding import application_on_invoice_paid


def move_application_on(sender, invoice, actor, **kwargs) -> None:
    """`billing.signals.invoice_paid`: the application the invoice was issued for (or a
    replacement of it) moves on to the issued membership, in the payment's transaction."""
    application_on_invoice_paid(invoice=invoice, actor=actor)
