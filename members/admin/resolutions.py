"""Written resolutions' consents and auditors' statements, held meetings' attendance and the
approval of their minutes. Each form asks the service's check, and saving calls the service;
nothing here is deleted within the ten years the law keeps it."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aiga.admin import HistoryAdmin
from aiga.uploads import DocumentUploadField
from members.board_papers import (
    written_resolution_consent_forms_pdf,
    written_resolution_proposal_pdf,
)
from members.models.governance import (
    AuditorStatement,
    BoardMeeting,
    MeetingAttendance,
    Officer,
    RetentionError,
    WrittenConsent,
)
from members.selectors.resolutions import (
    auditors_in_office,
    directors_in_office,
    meeting_quorum,
    written_resolution_state,
)
from members.services import resolutions as rs


def _written_open():
    return BoardMeeting.objects.filter(
        kind=BoardMeeting.Kind.WRITTEN, consents_completed_on__isnull=True
    ).order_by("-date", "-id")


class RetainedAdmin(HistoryAdmin):
    """Recorded through the add form (the service), then read; never changed or deleted here."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return False
        try:
            obj.check_deletable()
        except RetentionError:
            return False
        return request.user.is_superuser

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class WrittenConsentForm(forms.ModelForm):
    class Meta:
        model = WrittenConsent
        fields = (
            "meeting",
            "officer",
            "consented_at",
            "document",
            "received_note",
            "abstains_special_interest",
            "abstention_reason",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = _written_open()
            self.fields["officer"].queryset = directors_in_office()

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("meeting"):
            return data
        try:
            rs.written_consent_check(
                meeting=data["meeting"],
                officer_id=data["officer"].pk if data.get("officer") else None,
                consented_at=data.get("consented_at"),
                has_document=bool(data.get("document")),
                received_note=(data.get("received_note") or "").strip(),
                abstains_special_interest=data.get("abstains_special_interest", False),
                abstention_reason=(data.get("abstention_reason") or "").strip(),
                now=timezone.now(),
            )
        except rs.ResolutionError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
        return data


@admin.register(WrittenConsent)
class WrittenConsentAdmin(RetainedAdmin):
    form = WrittenConsentForm
    list_display = (
        "meeting",
        "officer",
        "consented_at",
        "abstains_special_interest",
        "received_note",
        "recorded_by",
    )
    list_filter = ("meeting",)
    list_select_related = ("meeting", "officer", "recorded_by")
    readonly_fields = ("recorded_by", "recorded_at")

    def changelist_view(self, request, extra_context=None):
        links = format_html_join(
            " / ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:members_writtenconsent_resolution", args=[m.pk]), str(m))
                for m in _written_open()[:10]
            ),
        )
        extra_context = {**(extra_context or {}), "subtitle": links or None}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = rs.written_consent_record(
            meeting_id=data["meeting"].pk,
            officer_id=data["officer"].pk,
            actor=request.user,
            consented_at=data.get("consented_at"),
            document=data.get("document"),
            received_note=data.get("received_note", ""),
            abstains_special_interest=data.get("abstains_special_interest", False),
            abstention_reason=data.get("abstention_reason", ""),
        )
        obj.pk = saved.pk
        _announce_state(request, saved.meeting)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "resolution/<int:meeting_id>/",
                view(self.resolution_view),
                name="members_writtenconsent_resolution",
            ),
            path(
                "resolution/<int:meeting_id>/proposal.pdf",
                view(self.proposal_pdf_view),
                name="members_writtenconsent_proposal_pdf",
            ),
            path(
                "resolution/<int:meeting_id>/consent-forms.pdf",
                view(self.consent_forms_pdf_view),
                name="members_writtenconsent_consent_forms_pdf",
            ),
            *super().get_urls(),
        ]

    def _meeting(self, request, meeting_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(BoardMeeting, pk=meeting_id, kind=BoardMeeting.Kind.WRITTEN)

    def resolution_view(self, request, meeting_id):
        meeting = self._meeting(request, meeting_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("書面決議の状況"),
            "meeting": meeting,
            "state": written_resolution_state(meeting),
            "auditors": list(auditors_in_office()),
        }
        return TemplateResponse(request, "admin/members/written_resolution.html", context)

    def _pdf(self, content: bytes, filename: str) -> HttpResponse:
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def proposal_pdf_view(self, request, meeting_id):
        meeting = self._meeting(request, meeting_id)
        return self._pdf(
            written_resolution_proposal_pdf(meeting_id=meeting.pk),
            f"proposal-{meeting.date:%Y%m%d}.pdf",
        )

    def consent_forms_pdf_view(self, request, meeting_id):
        meeting = self._meeting(request, meeting_id)
        return self._pdf(
            written_resolution_consent_forms_pdf(meeting_id=meeting.pk),
            f"consent-forms-{meeting.date:%Y%m%d}.pdf",
        )


def _announce_state(request, meeting: BoardMeeting) -> None:
    meeting.refresh_from_db()
    if meeting.consents_completed_on:
        messages.success(
            request,
            _("書面決議が成立しました（最後の同意の到達日: %(date)s）。")
            % {"date": meeting.consents_completed_on.isoformat()},
        )


class AuditorStatementForm(forms.ModelForm):
    class Meta:
        model = AuditorStatement
        fields = ("meeting", "officer", "opinion", "received_at", "document", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = _written_open()
            self.fields["officer"].queryset = auditors_in_office()

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("meeting"):
            return data
        try:
            rs.auditor_statement_check(
                meeting=data["meeting"],
                officer_id=data["officer"].pk if data.get("officer") else None,
                opinion=data.get("opinion") or "",
                received_at=data.get("received_at"),
                now=timezone.now(),
            )
        except rs.ResolutionError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
        return data


@admin.register(AuditorStatement)
class AuditorStatementAdmin(RetainedAdmin):
    form = AuditorStatementForm
    list_display = ("meeting", "officer", "opinion", "received_at", "recorded_by")
    list_filter = ("meeting", "opinion")
    list_select_related = ("meeting", "officer", "recorded_by")
    readonly_fields = ("recorded_by", "recorded_at")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = rs.auditor_statement_record(
            meeting_id=data["meeting"].pk,
            officer_id=data["officer"].pk,
            opinion=data["opinion"],
            received_at=data["received_at"],
            document=data.get("document"),
            note=data.get("note", ""),
            actor=request.user,
        )
        obj.pk = saved.pk
        _announce_state(request, saved.meeting)


class AttendanceForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("理事会"),
        queryset=BoardMeeting.objects.filter(kind=BoardMeeting.Kind.HELD)
        .exclude(status=BoardMeeting.Status.MINUTES_APPROVED)
        .order_by("-date", "-id"),
    )
    attended = forms.ModelMultipleChoiceField(
        label=gettext_lazy("出席した理事・監事"),
        queryset=Officer.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MinutesForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("理事会"),
        queryset=BoardMeeting.objects.exclude(status=BoardMeeting.Status.MINUTES_APPROVED).order_by(
            "-date", "-id"
        ),
    )
    minutes_file = DocumentUploadField(
        label=gettext_lazy("署名済みの議事録（PDF）"),
        required=False,
        help_text=gettext_lazy("出席した理事・監事が署名したもの。添付済みなら空欄で構いません。"),
    )


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(RetainedAdmin):
    list_display = ("meeting", "officer", "role", "attended", "recorded_by")
    list_filter = ("meeting", "attended")
    list_select_related = ("meeting", "officer", "recorded_by")

    def has_add_permission(self, request):
        return False  # recorded for the whole board at once, on the page below

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "subtitle": format_html(
                '<a href="{}">{}</a> / <a href="{}">{}</a>',
                reverse("admin:members_meetingattendance_record"),
                _("出席を記録する"),
                reverse("admin:members_meetingattendance_minutes"),
                _("議事録を承認済みにする"),
            ),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("record/", view(self.record_view), name="members_meetingattendance_record"),
            path("minutes/", view(self.minutes_view), name="members_meetingattendance_minutes"),
            *super().get_urls(),
        ]

    def _page(self, request, form, title, quorum=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "quorum": quorum,
        }
        return TemplateResponse(request, "admin/members/meeting_attendance_form.html", context)

    def record_view(self, request):
        if not self.has_view_permission(request) or not request.user.has_perm(
            "members.add_meetingattendance"
        ):
            raise PermissionDenied
        form = AttendanceForm(request.POST or None, initial=request.GET or None)
        if request.method == "POST" and form.is_valid():
            meeting = form.cleaned_data["meeting"]
            try:
                rs.meeting_attendance_record(
                    meeting_id=meeting.pk,
                    attended_officer_ids=[o.pk for o in form.cleaned_data["attended"]],
                    actor=request.user,
                )
            except rs.ResolutionError as exc:
                form.add_error(None, exc.message)
            else:
                quorum = meeting_quorum(meeting)
                message = _(
                    "出席を記録しました（議決に加わることができる理事 %(entitled)s名中、"
                    "出席 %(present)s名）。"
                ) % {"entitled": quorum.entitled, "present": quorum.present}
                if quorum.met:
                    messages.success(request, message)
                else:
                    messages.warning(request, message + " " + _("定足数に達していません。"))
                return redirect(
                    reverse("admin:members_meetingattendance_changelist")
                    + f"?meeting__id__exact={meeting.pk}"
                )
        return self._page(request, form, _("理事会の出席を記録する"))

    def minutes_view(self, request):
        if not self.has_view_permission(request) or not request.user.has_perm(
            "members.change_boardmeeting"
        ):
            raise PermissionDenied
        form = MinutesForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            meeting = form.cleaned_data["meeting"]
            try:
                rs.board_meeting_minutes_approve(
                    meeting_id=meeting.pk,
                    minutes_file=form.cleaned_data.get("minutes_file"),
                    actor=request.user,
                )
            except rs.ResolutionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("議事録を承認済みにしました。"))
                return redirect(reverse("admin:members_meetingattendance_changelist"))
        return self._page(request, form, _("議事録を承認済みにする"))
