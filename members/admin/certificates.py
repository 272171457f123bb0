"""Membership certificates, read-only: members issue them from the portal."""

from __future__ import annotations

from django.contrib import admin

from aiga.admin import ReadOnlyAdminMixin
from members.models import MembershipCertificate


@admin.register(MembershipCertificate)
class MembershipCertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("issued_on", "organisation", "holder_name", "language", "issued_by")
    list_filter = ("language",)
    list_select_related = ("organisation", "issued_by")
    search_fields = ("organisation__legal_name", "holder_name")
    date_hierarchy = "issued_on"
    fields = (
        "organisation",
        "membership",
        "language",
        "holder_name",
        "member_number",
        "category",
        "member_since",
        "issued_at",
        "issued_on",
        "issued_by",
        "pdf",
        "pdf_sha256",
    )
    readonly_fields = fields
