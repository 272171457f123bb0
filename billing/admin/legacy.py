"""Invoices issued before this system: read only, added by the register import."""

from django.contrib import admin

from aiga.admin import ReadOnlyAdminMixin
from billing.models import LegacyInvoice


@admin.register(LegacyInvoice)
class LegacyInvoiceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organisation", "fiscal_year", "issue_date", "total", "paid_on"]
    list_filter = ["fiscal_year"]
    search_fields = ["number", "organisation__legal_name", "organisation__member_number"]
    list_select_related = ["organisation"]
    date_hierarchy = "issue_date"
