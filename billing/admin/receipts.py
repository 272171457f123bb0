"""Receipts, read-only: members issue them from the portal, through the service."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from aiga.admin import ReadOnlyAdminMixin
from aiga.templatetags.aiga_format import yen
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
    search_fields = ("number", "invoice__number", "invoice__organisation__legal_name")
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

    @admin.display(description=_("会員組織"), ordering="invoice__organisation__legal_name")
    def organisation(self, obj):
        return obj.invoice.organisation

    @admin.display(description=_("金額"), ordering="amount")
    def amount_display(self, obj):
        return yen(obj.amount)
