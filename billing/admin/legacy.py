"""Invoices issued before this system: read only, added by the register import, whose page
(import/) is here: the import writes these invoices and the register both."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aiga.admin import ReadOnlyAdminMixin
from aiga.uploads import SpreadsheetUploadField
from billing.models import LegacyInvoice
from billing.services.register_import import ImportFileError, member_import


class MemberImportForm(forms.Form):
    file = SpreadsheetUploadField(
        label=_("既存会員のファイル"),
        help_text=_(
            "CSV（UTF-8 または Shift_JIS）または Excel（.xlsx）。"
            "形式は docs/member_import.md のとおりです。"
        ),
    )


@admin.register(LegacyInvoice)
class LegacyInvoiceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organisation", "fiscal_year", "issue_date", "total", "paid_on"]
    list_filter = ["fiscal_year"]
    search_fields = ["number", "organisation__legal_name", "organisation__member_number"]
    list_select_related = ["organisation"]
    date_hierarchy = "issue_date"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="billing_member_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        user = request.user
        if not (user.has_perm("members.add_organisation") and user.has_perm("members.add_contact")):
            raise PermissionDenied
        form = MemberImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = member_import(
                    data=upload.read(),
                    filename=upload.name,
                    actor=user,
                    today=timezone.localdate(),
                    dry_run="apply" not in request.POST,
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("既存会員の取込"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "billing/admin/member_import.html", context)
