"""Filters of the billing PDFs."""

from django import template

from billing.pdf import nowrap_dates as _nowrap_dates

register = template.Library()


@register.filter
def nowrap_dates(text):
    """A line's text whose dates never break across lines: 「2026年10月1日」 stays whole."""
    return _nowrap_dates(text)
