"""変更届 in the admin: the list, and each notice with its 承認 (applies it) and 差戻し
buttons, each calling the service. Nobody edits or deletes a notice here."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_object_actions import DjangoObjectActions, action

from aiga.templatetags.aiga_format import amount
from members.admin.mixins import SecretariatOnly
from members.models import ChangeNotice
from members.roles import is_secretariat
from members.services.change_notices import (
    ChangeNoticeError,
    change_notice_approve,
    change_notice_return,
)


def _shown(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if field == "share_capital":
        return amount(value)
    if field == "parent_ratio":
        return f"{value}%"
    return str(value)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("差戻しの理由（会員にお知らせします）"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


@admin.register(ChangeNotice)
class ChangeNoticeAdmin(SecretariatOnly, DjangoObjectActions, admin.ModelAdmin):
    list_display = (
        "pk",
        "organisation",
        "fields_changed",
        "smb_mark",
        "status",
        "submitted_at",
        "requested_by",
    )
    list_display_links = ("pk", "organisation")
    list_filter = ("status", "crosses_smb_line")
    search_fields = ("organisation__legal_name", "organisation__member_number")
    list_select_related = ("organisation", "requested_by__organisation")
    fields = (
        "organisation",
        "status",
        "changes_table",
        "smb_flag",
        "member_note",
        "document",
        "requested_by",
        "requested_by_user",
        "submitted_at",
        "decided_by",
        "decided_at",
        "return_reason",
    )
    readonly_fields = fields
    change_actions = ("approve", "send_back")

    @admin.display(description=gettext_lazy("変更項目"))
    def fields_changed(self, obj):
        return "、".join(str(row["label"]) for row in obj.change_rows())

    @admin.display(description=gettext_lazy("会員区分の確認"), ordering="crosses_smb_line")
    def smb_flag(self, obj):
        if not obj.crosses_smb_line:
            return "—"
        text = (
            _("SMB枠の基準をまたぎます：次年度からの会員区分をご判断ください")
            if settings.SMB_TIER_CHANGE_FROM_NEXT_FISCAL_YEAR
            else _("SMB枠の基準をまたぎます：会員区分と変更時期をご判断ください")
        )
        return format_html('<strong style="color:#b00020">{}</strong>', text)

    @admin.display(description=gettext_lazy("区分の確認"), ordering="crosses_smb_line")
    def smb_mark(self, obj):
        if not obj.crosses_smb_line:
            return "—"
        return format_html('<strong style="color:#b00020">{}</strong>', _("要確認"))

    @admin.display(description=gettext_lazy("変更内容"))
    def changes_table(self, obj):
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>→</td><td><strong>{}</strong></td></tr>",
            (
                (row["label"], _shown(row["field"], row["old"]), _shown(row["field"], row["new"]))
                for row in obj.change_rows()
            ),
        )
        return format_html('<table class="change-notice-changes">{}</table>', rows)

    def get_change_actions(self, request, object_id, form_url):
        notice = ChangeNotice.objects.filter(pk=object_id).first()
        if notice is None or not notice.is_open or not is_secretariat(request.user):
            return ()
        return ("approve", "send_back")

    @action(
        label=gettext_lazy("承認して登録内容に反映"),
        description=gettext_lazy("変更内容を会員組織の登録内容に反映し、届出者にお知らせします。"),
        methods=("POST",),
        button_type="form",
    )
    def approve(self, request, obj):
        if not is_secretariat(request.user):
            raise PermissionDenied
        try:
            change_notice_approve(notice=obj, actor=request.user)
        except ChangeNoticeError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request, _("変更届を承認し、登録内容に反映しました。"), messages.SUCCESS
            )

    @action(
        label=gettext_lazy("差し戻す"),
        description=gettext_lazy("理由を添えて届出者に差し戻します（登録内容は変わりません）。"),
    )
    def send_back(self, request, obj):
        return redirect("admin:members_changenotice_return", obj.pk)

    def get_urls(self):
        return [
            path(
                "<int:pk>/return/",
                self.admin_site.admin_view(self.return_view),
                name="members_changenotice_return",
            ),
            *super().get_urls(),
        ]

    def return_view(self, request, pk: int):
        if not is_secretariat(request.user):
            raise PermissionDenied
        notice = get_object_or_404(ChangeNotice, pk=pk)
        form = ReturnForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                change_notice_return(
                    notice=notice, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ChangeNoticeError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, _("変更届を差し戻しました。"), messages.SUCCESS)
                return redirect("admin:members_changenotice_change", notice.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("変更届の差戻し"),
            "notice": notice,
            "form": form,
            "opts": self.model._meta,
            "back_url": reverse("admin:members_changenotice_change", args=[notice.pk]),
        }
        return TemplateResponse(request, "admin/members/changenotice/return.html", context)
