"""The statutory registers (社員名簿, 会員名簿) and the general assembly: its roster for the
record date (an Excel to fill in at the door) and its convocation notice (a button)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from members.assembly_dates import convocation_deadline
from members.models import GeneralAssembly
from members.registers import FORMATS, KINDS, register_file, register_replaced
from members.selectors.registers import register_entries, roster_totals
from members.services.assembly import AssemblyError, general_assembly_convene

KIND_LABELS = {
    "shain": _("社員名簿（一般法人法§31）"),
    "kaiin": _("会員名簿"),
    "roster": _("社員総会 出席・委任状記録表"),
}
FORMAT_LABELS = {
    "xlsx": _("Excel"),
    "csv": _("CSV（UTF-8）"),
    "csv-cp932": _("CSV（Shift_JIS）"),
}


class RegisterDateForm(forms.Form):
    on = forms.DateField(label=_("基準日"), widget=forms.DateInput(attrs={"type": "date"}))


class DownloadForm(RegisterDateForm):
    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS])
    fmt = forms.ChoiceField(choices=[(f, f) for f in FORMATS])


def _may_read_register(request) -> bool:
    return request.user.has_perm("members.view_organisation") and request.user.has_perm(
        "members.view_contact"
    )


def registers_view(model_admin, request):
    """The registers as of a date: how many, and each in Excel and both CSV encodings,
    with the characters Shift_JIS cannot hold (shown as 「〓」 in that file)."""
    if not _may_read_register(request):
        raise PermissionDenied
    form = RegisterDateForm(request.GET or {"on": timezone.localdate().isoformat()})
    on = form.cleaned_data["on"] if form.is_valid() else timezone.localdate()
    members = register_entries(on=on)
    voting = [entry for entry in members if entry.is_voting]
    registers = []
    for kind in KINDS:
        replaced = register_replaced(kind=kind, entries=members)
        links = [
            (
                FORMAT_LABELS[fmt],
                reverse("admin:members_register_download")
                + "?"
                + urlencode({"kind": kind, "on": on.isoformat(), "fmt": fmt}),
            )
            for fmt in FORMATS
        ]
        registers.append(
            {"kind": kind, "label": KIND_LABELS[kind], "links": links, "replaced": replaced}
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("社員名簿・会員名簿"),
        "form": form,
        "on": on,
        "member_count": len(members),
        "voting_count": len(voting),
        "totals": roster_totals(voting),
        "registers": registers,
    }
    return TemplateResponse(request, "admin/members/registers/index.html", context)


def register_download_view(model_admin, request):
    if not _may_read_register(request):
        raise PermissionDenied
    form = DownloadForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("名簿の種類・形式・基準日を確認してください。"))
        return HttpResponseRedirect(reverse("admin:members_registers"))
    data = form.cleaned_data
    file = register_file(kind=data["kind"], on=data["on"], fmt=data["fmt"])
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@admin.register(GeneralAssembly)
class GeneralAssemblyAdmin(admin.ModelAdmin):
    list_display = ("title", "meeting_date", "record_date", "votes_in_writing", "sent_display")
    readonly_fields = ("convocation_sent_at", "created_at")
    change_form_template = "admin/members/registers/general_assembly_change_form.html"

    @admin.display(description=_("招集通知"), boolean=True)
    def sent_display(self, obj):
        return obj.convocation_sent_at is not None

    def has_delete_permission(self, request, obj=None):
        # A meeting whose notice went out is a record of the association.
        if obj is not None and obj.convocation_sent_at:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.convocation_sent_at:  # the notice said so: kept as sent
            return [f.name for f in self.model._meta.fields if f.name != "id"]
        return self.readonly_fields

    def get_urls(self):
        return [
            path(
                "<int:pk>/convene/",
                self.admin_site.admin_view(self.convene_view),
                name="members_generalassembly_convene",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        assembly = self.get_object(request, object_id)
        if assembly is not None:
            voting = register_entries(on=assembly.record_date, voting_only=True)
            extra_context.update(
                {
                    "assembly": assembly,
                    "roster_totals": roster_totals(voting),
                    "without_email": [e.name for e in voting if not e.representative_email],
                    "deadline": convocation_deadline(
                        assembly.meeting_date, votes_in_writing=assembly.votes_in_writing
                    ),
                    "roster_links": [
                        (
                            FORMAT_LABELS[fmt],
                            reverse("admin:members_register_download")
                            + "?"
                            + urlencode(
                                {
                                    "kind": "roster",
                                    "on": assembly.record_date.isoformat(),
                                    "fmt": fmt,
                                }
                            ),
                        )
                        for fmt in FORMATS
                    ],
                    "can_convene": self.has_change_permission(request, assembly),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def convene_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        assembly = get_object_or_404(GeneralAssembly, pk=pk)
        if not self.has_change_permission(request, assembly):
            raise PermissionDenied
        try:
            sent, without_email = general_assembly_convene(
                assembly=assembly, actor=request.user, today=timezone.localdate()
            )
        except AssemblyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("招集通知を%(n)s件、送信待ちにしました（委任状を添付）。") % {"n": sent},
            )
            if without_email:
                messages.warning(
                    request,
                    _("会員代表者のメールアドレスがないため郵送が必要です: %(names)s")
                    % {"names": "、".join(without_email)},
                )
        return HttpResponseRedirect(reverse("admin:members_generalassembly_change", args=[pk]))
