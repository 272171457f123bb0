"""Admin for step 7: the onboarding checklist, with its retry button."""

from __future__ import annotations

from django.contrib import admin, messages
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.admin.mixins import SecretariatOnly
from members.admissions.models import OnboardingStep
from members.admissions.services.onboarding import onboarding_step_retry
from members.roles import is_secretariat


@admin.register(OnboardingStep)
class OnboardingStepAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ("organisation", "kind", "status_badge", "attempts", "done_at", "retry_link")
    list_filter = ("status", "kind")
    search_fields = ("organisation__legal_name", "organisation__member_number")
    readonly_fields = (
        "application",
        "organisation",
        "kind",
        "status",
        "attempts",
        "last_error",
        "done_at",
        "created_at",
        "updated_at",
    )
    actions = ["retry_steps"]

    @admin.display(description=_("状態"), ordering="status")
    def status_badge(self, obj):
        colour = {"done": "green", "failed": "#b00020"}.get(obj.status, "#666")
        return format_html('<strong style="color:{}">{}</strong>', colour, obj.get_status_display())

    @admin.display(description=_("再実行"))
    def retry_link(self, obj):
        if obj.status == OnboardingStep.Status.DONE:
            return "—"
        url = reverse("admin:admissions_onboardingstep_retry", args=[obj.pk])
        return format_html(
            '<form method="post" action="{}" style="display:inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="button">{}</button></form>',
            url,
            self._csrf,
            _("再実行"),
        )

    def changelist_view(self, request, extra_context=None):

        self._csrf = get_token(request)
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name="admissions_onboardingstep_retry",
            ),
            *super().get_urls(),
        ]

    def retry_view(self, request, pk: int):
        if request.method != "POST" or not is_secretariat(request.user):
            return redirect("admin:admissions_onboardingstep_changelist")
        step = OnboardingStep.objects.filter(pk=pk).first()
        if step is not None:
            self._report(request, onboarding_step_retry(step=step, actor=request.user))
        return redirect("admin:admissions_onboardingstep_changelist")

    def _report(self, request, step):
        if step.status == OnboardingStep.Status.DONE:
            self.message_user(request, _("%(step)s: 完了しました。") % {"step": step})
        else:
            self.message_user(
                request,
                _("%(step)s: 失敗しました（%(error)s）。")
                % {"step": step, "error": step.last_error},
                messages.ERROR,
            )

    @admin.action(description=_("選択した項目を再実行"))
    def retry_steps(self, request, queryset):
        for step in queryset:
            self._report(request, onboarding_step_retry(step=step, actor=request.user))
