"""Admin for applications (read-mostly: the status changes only through the services),
the agreement documents and the officers."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aiga.admin import HistoryAdmin, language_label, readable_lines
from aiga.files import serve_user_image
from aiga.templatetags.aiga_format import amount, jdate
from members.admissions.admin.acceptances import acceptance_status_table, remind_selected
from members.admissions.models import AgreementDocument, Application, ApplicationContact, Consent
from members.choices import Tier, label_in


class ApplicationContactInline(admin.TabularInline):
    model = ApplicationContact
    extra = 0
    can_delete = False
    fields = ("family_name", "given_name", "family_name_kana", "given_name_kana", "title",
              "department", "email", "cc_lines", "phone", "is_legal_representative",
              "is_member_representative", "is_practical_contact", "is_billing_contact")  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("CC（請求書送付時）"))
    def cc_lines(self, obj):
        return readable_lines(obj.cc_emails)

    def has_add_permission(self, request, obj=None):
        return False


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    can_delete = False
    fields = ("document", "agreed_at", "agreed_by_name", "ip")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("reference_display", "display_name_col", "category", "status",
                    "tier_col", "submitted_at", "status_changed_at")  # fmt: skip
    list_filter = ("status", "category")
    search_fields = ("legal_name", "legal_name_kana", "corporate_number", "applicant_email",
                     "applicant_name")  # fmt: skip
    list_select_related = ("industry", "recommender")
    inlines = [ApplicationContactInline, ConsentInline]
    readonly_fields = ("status", "tier_col", "quoted_total", "quote_table", "submitted_at",
                       "status_changed_at", "created_at", "updated_at", "organisation",
                       "logo_link")  # fmt: skip
    # The logo is the applicant's upload, shown through logo_view (not under /media/); the
    # quote is read as a table; the links' token hashes are nobody's business here.
    exclude = ("logo", "quote", "quoted_tier", "draft_token_hash", "withdraw_token_hash")
    # Read-only pages show these as people read them.
    READABLE = {
        "logo": "logo_link",
        "quote": "quote_table",
        "quoted_tier": "tier_col",
        "mailing_list_emails": "mailing_list_lines",
        "language": "language_col",
    }
    date_hierarchy = "submitted_at"

    @admin.display(description=_("受付番号"), ordering="pk")
    def reference_display(self, obj):
        return obj.reference

    @admin.display(description=_("名称"))
    def display_name_col(self, obj):
        return obj.display_name

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("contacts")

    def get_urls(self):
        return [
            path(
                "<int:pk>/logo/",
                self.admin_site.admin_view(self.logo_view),
                name="admissions_application_logo",
            ),
            *super().get_urls(),
        ]

    def logo_view(self, request, pk):
        """The applicant's logo, to whoever may view the application (uploads are not
        served under /media/)."""
        application = get_object_or_404(Application, pk=pk)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        return serve_user_image(application.logo, cache="private, no-store")

    @admin.display(description=_("ロゴ"))
    def logo_link(self, obj):
        if not obj.logo:
            return "-"
        url = reverse("admin:admissions_application_logo", args=[obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("ロゴ"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Submitted applications are a record; only drafts are editable here at all.
        if obj is not None and obj.status != Application.Status.DRAFT:
            return [
                self.READABLE.get(f.name, f.name)
                for f in self.model._meta.fields
                if f.name not in ("draft_token_hash", "withdraw_token_hash")
            ]
        return self.readonly_fields

    def get_exclude(self, request, obj=None):
        if obj is not None and obj.status != Application.Status.DRAFT:
            return [*self.exclude, "mailing_list_emails", "language"]
        return self.exclude

    @admin.display(description=_("見積りの会員区分"), ordering="quoted_tier")
    def tier_col(self, obj):
        return label_in(Tier, obj.quoted_tier, get_language()) or obj.quoted_tier or "-"

    @admin.display(description=_("見積り"))
    def quote_table(self, obj):
        quote = obj.quote or {}
        if not quote:
            return "-"
        half = {"first": _("上期"), "second": _("下期")}.get(quote.get("half"), "")
        year = quote.get("fiscal_year")
        year = _("%(year)s年度") % {"year": year} if year else ""
        rows = [
            (_("会員区分"), label_in(Tier, quote.get("tier", ""), get_language())),
            (_("年度・期"), f"{year} {half}".strip()),
            (_("入会日の前提"), jdate(quote.get("admission_date"))),
            (_("入会費"), amount(quote.get("admission_fee"))),
            (_("年会費"), amount(quote.get("annual_fee"))),
            (_("合計"), amount(quote.get("total"))),
        ]
        reasons = format_html_join(
            mark_safe("<br>"), "{}", ((reason,) for reason in quote.get("reasons", []))
        )
        return format_html(
            "<table>{}<tr><th>{}</th><td>{}</td></tr></table>",
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
            _("計算の根拠"),
            reasons,
        )

    @admin.display(description=_("メーリングリスト登録アドレス"))
    def mailing_list_lines(self, obj):
        return readable_lines(obj.mailing_list_emails)

    @admin.display(description=_("言語"))
    def language_col(self, obj):
        return language_label(obj.language)


class AgreementDocumentForm(forms.ModelForm):
    """A version needs its full text: it is what the applicant reads and agrees to."""

    class Meta:
        model = AgreementDocument
        fields = (
            "kind",
            "title",
            "version",
            "effective_date",
            "text",
            "full_text",
            "title_en",
            "text_en",
            "full_text_en",
            "url",
            "members_must_accept",
        )

    def clean_full_text(self):
        text = (self.cleaned_data.get("full_text") or "").strip()
        if not text:
            raise forms.ValidationError(
                _("全文を入力してください。全文のない版は申込者に適用できません。")
            )
        return text


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(HistoryAdmin):
    form = AgreementDocumentForm
    list_display = (
        "title",
        "kind",
        "version",
        "effective_date",
        "has_full_text",
        "members_must_accept",
    )
    list_filter = ("kind", "members_must_accept")
    actions = ["remind_members"]

    @admin.display(description=_("会員の同意状況"))
    def acceptance_status(self, obj):
        return acceptance_status_table(obj)

    @admin.action(description=_("未同意の会員の会員代表者に同意をお願いするメールを送る"))
    def remind_members(self, request, queryset):
        remind_selected(self, request, queryset)

    def get_fields(self, request, obj=None):
        # Who has accepted and who has not, on the page of a version members must accept.
        fields = [f for f in super().get_fields(request, obj) if f != "acceptance_status"]
        if obj is not None and obj.members_must_accept:
            fields.append("acceptance_status")
        return fields

    @admin.display(description=_("全文"), boolean=True)
    def has_full_text(self, obj):
        return bool(obj.full_text)

    def get_readonly_fields(self, request, obj=None):
        # A version that anyone agreed to stays as it was: add a new version instead.
        if obj is not None and obj.consents.exists():
            return (
                "kind",
                "title",
                "version",
                "text",
                "url",
                "effective_date",
                "full_text",
                "full_text_en",
                "sha256",
                "acceptance_status",
            )
        return ("acceptance_status",)

    def has_delete_permission(self, request, obj=None):
        return obj is None or not (obj.consents.exists() or obj.member_acceptances.exists())
