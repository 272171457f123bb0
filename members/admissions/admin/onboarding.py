"""Admin for step 7: the onboarding checklist, with its retry button."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_object_actions import DjangoObjectActions, action

from members.admin.mixins import SecretariatOnly
from members.admissions.models import OnboardingStep
from members.admissions.services.onboarding import onboarding_step_retry
from members.roles import is_secretariat


@admin.register(OnboardingStep)
class OnboardingStepAdmin(SecretariatOnly, DjangoObjectActions, admin.ModelAdmin):
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
    change_actions = ("retry",)

    @admin.display(description=_("状態"), ordering="status")
    def status_badge(self, obj):
        colour = {"done": "green", "failed": "#b00020"}.get(obj.status, "#666")
        return format_html('<strong style="color:{}">{}</strong>', colour, obj.get_status_display())

    @admin.display(description=_("再実行"))
    def retry_link(self, obj):
        if obj.status == OnboardingStep.Status.DONE:
            return "—"
        url = reverse("admin:admissions_onboardingstep_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("内容を見て再実行"))

    def get_change_actions(self, request, object_id, form_url):
        step = OnboardingStep.objects.filter(pk=object_id).first()
        if step is None or step.status == OnboardingStep.Status.DONE:
            return ()
        return ("retry",) if is_secretariat(request.user) else ()

    @action(
        label=_("再実行"),
        description=_("この項目をもう一度実行します（完了済みの項目はそのままです）。"),
        methods=("POST",),
        button_type="form",
    )
    def retry(self, request, obj):
        if not is_secretariat(request.user):
            raise PermissionDenied
        self._report(request, onboarding_step_retry(step=obj, actor=request.user))

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
