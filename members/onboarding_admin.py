"""Admin for step 7: the onboarding checklist with its retry button, portal invitations,
the mailing-list changes and their CSV exports, and the members' page listings."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aiga.files import serve_private_file
from members.onboarding import (
    MailingListChange,
    MailingListExport,
    MemberListing,
    OnboardingStep,
    PortalInvitation,
)
from members.onboarding_services import (
    invitation_create,
    mailing_list_export,
    onboarding_step_retry,
)
from members.roles import is_secretariat


class SecretariatOnly:
    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
        url = reverse("admin:members_onboardingstep_retry", args=[obj.pk])
        return format_html(
            '<form method="post" action="{}" style="display:inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="button">{}</button></form>',
            url,
            self._csrf,
            _("再実行"),
        )

    def changelist_view(self, request, extra_context=None):
        from django.middleware.csrf import get_token

        self._csrf = get_token(request)
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name="members_onboardingstep_retry",
            ),
            *super().get_urls(),
        ]

    def retry_view(self, request, pk: int):
        if request.method != "POST" or not is_secretariat(request.user):
            return redirect("admin:members_onboardingstep_changelist")
        step = OnboardingStep.objects.filter(pk=pk).first()
        if step is not None:
            self._report(request, onboarding_step_retry(step=step, actor=request.user))
        return redirect("admin:members_onboardingstep_changelist")

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


@admin.register(PortalInvitation)
class PortalInvitationAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ("contact", "email", "created_at", "expires_at", "used_at")
    search_fields = ("email", "contact__organisation__legal_name")
    readonly_fields = ("contact", "email", "expires_at", "used_at", "created_at")
    actions = ["reinvite"]

    @admin.action(description=_("新しい招待を送る（以前のリンクは無効になります）"))
    def reinvite(self, request, queryset):
        for invitation in queryset.select_related("contact__organisation"):
            invitation_create(contact=invitation.contact, actor=request.user)
        self.message_user(request, _("招待を送信しました。"))


@admin.register(MailingListChange)
class MailingListChangeAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ("email", "action", "organisation", "created_at", "export")
    list_filter = ("action", ("export", admin.EmptyFieldListFilter))
    search_fields = ("email", "organisation__legal_name")


@admin.register(MailingListExport)
class MailingListExportAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ("__str__", "created_by", "row_count", "download")
    change_list_template = "admin/members/mailinglistexport/change_list.html"

    @admin.display(description=_("CSV"))
    def download(self, obj):
        url = reverse("admin:members_mailinglistexport_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("ダウンロード"))

    def get_urls(self):
        return [
            path(
                "new/",
                self.admin_site.admin_view(self.export_view),
                name="members_mailinglistexport_new",
            ),
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="members_mailinglistexport_download",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if request.method != "POST" or not is_secretariat(request.user):
            return redirect("admin:members_mailinglistexport_changelist")
        export = mailing_list_export(actor=request.user)
        if export is None:
            self.message_user(request, _("前回の書出し以降、変更はありません。"), messages.WARNING)
            return redirect("admin:members_mailinglistexport_changelist")
        return redirect("admin:members_mailinglistexport_download", export.pk)

    def download_view(self, request, pk: int):
        if not is_secretariat(request.user):
            return redirect("admin:index")
        export = get_object_or_404(MailingListExport, pk=pk)
        return serve_private_file(export.file, filename=export.file.name.rsplit("/", 1)[-1])


@admin.register(MemberListing)
class MemberListingAdmin(admin.ModelAdmin):
    list_display = ("display_name", "organisation", "is_listed", "listed_at")
    list_filter = ("is_listed",)
    search_fields = ("display_name", "organisation__legal_name")

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)
