"""Admin of the Navi's versions: a draft is edited here (areas and items inline on the
version's page; levels and crosswalk inline on the item's page, the admin having no nested
inlines), copied into a new draft and published by buttons that call the services.

A published version is read-only for everyone, superusers included: its fields, its inline
rows (none added or deleted) and no delete, by button or bulk action. Two exceptions, as in
the models: the version's notes, and the texts of an item that still carries the review
mark, saved through `item_update_texts` (audited, with history) until the mark is cleared.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_object_actions import DjangoObjectActions, action

from aiga.admin import AuditedAdmin, HistoryAdmin
from navi.models import NaviArea, NaviItem, NaviLevel, NaviReference, NaviVersion
from navi.services import versions as services


def _published(obj) -> bool:
    return obj is not None and obj.pk is not None and obj.is_published


SMALL_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}


def _report(request, exc: services.NaviError) -> None:
    messages.error(request, str(exc))
    for error in exc.errors[:20]:
        messages.error(request, error)


class _FrozenInline:
    """Rows of a published version: shown, never added, changed or deleted."""

    def _frozen(self, obj) -> bool:
        version = obj if isinstance(obj, NaviVersion) else getattr(obj, "version", None)
        return _published(version)

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class NaviAreaInline(_FrozenInline, admin.TabularInline):
    model = NaviArea
    extra = 0
    fields = ("position", "key", "kind", "title_ja", "title_en")

    def get_fields(self, request, obj=None):
        # The area's key (rules, risks …) is the content file's; a published version's
        # page shows people the area's name, not the key.
        fields = super().get_fields(request, obj)
        return [f for f in fields if f != "key"] if self._frozen(obj) else fields


class NaviItemInline(_FrozenInline, admin.TabularInline):
    model = NaviItem
    extra = 0
    fields = (
        "number",
        "key",
        "area",
        "title_ja",
        "title_en",
        "applicability",
        "review_mark",
        "item_link",
    )
    readonly_fields = ("item_link",)
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        self._version = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area":
            version = getattr(self, "_version", None)
            kwargs["queryset"] = (
                NaviArea.objects.filter(version=version) if version else (NaviArea.objects.none())
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if self._frozen(obj):
            return self.fields
        return self.readonly_fields

    @admin.display(description=_("取組例・参照先"))
    def item_link(self, item):
        if not item.pk:
            return "—"
        url = reverse("admin:navi_naviitem_change", args=[item.pk])
        return format_html('<a href="{}">{}</a>', url, _("項目のページで編集"))


@admin.register(NaviVersion)
class NaviVersionAdmin(DjangoObjectActions, AuditedAdmin, HistoryAdmin):
    list_display = ("__str__", "status", "published_on", "reconstruction", "copied_from")
    list_filter = ("status", "reconstruction")
    fields = (
        "number",
        "status",
        "published_on",
        "reconstruction",
        "copied_from",
        "documents",
        "notes_ja",
        "notes_en",
        "level_points_note_ja",
        "level_points_note_en",
        "compare_link",
        "created_at",
    )
    inlines = [NaviAreaInline, NaviItemInline]
    formfield_overrides = SMALL_TEXT
    change_actions = ("publish", "copy")
    audit_action = "navi_version"

    def audit_state(self, obj) -> dict:
        return {field: str(getattr(obj, field)) for field in ("number", "status", "notes_ja")}

    def get_fields(self, request, obj=None):
        # A published version shows its documents as a list of names, not as JSON.
        if _published(obj):
            return tuple("documents_list" if f == "documents" else f for f in self.fields)
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        always = ("status", "published_on", "copied_from", "compare_link", "created_at")
        if _published(obj):
            return tuple(
                f
                for f in self.get_fields(request, obj)
                if f not in NaviVersion.MUTABLE_AFTER_PUBLISH
            )
        return always

    @admin.display(description=_("参照文書"))
    def documents_list(self, obj):
        names = [
            (key, names.get("ja", ""), names.get("en", ""))
            for key, names in sorted((obj.documents or {}).items())
        ]
        if not names:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}（{}）", ((ja, en) for _key, ja, en in names))

    def has_delete_permission(self, request, obj=None):
        return (
            obj is not None and not _published(obj) and super().has_delete_permission(request, obj)
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_change_actions(self, request, object_id, form_url):
        version = NaviVersion.objects.filter(pk=object_id).first()
        if version is None or not self.has_change_permission(request):
            return ()
        return ("copy",) if version.is_published else ("publish", "copy")

    @admin.display(description=_("比較"))
    def compare_link(self, obj):
        if not obj or not obj.pk:
            return "—"
        base = obj.copied_from or NaviVersion.objects.published().exclude(pk=obj.pk).first()
        if base is None:
            return "—"
        url = reverse("navi:compare") + f"?from={base.number}&to={obj.number}"
        return format_html('<a href="{}">{}</a>', url, _("%(old)s との比較") % {"old": base})

    @action(
        label=_("公開する"),
        description=_("この版を本日付で公開します。公開後は構成・文言・点数を変更できません。"),
        methods=("POST",),
        button_type="form",
    )
    def publish(self, request, obj):
        try:
            services.version_publish(version=obj, actor=request.user)
        except services.NaviError as exc:
            _report(request, exc)
            return
        messages.success(request, _("%(version)s を公開しました。") % {"version": obj})

    @action(
        label=_("新しい下書きに複製"),
        description=_("この版の領域・項目・取組例・参照先を、新しい下書きの版に複製します。"),
        methods=("POST",),
        button_type="form",
    )
    def copy(self, request, obj):
        try:
            draft = services.version_copy(version=obj, actor=request.user)
        except services.NaviError as exc:
            _report(request, exc)
            return
        messages.success(
            request, _("%(old)s を %(new)s（下書き）に複製しました。") % {"old": obj, "new": draft}
        )
        return HttpResponseRedirect(reverse("admin:navi_naviversion_change", args=[draft.pk]))


class NaviLevelInline(_FrozenInline, admin.TabularInline):
    model = NaviLevel
    formfield_overrides = SMALL_TEXT
    extra = 0
    max_num = 4
    fields = ("number", "points", "text_ja", "text_en", "ours")
    TEXTS = ("text_ja", "text_en")

    def _marked(self, obj) -> bool:
        return obj is not None and obj.review_mark

    def has_change_permission(self, request, obj=None):
        if self._frozen(obj) and self._marked(obj):
            return admin.TabularInline.has_change_permission(self, request, obj)
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self._frozen(obj):
            if self._marked(obj):
                return tuple(f for f in self.fields if f not in self.TEXTS)
            return self.fields
        return ()


class NaviReferenceInline(_FrozenInline, admin.TabularInline):
    model = NaviReference
    extra = 0
    fields = ("position", "document", "clause", "title_ja", "title_en")

    def get_readonly_fields(self, request, obj=None):
        return self.fields if self._frozen(obj) else ()


@admin.register(NaviItem)
class NaviItemAdmin(DjangoObjectActions, AuditedAdmin, HistoryAdmin):
    list_display = ("key", "number", "title_ja", "version", "area", "applicability", "marked")
    list_filter = ("version", "area__title_ja", "review_mark", "applicability")
    list_select_related = ("version", "area")
    search_fields = ("key", "title_ja", "title_en")
    fields = (
        "version",
        "area",
        "key",
        "number",
        "applicability",
        "review_mark",
        "title_ja",
        "title_en",
        "action_ja",
        "action_en",
        "risk_ja",
        "risk_en",
        "public_link",
    )
    STRUCTURE = ("version", "area", "key", "number", "applicability", "review_mark")
    inlines = [NaviLevelInline, NaviReferenceInline]
    formfield_overrides = SMALL_TEXT
    change_actions = ("clear_mark",)
    actions = ["clear_marks"]
    audit_action = "navi_item"

    def audit_state(self, obj) -> dict:
        return {field: getattr(obj, field) for field in NaviItem.TEXT_FIELDS | {"key", "number"}}

    @admin.display(description=_("事務局案"), boolean=True, ordering="review_mark")
    def marked(self, obj):
        return obj.review_mark

    @admin.display(description=_("会員向けページ"))
    def public_link(self, obj):
        if not obj or not obj.pk:
            return "—"
        url = reverse("navi:version_item", args=[obj.version.number, obj.key])
        return format_html('<a href="{}">{}</a>', url, url)

    def has_add_permission(self, request):
        return False  # added on the version's page

    def has_delete_permission(self, request, obj=None):
        if obj is None or _published(obj.version):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area" and request.resolver_match:
            object_id = request.resolver_match.kwargs.get("object_id")
            version_id = (
                NaviItem.objects.filter(pk=object_id).values_list("version_id", flat=True).first()
                if object_id and str(object_id).isdigit()
                else None
            )
            kwargs["queryset"] = NaviArea.objects.filter(version_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = ("version", "public_link")
        if obj is not None and _published(obj.version):
            readonly = self.STRUCTURE + ("public_link",)
            if not obj.review_mark:
                readonly += tuple(sorted(NaviItem.TEXT_FIELDS))
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and _published(obj.version) and not obj.review_mark:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change and _published(obj.version):
            # Saved in save_related, with the levels' texts, by the service.
            request._navi_texts = {
                field: form.cleaned_data[field]
                for field in form.changed_data
                if field in NaviItem.TEXT_FIELDS
            }
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        item = form.instance
        if not (change and _published(item.version)):
            return super().save_related(request, form, formsets, change)
        level_texts = {}
        for formset in formsets:
            # Nothing is saved by the formsets themselves (the admin's change message reads these).
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is not NaviLevel:
                continue
            for level_form in formset.forms:
                changed = [f for f in level_form.changed_data if f in NaviLevelInline.TEXTS]
                if level_form.instance.pk and changed:
                    level_texts[level_form.instance.number] = {
                        f: level_form.cleaned_data[f] for f in changed
                    }
        try:
            services.item_update_texts(
                item=NaviItem.objects.get(pk=item.pk),
                actor=request.user,
                texts=getattr(request, "_navi_texts", {}),
                level_texts=level_texts,
            )
        except services.NaviError as exc:
            _report(request, exc)

    def log_change(self, request, obj, message):
        if _published(obj.version):  # the service wrote the audit entry
            return admin.ModelAdmin.log_change(self, request, obj, message)
        return super().log_change(request, obj, message)

    def get_change_actions(self, request, object_id, form_url):
        item = NaviItem.objects.filter(pk=object_id).first()
        if item is None or not item.review_mark:
            return ()
        return ("clear_mark",)

    @action(
        label=_("事務局案の印を解除"),
        description=_(
            "SWGのレビューが済んだ項目の印を解除します。公開済みの版では文言も確定します。"
        ),
        methods=("POST",),
        button_type="form",
    )
    def clear_mark(self, request, obj):
        try:
            services.item_clear_review_mark(item=obj, actor=request.user)
        except services.NaviError as exc:
            _report(request, exc)
            return
        messages.success(request, _("%(item)s の事務局案の印を解除しました。") % {"item": obj})

    @admin.action(description=_("選択した項目の事務局案の印を解除"))
    def clear_marks(self, request, queryset):
        done = []
        for item in queryset.filter(review_mark=True):
            services.item_clear_review_mark(item=item, actor=request.user)
            done.append((item.key,))
        if done:
            messages.success(
                request,
                format_html(
                    "{} {}", _("事務局案の印を解除しました:"), format_html_join(", ", "{}", done)
                ),
            )
