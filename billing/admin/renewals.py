"""Admin of the yearly renewal run (preview, start, progress, resume), the reminders'
history and call list, the pauses (協議中) and the suspensions."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aiga.admin import ReadOnlyAdminMixin, messages
from aiga.templatetags.aiga_format import yen
from billing.fiscal import fiscal_year
from billing.models import InvoiceReminder, MembershipSuspension, ReminderPause, RenewalRun
from billing.selectors import overdue_by_age, renewal_preview
from billing.services import reminders, renewals


class RenewalYearForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("年度"),
        min_value=2020,
        max_value=2100,
        help_text=_("10月に始まる年度の開始年（例: 2026年度は2026年10月1日〜2027年9月30日）。"),
    )


@admin.register(RenewalRun)
class RenewalRunAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "status",
        "progress",
        "issued",
        "skipped",
        "error_count",
        "amount_display",
        "created_at",
        "created_by",
    )
    list_select_related = ("created_by",)
    change_list_template = "billing/admin/renewal_run_change_list.html"

    @admin.display(description=_("進捗"))
    def progress(self, obj):
        return f"{obj.done} / {obj.total}"

    @admin.display(description=_("エラー"))
    def error_count(self, obj):
        return len(obj.errors or [])

    @admin.display(description=_("請求総額"))
    def amount_display(self, obj):
        return yen(obj.total_amount)

    def get_actions(self, request):
        return {}

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _can_run(self, request) -> bool:
        return request.user.has_perm("billing.add_renewalrun") and request.user.has_perm(
            "billing.add_invoice"
        )

    def get_urls(self):
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="billing_renewalrun_preview",
            ),
            path(
                "<int:pk>/resume/",
                self.admin_site.admin_view(self.resume_view),
                name="billing_renewalrun_resume",
            ),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        if not self._can_run(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:billing_renewalrun_preview"))

    def changelist_view(self, request, extra_context=None):
        extra = {"ageing": overdue_by_age(today=timezone.localdate())}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def preview_view(self, request):
        if not self._can_run(request):
            raise PermissionDenied
        today = timezone.localdate()
        default_year = fiscal_year(today) + (1 if today.month >= 7 and today.month < 10 else 0)
        data = request.POST if request.method == "POST" else (request.GET or None)
        form = RenewalYearForm(data, initial={"fiscal_year": default_year})
        preview = None
        if form.is_bound and form.is_valid():
            preview = renewal_preview(fiscal_year=form.cleaned_data["fiscal_year"])
            if request.method == "POST":
                try:
                    run = renewals.renewal_run_start(
                        fiscal_year=form.cleaned_data["fiscal_year"], actor=request.user
                    )
                except renewals.RenewalError as exc:
                    form.add_error(None, str(exc))
                else:
                    self.message_user(
                        request,
                        _("%(run)sの一括発行を開始しました。") % {"run": run},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:billing_renewalrun_change", args=[run.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("年会費請求の一括発行（プレビュー）"),
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "billing/admin/renewal_preview.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, object_id)
        if run is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": run,
            "run": run,
            "title": str(run),
            "resumable": renewals.renewal_run_resumable(run) and self._can_run(request),
            "refresh": run.status in (RenewalRun.Status.QUEUED, RenewalRun.Status.RUNNING),
        }
        return TemplateResponse(request, "billing/admin/renewal_run.html", context)

    def resume_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self._can_run(request):
            raise PermissionDenied
        run = get_object_or_404(RenewalRun, pk=pk)
        try:
            renewals.renewal_run_resume(run=run, actor=request.user)
        except renewals.RenewalError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, _("一括発行を再開しました。"))
        return HttpResponseRedirect(reverse("admin:billing_renewalrun_change", args=[pk]))


@admin.register(InvoiceReminder)
class InvoiceReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The reminders sent, and (filter: 電話連絡リスト) the invoices to call about."""

    list_display = ("invoice", "organisation", "step", "days_overdue", "created_at", "total")
    list_filter = ("step",)
    list_select_related = ("invoice", "invoice__organisation")
    search_fields = ("invoice__number", "invoice__organisation__legal_name")
    fields = ("invoice", "step", "days_overdue", "created_at", "mail")
    readonly_fields = fields

    @admin.display(description=_("メール"))
    def mail(self, obj):
        if obj.message is None:
            return _("事務局から電話でご連絡") if obj.step == InvoiceReminder.Step.CALL else "—"
        return f"{obj.message.get_status_display()}（{', '.join(obj.message.to)}）"

    @admin.display(description=_("会員組織"))
    def organisation(self, obj):
        return obj.invoice.organisation

    @admin.display(description=_("ご請求金額"))
    def total(self, obj):
        return yen(obj.invoice.total)


class ReminderPauseForm(forms.ModelForm):
    class Meta:
        model = ReminderPause
        fields = ("organisation", "reason")


@admin.register(ReminderPause)
class ReminderPauseAdmin(admin.ModelAdmin):
    """Organisations in discussion with the secretariat (協議中): no reminders meanwhile."""

    form = ReminderPauseForm
    list_display = ("organisation", "reason", "created_at", "created_by")
    list_select_related = ("organisation", "created_by")
    autocomplete_fields = ()
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return ("organisation",) if obj else ()

    def save_model(self, request, obj, form, change):
        pause = reminders.reminder_pause_set(
            organisation=form.cleaned_data.get("organisation") or obj.organisation,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        obj.pk = pause.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        reminders.reminder_pause_clear(organisation=obj.organisation, actor=request.user)


@admin.register(MembershipSuspension)
class MembershipSuspensionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("membership", "invoice", "reason", "suspended_at", "lifted_at")
    list_select_related = ("membership__organisation", "invoice")
