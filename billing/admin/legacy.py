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
from aiga.uploads import MAX_TEXT_BYTES
from billing.models import LegacyInvoice
from billing.services.register_import import ImportFileError, member_import


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("既存会員のファイル"),
        help_text=_(
            "CSV（UTF-8 または Shift_JIS）または Excel（.xlsx）。"
            "形式は docs/member_import.md のとおりです。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEXT_BYTES:
            raise forms.ValidationError(
                _("ファイルサイズは%(mb)sMBまでです。"), params={"mb": MAX_TEXT_BYTES // 2**20}
            )
        data = upload.read()
        if not data:
            raise forms.ValidationError(_("ファイルが空です。"))
        if not (data.startswith(b"PK\x03\x04") or b"\x00" not in data[:8192]):
            raise forms.ValidationError(_("CSV または Excel（.xlsx）のファイルを選んでください。"))
        return {"name": upload.name, "data": data}


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
                    data=upload["data"],
                    filename=upload["name"],
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
