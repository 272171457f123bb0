from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from aiga.audit import audit_log
from aiga.mail import sample_context, template_error
from aiga.models import AuditEntry, EmailTemplate, OutboxMessage
from aiga.outbox import message_id_header, outbox_resend


class ReadOnlyAdminMixin:
    """Nobody, superusers included, can add, change or delete these rows in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class SuperuserDeletes:
    """Records the register keeps (they are ended, not deleted); a superuser may remove one
    entered in error."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class HistoryAdmin(SimpleHistoryAdmin):
    """The change history of a record (who, when, what), to read: a past version is shown but
    never saved back (SIMPLE_HISTORY_REVERT_DISABLED hides the button; this refuses the POST)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class AuditedAdmin:
    """Every add, change and delete made in this admin is also an audit entry, with what was
    changed (`audit_state` gives the values compared before and after)."""

    audit_action = ""
    audit_secret = ()  # keys whose values are never written, only that they changed

    def audit_state(self, obj) -> dict:
        return {}

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            request._audit_before = self.audit_state(obj)
        return obj

    def _audit(self, request, obj, verb: str, message) -> None:
        before = getattr(request, "_audit_before", {})
        after = self.audit_state(obj) if verb != "delete" else {}
        changed = {
            key: {"changed": True}
            if key in self.audit_secret
            else {"before": before.get(key), "after": after.get(key)}
            for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key)
        }
        audit_log(
            actor=request.user,
            action=f"{self.audit_action or obj._meta.model_name}.admin_{verb}",
            target=obj,
            note=str(message) if not isinstance(message, list) else "",
            data={"changed": changed, "message": message if isinstance(message, list) else []},
        )

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "add", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "change", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete", "")
        return super().log_deletions(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "object_repr", "from_state", "to_state")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "action", "note", "actor__email")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "content_type")


class EmailTemplateForm(forms.ModelForm):
    """A template is tried before it is saved: compiled and rendered with the context its
    messages are sent with, so a syntax error is refused here instead of breaking every
    later message of its kind."""

    LANGUAGES = {"subject_ja": "ja", "body_ja": "ja", "subject_en": "en", "body_en": "en"}

    class Meta:
        model = EmailTemplate
        fields = ("description", "subject_ja", "body_ja", "subject_en", "body_en")

    def clean(self):
        data = super().clean()
        context = sample_context(self.instance)
        for name, language in self.LANGUAGES.items():
            error = template_error(data.get(name) or "", context, language)
            if error:
                self.add_error(
                    name,
                    _("このテンプレートは使えません（%(error)s）。修正してから保存してください。")
                    % {"error": error},
                )
        return data


@admin.register(EmailTemplate)
class EmailTemplateAdmin(HistoryAdmin):
    form = EmailTemplateForm
    list_display = ("key", "description", "subject_ja", "updated_at")
    search_fields = ("key", "subject_ja", "body_ja", "description")
    readonly_fields = ("key", "variables", "updated_at")
    fieldsets = (
        (None, {"fields": ("key", "description", "variables")}),
        (_("日本語"), {"fields": ("subject_ja", "body_ja")}),
        (_("英語"), {"fields": ("subject_en", "body_en")}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "purpose", "recipients", "status", "attempts", "sent_at")
    list_filter = ("status", "purpose", "template_key")
    search_fields = ("to", "idempotency_key", "subject", "purpose")
    date_hierarchy = "created_at"
    actions = ["resend"]
    # The context holds no secret: a link is a reference, issued when the message is sent
    # (aiga.outbox.register_link), and the body as sent is not kept.
    readonly_fields = ("message_id",)

    @admin.display(description=_("宛先"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.display(description="Message-ID")
    def message_id(self, obj):
        return message_id_header(obj) if obj.pk else ""

    @admin.action(description=_("選択したメッセージを再送する"), permissions=["view"])
    def resend(self, request, queryset):
        # A resend is a new message: a link it carries is issued anew, the old one stops.
        for message in queryset:
            outbox_resend(message=message, actor=request.user)
        self.message_user(request, _("再送を受け付けました。"), messages.SUCCESS)
