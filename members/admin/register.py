"""The register in the admin: users, organisations with their memberships, contacts and
documents, industries."""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from aiga.admin import AuditedAdmin, HistoryAdmin, SuperuserDeletes
from aiga.audit import audit_entries_for, state_label
from members.admin.assembly import register_download_view, registers_view
from members.forms import PersonalDataExportForm
from members.models import (
    ChangeNotice,
    Contact,
    Industry,
    Membership,
    Organisation,
    OrganisationDocument,
    User,
)
from members.roles import is_privileged, is_secretariat
from members.selectors.memberships import current_memberships
from members.services.bounces import bounce_clear
from members.services.people import PeopleError, contact_set_active, user_set_active
from members.services.privacy import personal_data_export
from members.services.two_factor import second_factor_reset
from members.sessions import recently_reauthenticated


@admin.register(User)
class UserAdmin(AuditedAdmin, HistoryAdmin, DjangoUserAdmin):
    """Superusers manage accounts, groups and passwords here, every change audited; the
    secretariat reads the list and deactivates or reactivates members' log-ins (services),
    never a staff member's or a director's. Nobody deletes a user."""

    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "group_names")
    list_filter = ("is_staff", "is_active", "groups")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("個人情報"), {"fields": ("full_name", "language")}),
        (_("権限"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("日時"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ("groups",)
    actions = ["deactivate", "reactivate", "reset_second_factor"]
    # Said to have changed, not with what: the audit log holds no addresses (the user's
    # history, django-simple-history, keeps the values).
    audit_secret = ("password", "email")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("グループ"))
    def group_names(self, obj):
        return ", ".join(g.name for g in obj.groups.all())

    def audit_state(self, obj) -> dict:
        return {
            "email": obj.email,
            "is_active": obj.is_active,
            "is_staff": obj.is_staff,
            "is_superuser": obj.is_superuser,
            "groups": sorted(obj.groups.values_list("name", flat=True)) if obj.pk else [],
            "password": obj.password,
        }

    def has_add_permission(self, request):
        return request.user.is_superuser

    # A staff member's or a director's account (or a new one) is changed only after the
    # password was entered again a moment ago: a session left open is not enough.
    def _reauthenticate(self, request):
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('reauthenticate')}?{query}")

    def _guarded(self, request, object_id) -> bool:
        if recently_reauthenticated(request) or not request.user.is_superuser:
            return False  # the permission checks answer the others
        if object_id is None:
            return True
        user = User.objects.filter(pk=object_id).first()
        return user is not None and is_privileged(user)

    def add_view(self, request, form_url="", extra_context=None):
        if self._guarded(request, None):
            return self._reauthenticate(request)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self._guarded(request, object_id):
            return self._reauthenticate(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        if self._guarded(request, id):
            return self._reauthenticate(request)
        return super().user_change_password(request, id, form_url)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def has_manage_permission(self, request):
        return is_secretariat(request.user)

    def _set_active(self, request, queryset, active: bool):
        done = 0
        for user in queryset:
            try:
                user_set_active(user=user, active=active, actor=request.user)
                done += 1
            except PeopleError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        if done:
            self.message_user(request, _("%(n)s件を更新しました。") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("選択したログインを無効にする"), permissions=["manage"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description=_("選択したログインを有効に戻す"), permissions=["manage"])
    def reactivate(self, request, queryset):
        self._set_active(request, queryset, True)

    def has_reset_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description=_("選択したアカウントの二段階認証をリセットする（認証アプリの紛失時）"),
        permissions=["reset"],
    )
    def reset_second_factor(self, request, queryset):
        if not recently_reauthenticated(request):
            self.message_user(
                request,
                _("二段階認証のリセットの前に、パスワードを再入力してください。"),
                messages.ERROR,
            )
            return self._reauthenticate(request)
        for user in queryset:
            second_factor_reset(user=user, actor=request.user)
        self.message_user(
            request, _("%(n)s件の二段階認証をリセットしました。") % {"n": len(queryset)}
        )


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name", "name_en")


class ContactInline(admin.StackedInline):
    model = Contact
    extra = 0
    fields = (
        ("family_name", "given_name"),
        ("family_name_kana", "given_name_kana"),
        ("title", "department"),
        ("email", "phone"),
        "cc_emails",
        (
            "is_legal_representative",
            "is_member_representative",
            "is_practical_contact",
            "is_billing_contact",
            "is_navi_respondent",
            "is_event_participant",
        ),
        # What a 経理部 asks of the invoices sent to this contact (as the billing contact).
        ("invoice_postal_address", "paper_invoice_required", "purchase_order_number"),
        ("is_active", "user"),
    )
    # The log-in is linked by accepting an invitation, never by hand.
    readonly_fields = ("user",)
    can_delete = False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("category", "tier_source", "tier_reason", "admission_date", "end_date", "status")


class DocumentInline(admin.TabularInline):
    model = OrganisationDocument
    extra = 0
    fields = ("title", "file", "visible_to_member", "uploaded_at")
    readonly_fields = ("uploaded_at",)


@admin.register(Organisation)
class OrganisationAdmin(SuperuserDeletes, HistoryAdmin):
    list_display = (
        "legal_name",
        "member_number",
        "kind",
        "industry",
        "share_capital",
        "prefecture",
    )
    list_filter = ("kind", "industry", "capital_kind", "prefecture")
    search_fields = (
        "legal_name",
        "legal_name_kana",
        "name_en",
        "corporate_number",
        "member_number",
    )
    list_select_related = ("industry",)
    readonly_fields = (
        "member_number",
        "created_at",
        "updated_at",
        "billing_addressee",
        "billing_addressee_changes",
        "change_notices",
    )
    inlines = [MembershipInline, ContactInline, DocumentInline]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "registers/",
                view(lambda request: registers_view(self, request)),
                name="members_registers",
            ),
            path(
                "registers/download/",
                view(lambda request: register_download_view(self, request)),
                name="members_register_download",
            ),
            *super().get_urls(),
        ]

    fieldsets = (
        (None, {"fields": ("kind", "member_number", "legal_name", "legal_name_kana", "name_en")}),
        (
            _("法人情報"),
            {
                "fields": (
                    "corporate_number",
                    ("postal_code", "prefecture"),
                    "address",
                    "industry",
                    "website",
                    "ai_role",
                )
            },
        ),
        (
            _("資本"),
            {
                "fields": (
                    "capital_kind",
                    "share_capital",
                    "has_parent",
                    "parent_name",
                    "parent_ratio",
                )
            },
        ),
        (
            _("請求書宛先・変更届"),
            {"fields": ("billing_addressee", "billing_addressee_changes", "change_notices")},
        ),
        (_("記録"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("請求書宛先（これから発行する請求書）"))
    def billing_addressee(self, obj):
        # obj may be a past version (the history's page): read by the organisation's id.
        if getattr(obj, "id", None) is None:
            return "—"
        contacts = Contact.objects.filter(
            organisation_id=obj.id, is_active=True, is_billing_contact=True
        )
        names = [c.full_name for c in contacts]
        return "、".join(names) or _("（未設定：最初の担当者宛）")

    @admin.display(description=_("請求書宛先の変更（会員ポータル）"))
    def billing_addressee_changes(self, obj):
        if getattr(obj, "id", None) is None:
            return "—"
        entries = audit_entries_for(Organisation(pk=obj.id)).filter(
            action="contact.billing_addressee"
        )
        entries = list(entries.order_by("-created_at")[:10])
        # The entry holds the contact's id; the name is the register's (older entries: none).
        ids = {entry.data.get("contact") for entry in entries} - {None}
        names = {c.pk: c.full_name for c in Contact.objects.filter(pk__in=ids)}
        rows = [
            (
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M"),
                names.get(entry.data.get("contact"), "—"),
                state_label(entry.to_state, None, entry.action),
                entry.actor or "—",
            )
            for entry in entries
        ]
        if not rows:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}　{}：{}（{}）", rows)

    @admin.display(description=_("変更届"))
    def change_notices(self, obj):
        if getattr(obj, "id", None) is None:
            return "—"
        rows = [
            (
                reverse("admin:members_changenotice_change", args=[notice.pk]),
                timezone.localtime(notice.submitted_at).strftime("%Y-%m-%d"),
                notice.get_status_display(),
            )
            for notice in ChangeNotice.objects.filter(organisation_id=obj.id).order_by(
                "-submitted_at"
            )[:10]
        ]
        if not rows:
            return "—"
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>　{}', rows)


class CurrentMembershipFilter(admin.SimpleListFilter):
    """The members of today (the dashboard's and the registers' definition), or every
    membership issued (joins and withdrawals month by month)."""

    title = _("会員資格の発行")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("現在の会員")), ("issued", _("発行済み（終了を含む）"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=current_memberships().values("pk"))
        if self.value() == "issued":
            return queryset.filter(issued_at__isnull=False).exclude(
                status=Membership.Status.ENDED, end_date__isnull=True
            )
        return queryset


@admin.register(Membership)
class MembershipAdmin(SuperuserDeletes, HistoryAdmin):
    list_display = ("organisation", "category", "admission_date", "end_date", "status", "votes")
    list_filter = (CurrentMembershipFilter, "category", "status", "tier_source")
    search_fields = ("organisation__legal_name", "organisation__member_number")
    list_select_related = ("organisation",)
    date_hierarchy = "admission_date"

    @admin.display(description=_("議決権"))
    def votes(self, obj):
        return obj.votes


class BouncedFilter(admin.SimpleListFilter):
    title = _("メール不達")
    parameter_name = "bounced"

    def lookups(self, request, model_admin):
        return [("yes", _("不達の報告あり"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(email_bounced_at__isnull=False)
        return queryset


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    list_display = ("full_name", "organisation", "email", "role_list", "is_active")
    search_fields = (
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "email",
        "organisation__legal_name",
    )
    list_filter = (
        "is_legal_representative",
        "is_member_representative",
        "is_practical_contact",
        "is_billing_contact",
        "is_active",
        BouncedFilter,
    )
    list_select_related = ("organisation",)
    readonly_fields = ("user", "email_bounced_at", "email_bounce_reason")
    actions = ["deactivate", "reactivate", "bounce_checked", "reset_second_factor"]

    @admin.display(description=_("役割"))
    def role_list(self, obj):
        return "、".join(obj.roles)

    def get_urls(self):
        return [
            path(
                "personal-data/",
                self.admin_site.admin_view(self.personal_data_view),
                name="members_contact_personal_data",
            ),
            *super().get_urls(),
        ]

    def personal_data_view(self, request):
        """開示請求: everything held about a person or a company, as one workbook."""
        if not is_secretariat(request.user):
            raise PermissionDenied
        form = PersonalDataExportForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            organisation = form.cleaned_data["organisation"]
            content = personal_data_export(
                actor=request.user,
                email=form.cleaned_data["email"],
                organisation=organisation,
            )
            who = organisation.member_number if organisation else "person"
            stamp = timezone.localtime().strftime("%Y%m%d")
            response = HttpResponse(
                content,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="personal-data-{who or organisation.pk}-{stamp}.xlsx"'
            )
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("個人情報の書き出し（開示請求）"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/members/personal_data.html", context)

    def has_delete_permission(self, request, obj=None):
        return False

    def _set_active(self, request, queryset, active: bool):
        for contact in queryset:
            try:
                contact_set_active(contact=contact, active=active, actor=request.user)
            except PeopleError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
        self.message_user(
            request, _("%(n)s件を更新しました。") % {"n": len(queryset)}, messages.SUCCESS
        )

    @admin.action(description=_("選択した担当者の在籍を外す（ログインも無効）"))
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description=_("選択した担当者を在籍に戻す"))
    def reactivate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=_("選択した担当者のメール不達を確認済みにする"))
    def bounce_checked(self, request, queryset):
        for contact in queryset:
            bounce_clear(contact=contact, actor=request.user)
        self.message_user(
            request, _("%(n)s件を更新しました。") % {"n": len(queryset)}, messages.SUCCESS
        )


# The roles' groups: superusers alone change them (who holds a role is a user's field),
# each change audited and kept in the history.
admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(AuditedAdmin, HistoryAdmin, GroupAdmin):
    def audit_state(self, obj) -> dict:
        if not obj.pk:
            return {}
        return {
            "name": obj.name,
            "permissions": sorted(obj.permissions.values_list("codename", flat=True)),
        }

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False
