"""The register in the admin: users, organisations with their memberships, contacts and
documents, industries."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from aiga.admin import HistoryAdmin
from members.models import Contact, Industry, Membership, Organisation, OrganisationDocument, User


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin):
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
    filter_horizontal = ("groups",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("グループ"))
    def group_names(self, obj):
        return ", ".join(g.name for g in obj.groups.all())

    def get_readonly_fields(self, request, obj=None):
        # Only superusers grant superuser status.
        if not request.user.is_superuser:
            return ("is_superuser", "last_login", "date_joined")
        return ("last_login", "date_joined")


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
        "user",
    )
    raw_id_fields = ("user",)


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
class OrganisationAdmin(HistoryAdmin):
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
    readonly_fields = ("member_number", "created_at", "updated_at")
    inlines = [MembershipInline, ContactInline, DocumentInline]
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
        (_("記録"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ("organisation", "category", "admission_date", "end_date", "status", "votes")
    list_filter = ("category", "status", "tier_source")
    search_fields = ("organisation__legal_name", "organisation__member_number")
    list_select_related = ("organisation",)
    date_hierarchy = "admission_date"

    @admin.display(description=_("議決権"))
    def votes(self, obj):
        return obj.votes


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    list_display = ("full_name", "organisation", "email", "role_list")
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
    )
    list_select_related = ("organisation",)
    raw_id_fields = ("user",)

    @admin.display(description=_("役割"))
    def role_list(self, obj):
        return "、".join(obj.roles)


# The roles' groups, with the history of who changed their permissions.
admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(HistoryAdmin, GroupAdmin):
    pass
