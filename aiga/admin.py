from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from aiga.audit import action_label, audit_log, state_label
from aiga.mail import registered_defaults, sample_context, template_error
from aiga.models import AuditEntry, EmailTemplate, OutboxMessage
from aiga.outbox import message_id_header, outbox_resend


def language_label(code: str) -> str:
    """「日本語」 or 「English」 for a stored language code."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return code


def _plain(value) -> str:
    if value in (None, "", [], {}):
        return "-"
    if isinstance(value, dict):
        return "、".join(f"{key}: {_plain(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_plain(item) for item in value)
    return str(value)


def readable_lines(value):
    """A JSON value as lines a person reads: a list one item a line (e-mail addresses), a
    mapping one 「key: value」 a line; never the JSON itself."""
    if not value:
        return "-"
    if isinstance(value, dict):
        rows = [(f"{key}: {_plain(item)}",) for key, item in value.items()]
    elif isinstance(value, list | tuple):
        rows = [(_plain(item),) for item in value]
    else:
        rows = [(_plain(value),)]
    return format_html_join(mark_safe("<br>"), "{}", rows)


def template_description(key: str) -> str:
    """An e-mail template's key as its description (「入会承認のご連絡」…)."""
    default = registered_defaults().get(key)
    return str(default.description) if default is not None else key


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


class ActionFilter(admin.SimpleListFilter):
    title = _("操作")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True)
        return [(action, action_label(action)) for action in actions.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor", "action_col", "target_ref", "transition_col")
    list_filter = (ActionFilter, "content_type")
    search_fields = ("action", "object_id", "note", "actor__email")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "content_type")
    fields = ("created_at", "actor", "action_col", "content_type", "object_id", "target_col",
              "transition_col", "note", "data_lines", "hash")  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("対象"))
    def target_ref(self, obj):
        """In the list: the kind of record and its id, without a query per row (the name is
        the register's, on the entry's own page)."""
        if not obj.content_type_id:
            return "-"
        return _("%(model)s（ID %(id)s）") % {"model": obj.content_type.name, "id": obj.object_id}

    @admin.display(description=_("対象"))
    def target_col(self, obj):
        if not obj.content_type_id:
            return "-"
        try:
            target = obj.target
        except AttributeError:  # a kind of record this code no longer has
            target = None
        if target is None:  # removed since (a draft, a person erased from the register)
            return _("%(model)s（ID %(id)s・削除済み）") % {
                "model": obj.content_type.name,
                "id": obj.object_id,
            }
        return str(target)

    @staticmethod
    def _model(obj):
        return obj.content_type.model_class() if obj.content_type_id else None

    @admin.display(description=_("操作"), ordering="action")
    def action_col(self, obj):
        return action_label(obj.action, self._model(obj))

    @admin.display(description=_("状態の変化"))
    def transition_col(self, obj):
        if not obj.from_state and not obj.to_state:
            return "-"
        model = self._model(obj)
        return format_html(
            "{} → {}",
            state_label(obj.from_state, model, obj.action) or "-",
            state_label(obj.to_state, model, obj.action) or "-",
        )

    @admin.display(description=_("詳細"))
    def data_lines(self, obj):
        return readable_lines(obj.data)


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
    list_display = ("description", "subject_ja", "updated_at")
    search_fields = ("key", "subject_ja", "body_ja", "description")
    readonly_fields = ("variables", "updated_at")
    fieldsets = (
        (None, {"fields": ("description", "variables")}),
        (_("日本語"), {"fields": ("subject_ja", "body_ja")}),
        (_("英語"), {"fields": ("subject_en", "body_en")}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TemplateFilter(admin.SimpleListFilter):
    title = _("テンプレート")
    parameter_name = "template_key"

    def lookups(self, request, model_admin):
        keys = OutboxMessage.objects.order_by("template_key").values_list("template_key", flat=True)
        return [(key, template_description(key)) for key in keys.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(template_key=self.value()) if self.value() else queryset


class RecoveredFilter(admin.SimpleListFilter):
    """Messages sent again after a worker died mid-send: the recipient may have two copies
    (with the same Message-ID)."""

    title = _("中断後の再送")
    parameter_name = "recovered"

    def lookups(self, request, model_admin):
        return [("yes", _("中断後に再送したもの（重複の可能性）"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(recovered_at__isnull=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "template_col", "recipients", "status", "attempts", "sent_at")
    list_filter = ("status", TemplateFilter, RecoveredFilter)
    search_fields = ("to", "idempotency_key", "subject", "purpose")
    date_hierarchy = "created_at"
    actions = ["resend"]
    # The context holds no secret: a link is a reference, issued when the message is sent
    # (aiga.outbox.register_link), and the body as sent is not kept. The idempotency key
    # and the purpose are the code's own bookkeeping: searchable, not shown.
    fields = ("created_at", "template_col", "subject", "recipients", "cc_lines",
              "language_col", "status", "attempts", "sending_started_at", "recovered_at",
              "next_attempt_at",
              "last_error", "sent_at", "content_type", "object_id", "context_lines",
              "attachment_lines", "message_id")  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("テンプレート"), ordering="template_key")
    def template_col(self, obj):
        return template_description(obj.template_key)

    @admin.display(description=_("宛先"))
    def recipients(self, obj):
        return readable_lines(obj.to)

    @admin.display(description=_("CC"))
    def cc_lines(self, obj):
        return readable_lines(obj.cc)

    @admin.display(description=_("言語"))
    def language_col(self, obj):
        return language_label(obj.language)

    @admin.display(description=_("差し込み内容"))
    def context_lines(self, obj):
        return readable_lines(obj.context)

    @admin.display(description=_("添付ファイル"))
    def attachment_lines(self, obj):
        return readable_lines([item.get("filename", "") for item in obj.attachments or []])

    @admin.display(description="Message-ID")
    def message_id(self, obj):
        return message_id_header(obj) if obj.pk else ""

    @admin.action(description=_("選択したメッセージを再送する"), permissions=["view"])
    def resend(self, request, queryset):
        # A resend is a new message: a link it carries is issued anew, the old one stops.
        for message in queryset:
            outbox_resend(message=message, actor=request.user)
        self.message_user(request, _("再送を受け付けました。"), messages.SUCCESS)
