"""Withdrawals (退会届): read-only rows, changed only by the confirm and cancel actions
(through the services)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from aiga.admin import ReadOnlyAdminMixin
from members.models import Withdrawal
from members.services.withdrawals import WithdrawalError, withdrawal_cancel, withdrawal_confirm


@admin.register(Withdrawal)
class WithdrawalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "organisation",
        "status",
        "notice_date",
        "wished_date",
        "effective_date",
        "submitted_by_name",
    )
    list_filter = ("status",)
    list_select_related = ("organisation",)
    search_fields = ("organisation__legal_name", "organisation__member_number")
    date_hierarchy = "effective_date"
    actions = ["confirm_selected", "cancel_selected"]
    fields = (
        "organisation",
        "membership",
        "status",
        "reason",
        "notice_date",
        "wished_date",
        "effective_date",
        "submitted_at",
        "submitted_by",
        "submitted_by_name",
        "confirmed_at",
        "confirmed_by",
        "cancelled_at",
        "cancelled_by",
        "completed_at",
    )
    readonly_fields = fields

    def _run(self, request, queryset, service, done):
        for withdrawal in queryset:
            try:
                service(withdrawal=withdrawal, actor=request.user)
            except WithdrawalError as exc:
                self.message_user(request, f"{withdrawal}: {exc}", messages.ERROR)
            else:
                self.message_user(request, done % {"w": withdrawal})

    @admin.action(
        description=_("選択した退会届を確認する（退会日の案内をメールで送る）"),
        permissions=["view"],
    )
    def confirm_selected(self, request, queryset):
        self._run(request, queryset, withdrawal_confirm, _("%(w)s の退会届を確認しました。"))

    @admin.action(description=_("選択した退会届を取り消す"), permissions=["view"])
    def cancel_selected(self, request, queryset):
        self._run(request, queryset, withdrawal_cancel, _("%(w)s の退会届を取り消しました。"))
