"""Events in the admin: the secretariat creates any kind of event with its speakers,
segments, materials and press coverage; kinds are data it can add to. New events are
saved through the service (the series' next number, the kind's segments, the audit)."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from aiga.admin import AuditedAdmin, HistoryAdmin
from events.models import (
    Event,
    EventKind,
    EventMaterial,
    EventSegment,
    PressCoverage,
    Registration,
    Speaker,
)
from events.services.events import EventError, event_check, event_create
from events.services.registrations import event_capacity_changed
from members.admin.mixins import SecretariatOnly


class LinesField(forms.CharField):
    """A JSON list edited as one item a line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class EventKindForm(forms.ModelForm):
    default_segments = LinesField(
        label=_("標準のコーナー"),
        required=False,
        help_text=_("新しいイベントに最初から入れるコーナーの名称（1行に1つ）。"),
    )

    class Meta:
        model = EventKind
        fields = (
            "key", "name", "name_en", "description", "default_audience", "is_series",
            "has_segments", "default_segments", "requires_organiser", "ground_rule",
            "is_external", "is_highlight", "order", "is_active",
        )  # fmt: skip


@admin.register(EventKind)
class EventKindAdmin(AuditedAdmin, admin.ModelAdmin):
    form = EventKindForm
    list_display = ("name", "key", "default_audience", "is_series", "is_external", "order")
    list_editable = ("order",)
    search_fields = ("name", "name_en", "key")
    audit_action = "event_kind"

    def audit_state(self, obj) -> dict:
        return {
            "name": obj.name,
            "default_audience": obj.default_audience,
            "is_series": obj.is_series,
            "ground_rule": obj.ground_rule,
        }


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    fields = ("order", "kind", "contact", "name", "affiliation", "title")
    autocomplete_fields = ("contact",)


class SegmentInline(admin.TabularInline):
    model = EventSegment
    extra = 0
    fields = ("order", "title", "presenter", "note")
    autocomplete_fields = ("presenter",)


class MaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0
    fields = ("order", "title", "file", "recording_url")


class PressInline(admin.TabularInline):
    model = PressCoverage
    extra = 0
    fields = ("outlet", "headline", "url", "published_on")


class RegistrationInline(admin.TabularInline):
    """Who registered, to read (members register in the portal)."""

    model = Registration
    extra = 0
    fields = (
        "category",
        "contact",
        "name",
        "organisation_name",
        "status",
        "attendance",
        "created_at",
    )
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("参加登録")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "contact__organisation")


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = (
            "kind", "series", "number", "title", "title_en", "is_published", "starts_at",
            "ends_at", "date_unconfirmed", "time_unconfirmed", "venue", "is_online",
            "meeting_url", "audience", "invited_organisations", "capacity", "organiser",
            "summary", "report", "participants_note",
        )  # fmt: skip

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind is not None and not self.errors:
            # The form's values, before the admin copies them onto the instance.
            event = Event(
                pk=self.instance.pk,
                kind=kind,
                series=data.get("series") or "",
                number=data.get("number"),
                organiser=data.get("organiser"),
            )
            try:
                event_check(event=event, kind=kind)
            except EventError as exc:
                self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


@admin.register(Event)
class EventAdmin(AuditedAdmin, HistoryAdmin):
    form = EventForm
    list_display = ("__str__", "kind", "when", "audience", "registered", "is_published")
    list_filter = ("kind", "audience", "date_unconfirmed", "is_published")
    list_select_related = ("kind",)
    search_fields = ("title", "title_en", "speakers__name", "speakers__affiliation")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("invited_organisations", "organiser")
    inlines = (SpeakerInline, SegmentInline, MaterialInline, PressInline, RegistrationInline)
    audit_action = "event"
    fieldsets = (
        (None, {"fields": ("kind", "series", "number", "title", "title_en", "is_published")}),
        (
            _("日時・会場"),
            {
                "fields": (
                    "starts_at",
                    "ends_at",
                    "date_unconfirmed",
                    "time_unconfirmed",
                    "venue",
                    "is_online",
                    "meeting_url",
                )
            },
        ),
        (
            _("対象"),
            {
                "fields": (
                    "audience",
                    "invited_organisations",
                    "capacity",
                    "per_organisation_limit",
                    "registration_closes_at",
                    "press_requires_approval",
                    "organiser",
                )
            },
        ),
        (_("内容・報告"), {"fields": ("summary", "report", "participants_note")}),
        (_("受付・出欠"), {"fields": ("reception",)}),
    )
    readonly_fields = ("reception",)

    @admin.display(description=_("受付・出欠"))
    def reception(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        links = [
            (reverse("events:checkin", args=[obj.pk]), _("受付（当日）")),
            (reverse("events:attendance", args=[obj.pk]), _("オンライン出席者の取込み")),
        ]
        if obj.kind.key == "all_hands":
            links.append((reverse("events:agenda", args=[obj.pk]), _("全体会のアジェンダ")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(registered_count=Count("registrations"))

    @admin.display(description=_("参加登録"), ordering="registered_count")
    def registered(self, obj):
        return obj.registered_count

    @admin.display(description=_("日時"), ordering="starts_at")
    def when(self, obj):
        if obj.date_unconfirmed:
            return _("日付未確認")
        from aiga.templatetags.aiga_format import jdate_weekday, jdatetime

        return jdate_weekday(obj.starts_at) if obj.time_unconfirmed else jdatetime(obj.starts_at)

    def audit_state(self, obj) -> dict:
        return {
            "title": obj.title,
            "starts_at": obj.starts_at.isoformat() if obj.starts_at else None,
            "audience": obj.audience,
            "number": obj.number,
            "is_published": obj.is_published,
        }

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if "capacity" in form.changed_data:  # more places: the wait-list moves up
                event_capacity_changed(event=obj, actor=request.user, now=timezone.now())
        else:
            event_create(event=obj, actor=request.user)

    def log_addition(self, request, obj, message):
        # event_create wrote the audit entry; only the admin's own log here.
        return admin.ModelAdmin.log_addition(self, request, obj, message)


@admin.register(Registration)
class RegistrationAdmin(SecretariatOnly, admin.ModelAdmin):
    """Registrations, to read: members register in the portal, guests on the public page,
    and the secretariat checks people in on the event's reception page."""

    list_display = (
        "event", "category", "person", "affiliation", "status", "attendance", "created_at",
    )  # fmt: skip
    list_filter = ("status", "category", "attendance", "event__kind")
    list_select_related = ("event__kind", "user", "contact", "organisation")
    search_fields = (
        "event__title", "user__email", "contact__family_name", "name", "organisation_name",
        "organisation__legal_name", "email",
    )  # fmt: skip
    readonly_fields = (
        "event", "category", "status", "user", "contact", "organisation", "registered_by",
        "name", "organisation_name", "job_title", "email", "email_confirmed_at", "is_walk_in",
        "ground_rule_agreed_at", "waitlisted_at", "promoted_at", "cancelled_at", "attendance",
        "checked_in_at", "anonymised_at", "created_at",
    )  # fmt: skip

    @admin.display(description=_("氏名"))
    def person(self, obj):
        return obj.person_name

    @admin.display(description=_("所属"))
    def affiliation(self, obj):
        return obj.affiliation
