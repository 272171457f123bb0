"""What the admin's index needs from billing."""

from django import template

from billing.models import IssuerProfile

register = template.Library()


@register.simple_tag
def issuer_bank_account_missing() -> bool:
    """True while invoices and estimates are refused for want of a bank account."""
    return IssuerProfile.current().bank_account_missing
