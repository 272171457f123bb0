"""Receipts, read-only: members issue them from the portal, through the service."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from aiga.admin import ReadOnlyAdminMixin
from aiga.templatetags.aiga_format import yen
from billing.admin.invoices import amount_from_search
from billing.models import Receipt


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "issued_on",
        "invoice",
        "organisation",
        "amount_display",
        "received_on",
    )
    list_select_related = ("invoice", "invoice__organisation")
    # 電子帳簿保存法: searchable by date (the hierarchy), amount (typed as 350,000 or
    # ¥350,000) and counterparty (the company or the addressee).
    search_fields = ("number", "invoice__number", "invoice__organisation__legal_name", "addressee")
    date_hierarchy = "issued_on"
    fields = (
        "number",
        "invoice",
        "issued_at",
        "issued_on",
        "received_on",
        "amount",
        "addressee",
        "purpose",
        "issued_by",
        "pdf",
        "pdf_sha256",
    )
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        results, distinct = super().get_search_results(request, queryset, search_term)
        amount = amount_from_search(search_term)
        if amount is not None:
            results = results | queryset.filter(amount=amount)
        return results, distinct

    @admin.display(description=_("会員組織"), ordering="invoice__organisation__legal_name")
    def organisation(self, obj):
        return obj.invoice.organisation

    @admin.display(description=_("金額"), ordering="amount")
    def amount_display(self, obj):
        return yen(obj.amount)
