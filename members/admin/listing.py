"""Admin for the register's outreach: portal invitations, the mailing-list changes and their
CSV exports, and the members' page listings."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_object_actions import DjangoObjectActions, action

from aiga.files import serve_private_file, serve_user_image
from members.admin.mixins import SecretariatOnly
from members.models import MailingListChange, MailingListExport, MemberListing, PortalInvitation
from members.roles import is_secretariat
from members.services.invitations import contact_invite
from members.services.listing import ListingError, listing_logo_approve, listing_logo_reject
from members.services.mailing_list import mailing_list_export


@admin.register(PortalInvitation)
class PortalInvitationAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ("contact", "email", "created_at", "expires_at", "used_at")
    search_fields = ("email", "contact__organisation__legal_name")
    readonly_fields = ("contact", "email", "expires_at", "used_at", "created_at")
    actions = ["reinvite"]

    @admin.action(description=_("新しい招待を送る（以前のリンクは無効になります）"))
    def reinvite(self, request, queryset):
        for invitation in queryset.select_related("contact__organisation"):
            contact_invite(contact=invitation.contact, actor=request.user)
        self.message_user(request, _("招待を送信しました。"))


@admin.register(MailingListChange)
class MailingListChangeAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ("email", "action", "organisation", "created_at", "export")
    list_filter = ("action", ("export", admin.EmptyFieldListFilter))
    search_fields = ("email", "organisation__legal_name")


@admin.register(MailingListExport)
class MailingListExportAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ("__str__", "created_by", "row_count", "download")
    fields = ("created_by", "row_count", "download")
    readonly_fields = ("download",)
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
class MemberListingAdmin(DjangoObjectActions, admin.ModelAdmin):
    list_display = ("display_name", "organisation", "is_listed", "listed_at", "logo_waiting")
    list_filter = ("is_listed", ("pending_logo", admin.EmptyFieldListFilter))
    search_fields = ("display_name", "organisation__legal_name")
    readonly_fields = ("pending_logo_preview", "pending_logo_submitted_at")
    change_actions = ("approve_logo", "reject_logo")

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    @admin.display(description=_("ロゴの承認待ち"), boolean=True)
    def logo_waiting(self, obj):
        return bool(obj.pending_logo)

    @admin.display(description=_("承認待ちのロゴ"))
    def pending_logo_preview(self, obj):
        if not obj.pending_logo:
            return "—"
        url = reverse("admin:members_memberlisting_pending_logo", args=[obj.pk])
        return format_html('<img src="{}" alt="" style="max-height:120px;max-width:320px">', url)

    def get_urls(self):
        return [
            path(
                "<int:pk>/pending-logo/",
                self.admin_site.admin_view(self.pending_logo_view),
                name="members_memberlisting_pending_logo",
            ),
            *super().get_urls(),
        ]

    def pending_logo_view(self, request, pk: int):
        if not is_secretariat(request.user):
            return redirect("admin:index")
        listing = get_object_or_404(MemberListing, pk=pk)
        if not listing.pending_logo:
            raise Http404
        return serve_user_image(listing.pending_logo)

    def get_change_actions(self, request, object_id, form_url):
        listing = MemberListing.objects.filter(pk=object_id).first()
        if listing is None or not listing.pending_logo or not is_secretariat(request.user):
            return ()
        return ("approve_logo", "reject_logo")

    @action(
        label=_("ロゴを承認して掲載"),
        description=_("承認待ちのロゴを会員一覧ページのロゴにします。"),
        methods=("POST",),
        button_type="form",
    )
    def approve_logo(self, request, obj):
        try:
            listing_logo_approve(listing=obj, actor=request.user)
        except ListingError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, _("ロゴを承認しました。"), messages.SUCCESS)

    @action(
        label=_("ロゴを承認しない"),
        description=_("承認待ちのロゴを取り下げます（掲載中のロゴはそのままです）。"),
        methods=("POST",),
        button_type="form",
    )
    def reject_logo(self, request, obj):
        try:
            listing_logo_reject(listing=obj, actor=request.user)
        except ListingError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, _("承認待ちのロゴを取り下げました。"), messages.SUCCESS)
