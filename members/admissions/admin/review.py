"""Admin for the review (step 3) and board meetings (step 4). Every action calls a service
and turns its domain error into an admin message."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aiga.admin import HistoryAdmin, SuperuserDeletes
from billing.selectors import overdue_by_age
from members import choices
from members.admissions import workflow
from members.admissions.admin.dashboard import dashboard_view
from members.admissions.models import ApplicationReview, BoardDecision, ReviewCheck
from members.admissions.selectors.applications import WITHDRAWABLE
from members.admissions.selectors.onboarding import overdue_days, unpaid_applications
from members.admissions.selectors.review import (
    REVIEW_STATUSES,
    applications_by_status,
    current_agenda_item,
    latest_checks,
    meeting_agenda_rows,
    meetings_open_for_agenda,
    required_check_kinds,
    waiting_days,
    waiting_for_corrections,
)
from members.admissions.services import review as rs
from members.admissions.services.applications import application_withdraw
from members.admissions.services.board import board_decision_record
from members.models import BoardMeeting
from members.models.governance import RetentionError
from members.selectors.meetings import next_planned_meeting
from members.selectors.organisations import parent_member_matches
from members.services.meetings import board_meeting_save

NTA_URL = "https://www.houjin-bangou.nta.go.jp/henkorireki-johoto.html?selHouzinNo={}"


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("確認項目"), choices=ReviewCheck.Kind.choices)
    result = forms.ChoiceField(label=gettext_lazy("結果"), choices=ReviewCheck.Result.choices)
    checked_on = forms.DateField(
        label=gettext_lazy("確認日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.CharField(label=gettext_lazy("方法"), required=False)
    source = forms.CharField(label=gettext_lazy("確認資料・出典"), required=False)
    note = forms.CharField(
        label=gettext_lazy("メモ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_reason = forms.CharField(
        label=gettext_lazy("理事会に付議する理由（問題なし以外の場合）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, category: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if category:  # only the checks that apply (a person has no corporate number)
            kinds = required_check_kinds(category)
            self.fields["kind"].choices = [
                (value, label) for value, label in ReviewCheck.Kind.choices if value in kinds
            ]


class CorrectionForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("補正をお願いする内容"), widget=forms.Textarea(attrs={"rows": 4})
    )


class WithdrawOnBehalfForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("取下げの理由（申込者からの連絡の内容）"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OnBehalfForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("決議"), choices=BoardDecision.Decision.choices)
    note = forms.CharField(label=gettext_lazy("備考"), required=False)
    consents_completed_on = forms.DateField(
        label=gettext_lazy("最後の理事の同意が到達した日（書面決議）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    abstaining_note = forms.CharField(
        label=gettext_lazy("特別利害関係（理事名など）"), required=False
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}・{obj.get_status_display()}"


class ForwardForm(forms.Form):
    meeting = MeetingChoiceField(
        label=gettext_lazy("理事会"), queryset=BoardMeeting.objects.none(), empty_label=None
    )

    def __init__(self, *args, today, exclude_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = meetings_open_for_agenda(today=today)
        if exclude_id:
            meetings = meetings.exclude(pk=exclude_id)
        self.fields["meeting"].queryset = meetings
        default = next_planned_meeting(on_or_after=today, exclude_id=exclude_id)
        if default is not None:
            self.fields["meeting"].initial = default.pk


class MoveForm(ForwardForm):
    reason = forms.CharField(
        label=gettext_lazy("変更の理由"), widget=forms.Textarea(attrs={"rows": 2})
    )


class PossibleDuplicateFilter(admin.SimpleListFilter):
    title = gettext_lazy("重複の可能性")
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("あり（既に会員・手続中）"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                Q(duplicate_of_organisation__isnull=False)
                | Q(duplicate_of_application__isnull=False)
            )
        return queryset


def _errors(form) -> str:
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


@admin.register(ApplicationReview)
class ApplicationReviewAdmin(admin.ModelAdmin):
    list_display = ("display_name_col", "category", "status", "waiting_col", "checks_col")
    list_filter = ("status", "category", PossibleDuplicateFilter)
    search_fields = ("legal_name", "corporate_number", "applicant_email")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status__in=REVIEW_STATUSES)
            .prefetch_related("review_checks", "contacts")
            .order_by("status_changed_at")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("法人名・氏名"))
    def display_name_col(self, obj):
        return obj.display_name or obj.reference

    @admin.display(description=gettext_lazy("待ち日数"), ordering="status_changed_at")
    def waiting_col(self, obj):
        return _("%(days)s日") % {"days": waiting_days(timezone.now() - obj.status_changed_at)}

    @admin.display(description=gettext_lazy("確認"))
    def checks_col(self, obj):
        latest = latest_checks(obj)
        kinds = required_check_kinds(obj.category)
        done = sum(1 for k in kinds if k in latest and not latest[k].blocks_forwarding)
        return f"{done}/{len(kinds)}"

    def get_urls(self):
        info = self.admin_site.admin_view
        return [
            path("overview/", info(self.overview_view), name="admissions_review_overview"),
            path(
                "dashboard/",
                info(lambda request: dashboard_view(self, request)),
                name="admissions_register_dashboard",
            ),
            path("<int:pk>/check/", info(self.check_view), name="admissions_review_check"),
            path(
                "<int:pk>/correction/",
                info(self.correction_view),
                name="admissions_review_correction",
            ),
            path("<int:pk>/forward/", info(self.forward_view), name="admissions_review_forward"),
            path("<int:pk>/move/", info(self.move_view), name="admissions_review_move"),
            path("<int:pk>/decide/", info(self.decide_view), name="admissions_review_decide"),
            path("<int:pk>/withdraw/", info(self.withdraw_view), name="admissions_review_withdraw"),
            *super().get_urls(),
        ]

    # ---------------------------------------------------------------- pages

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pk = int(object_id) if str(object_id).isdigit() else None
        app = (
            self.get_queryset(request)
            .select_related("industry", "recommender")
            .filter(pk=pk)
            .first()
        )
        if app is None:
            # Out of review (approved, rejected, withdrawn…): a link kept from earlier, such
            # as an old notice, goes on to the application's own page.
            get_object_or_404(ApplicationReview.objects.all(), pk=pk)
            return redirect(reverse("admin:admissions_application_change", args=[pk]))
        today = timezone.localdate()
        current = current_agenda_item(app)
        latest = latest_checks(app)
        checks = [
            (ReviewCheck.Kind(k).label, k, latest.get(k))
            for k in required_check_kinds(app.category)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{app.reference} {app.display_name}",
            "app": app,
            "checks": checks,
            "all_checks": app.review_checks.select_related("checked_by").order_by("-recorded_at"),
            "problems": rs.forwarding_problems(app),
            "nta_url": NTA_URL.format(app.corporate_number) if app.corporate_number else "",
            "parent_members": parent_member_matches(app.parent_name) if app.has_parent else [],
            "rounds": [
                (c, [(rs.field_label(k), b, a) for k, b, a in c.diff])
                for c in app.correction_requests.select_related("requested_by")
            ],
            "agenda": app.agenda_items.select_related("meeting", "carried_over_from").order_by(
                "added_at", "id"
            ),
            "current_item": current,
            "forward_form": ForwardForm(today=today),
            "move_form": MoveForm(today=today, exclude_id=current.meeting_id if current else None),
            "check_form": CheckForm(
                initial={"checked_on": timezone.localdate()}, category=app.category
            ),
            "correction_form": CorrectionForm(),
            "decide_form": OnBehalfForm(),
            "withdraw_form": WithdrawOnBehalfForm(),
            "withdrawable": app.status in WITHDRAWABLE,
            "waiting": waiting_days(timezone.now() - app.status_changed_at),
            "has_view_permission": True,
            "tier_label": choices.Tier(app.quoted_tier).label if app.quoted_tier else "",
            "contacts": app.contacts.all(),
            "consents": app.consents.select_related("document"),
        }
        return TemplateResponse(request, "admin/admissions/application_review.html", context)

    def overview_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("事務局の概況"),
            "groups": applications_by_status(),
            "corrections": waiting_for_corrections(),
            "next_meeting": next_planned_meeting(on_or_after=timezone.localdate()),
            "unpaid": unpaid_applications(today=timezone.localdate()),
            "unpaid_days": overdue_days(),
            "ageing": overdue_by_age(today=timezone.localdate()),
        }
        meeting = context["next_meeting"]
        context["next_agenda"] = meeting_agenda_rows(meeting) if meeting else []
        return TemplateResponse(request, "admin/admissions/review_overview.html", context)

    # ---------------------------------------------------------------- actions

    def _back(self, pk):
        return redirect(reverse("admin:admissions_applicationreview_change", args=[pk]))

    def _run(self, request, pk, fn, success):
        if request.method != "POST":
            return self._back(pk)
        try:
            fn()
        except rs.ReviewError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success)
        return self._back(pk)

    def check_view(self, request, pk):
        form = CheckForm(request.POST or None)
        if not form.is_valid():
            messages.error(request, _errors(form) or _("入力内容を確認してください。"))
            return self._back(pk)
        d = form.cleaned_data
        return self._run(
            request,
            pk,
            lambda: rs.review_check_record(
                application_id=pk, actor=request.user, actor_groups=rs.groups_of(request.user), **d
            ),
            _("確認を記録しました。"),
        )

    def correction_view(self, request, pk):
        form = CorrectionForm(request.POST or None)
        if not form.is_valid():
            messages.error(request, _errors(form) or _("入力内容を確認してください。"))
            return self._back(pk)
        return self._run(
            request,
            pk,
            lambda: rs.application_request_correction(
                application_id=pk,
                message=form.cleaned_data["message"],
                actor=request.user,
                actor_groups=rs.groups_of(request.user),
            ),
            _("補正依頼を送信しました。"),
        )

    def withdraw_view(self, request, pk):
        """The applicant asked the secretariat to withdraw: recorded with the reason."""
        form = WithdrawOnBehalfForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            if request.method == "POST":
                messages.error(request, _errors(form) or _("入力内容を確認してください。"))
            return self._back(pk)
        try:
            application_withdraw(
                application_id=pk,
                actor=request.user,
                actor_groups=rs.groups_of(request.user),
                note=form.cleaned_data["reason"],
            )
        except workflow.TransitionError as exc:
            messages.error(request, rs.review_refusal(exc).message)
        else:
            messages.success(request, _("取下げを記録し、申込者にお知らせしました。"))
        return self._back(pk)

    def forward_view(self, request, pk):
        form = ForwardForm(request.POST or None, today=timezone.localdate())
        if request.method == "POST" and not form.is_valid():
            messages.error(request, _errors(form) or _("入力内容を確認してください。"))
            return self._back(pk)
        return self._run(
            request,
            pk,
            lambda: rs.application_forward_to_board(
                application_id=pk,
                meeting_id=form.cleaned_data["meeting"].pk,
                actor=request.user,
                actor_groups=rs.groups_of(request.user),
            ),
            _("理事会の議題に追加しました。"),
        )

    def move_view(self, request, pk):
        form = MoveForm(request.POST or None, today=timezone.localdate())
        if request.method == "POST" and not form.is_valid():
            messages.error(request, _errors(form) or _("入力内容を確認してください。"))
            return self._back(pk)
        return self._run(
            request,
            pk,
            lambda: rs.agenda_item_move(
                application_id=pk,
                meeting_id=form.cleaned_data["meeting"].pk,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                actor_groups=rs.groups_of(request.user),
            ),
            _("議題を別の理事会へ移しました。"),
        )

    def decide_view(self, request, pk):
        form = OnBehalfForm(request.POST or None)
        if not form.is_valid():
            messages.error(request, _errors(form) or _("入力内容を確認してください。"))
            return self._back(pk)
        d = form.cleaned_data
        return self._run(
            request,
            pk,
            lambda: board_decision_record(
                application_id=pk,
                decision=d["decision"],
                note=d["note"],
                consents_completed_on=d["consents_completed_on"],
                abstaining_note=d["abstaining_note"],
                actor=request.user,
                actor_groups=[g for g in rs.groups_of(request.user)],
            ),
            _("決議を記録しました。"),
        )


@admin.register(BoardMeeting)
class BoardMeetingAdmin(SuperuserDeletes, HistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        """Consents and minutes are kept ten years from the resolution (RetentionError)."""
        if obj is not None:
            try:
                obj.check_deletable()
            except RetentionError:
                return False
        return super().has_delete_permission(request, obj)

    list_display = (
        "__str__",
        "number",
        "kind",
        "date",
        "title",
        "status",
        "agenda_count",
        "exports",
    )
    list_filter = ("kind", "status")
    fields = (
        "number",
        "kind",
        "date",
        "title",
        "status",
        "consents_completed_on",
        "minutes_file",
        "minutes_reference",
        "note",
        "exports",
        "agenda_table",
    )
    readonly_fields = ("exports", "agenda_table")
    actions = ["carry_over"]

    def save_model(self, request, obj, form, change):
        board_meeting_save(meeting=obj, changed=form.changed_data, actor=request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agenda_items=Count("agenda"))

    @admin.display(description=gettext_lazy("議題数"), ordering="agenda_items")
    def agenda_count(self, obj):
        return obj.agenda_items

    @admin.display(description=gettext_lazy("議題"))
    def agenda_table(self, obj):
        """The meeting's agenda as one table drawn from one query, however long it is (a
        formset of read-only rows cost a second for a few hundred items)."""
        if not obj or not obj.pk:
            return "—"
        rows = meeting_agenda_rows(obj)
        if not rows:
            return _("議題はまだありません。")
        review_base = reverse("admin:admissions_applicationreview_changelist")
        head = format_html(
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
            _("議案番号"),
            _("入会申込"),
            _("決議"),
            _("持越し元"),
        )
        body = format_html_join(
            "",
            '<tr><td>{}</td><td><a href="{}">{} {}</a></td><td>{}</td><td>{}</td></tr>',
            (
                (
                    row.number_label,
                    f"{review_base}{row.application_id}/change/",
                    row.reference,
                    row.name,
                    row.outcome,
                    row.carried_over_from,
                )
                for row in rows
            ),
        )
        return format_html("<table>{}<tbody>{}</tbody></table>", head, body)

    @admin.display(description=gettext_lazy("入会申込者一覧"))
    def exports(self, obj):
        if not obj or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">PDF</a> / <a href="{}">Excel</a>',
            reverse("admissions:board_pack_pdf", args=[obj.pk]),
            reverse("admissions:board_pack_xlsx", args=[obj.pk]),
        )

    @admin.action(description=gettext_lazy("決議のない議題を次回の理事会へ持ち越す"))
    def carry_over(self, request, queryset):
        for meeting in queryset:
            try:
                moved = rs.meeting_carry_over(
                    meeting_id=meeting.pk,
                    actor=request.user,
                    actor_groups=rs.groups_of(request.user),
                )
            except rs.ReviewError as exc:
                self.message_user(request, f"{meeting}: {exc.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(meeting)s: %(n)s件を持ち越しました。")
                    % {"meeting": meeting, "n": len(moved)},
                )
