"""Admin of the rounds (一斉自己診断): the secretariat schedules a round (the add form calls
the service), opens and closes it by button (the beat also does, on its dates), sees while
it runs the response rate and who has not submitted, reminds by hand (all or one company),
and after the close reopens one company's assessment with a reason. The round's report is
its own page (/navi/rounds/<pk>/report/)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_object_actions import DjangoObjectActions, action

from aiga.templatetags.aiga_format import jdate
from members.models import Organisation
from members.roles import is_secretariat
from navi.models import NaviAssessment, NaviRound
from navi.selectors.rounds import round_response, rounds_with_counts
from navi.selectors.versions import published_versions
from navi.services import assessments as answering
from navi.services import rounds as services


def report_url(round_: NaviRound) -> str:
    # The secretariat's round report (navi's staff pages); a plain address, built there.
    return f"/navi/rounds/{round_.pk}/report/"


class RoundForm(forms.ModelForm):
    class Meta:
        model = NaviRound
        fields = ("version", "title_ja", "title_en", "opens_on", "closes_on")
        help_texts = {
            "version": _(
                "公開済みの版から選びます。参考のために再構成した版（ver1.0 など）は、"
                "締切日が過去の回を記録として登録する場合にのみ選べます（開始すると、"
                "開始日時点の会員の自己診断を作成し、メールは送りません）。"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].queryset = published_versions()

    def clean(self):
        data = super().clean()
        version, opens_on, closes_on = (
            data.get("version"),
            data.get("opens_on"),
            data.get("closes_on"),
        )
        if version and opens_on and closes_on:
            problem = services.schedule_problem(
                version=version,
                title_ja=data.get("title_ja") or "",
                opens_on=opens_on,
                closes_on=closes_on,
                today=timezone.localdate(),
            )
            if problem:
                raise forms.ValidationError(problem)
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("再開の理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("監査記録に残ります。会員向けの集計結果（締切時点）は変わりません。"),
        error_messages={"required": _("再開の理由を入力してください。")},
    )


@admin.register(NaviRound)
class NaviRoundAdmin(DjangoObjectActions, admin.ModelAdmin):
    form = RoundForm
    list_display = (
        "title_ja",
        "version",
        "opens_on",
        "closes_on",
        "status",
        "response_rate",
        "report_link",
    )
    list_filter = ("status", "version")
    change_actions = ("open_round", "close_round", "remind_all")

    def get_queryset(self, request):
        return rounds_with_counts()

    def get_fields(self, request, obj=None):
        if obj is None:
            return RoundForm.Meta.fields
        return (
            "title_ja",
            "title_en",
            "version",
            "period",
            "status",
            "history_note",
            "opened_at",
            "closed_at",
            "response",
            "report_link",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing on a round's page is edited: it moves on by its buttons.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            created = services.round_schedule(
                version=form.cleaned_data["version"],
                title_ja=form.cleaned_data["title_ja"],
                title_en=form.cleaned_data["title_en"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                actor=request.user,
            )
        except services.RoundError as exc:  # checked by the form; a race only
            raise PermissionDenied(str(exc)) from exc
        obj.pk = created.pk
        obj.status = created.status

    def log_addition(self, request, obj, message):
        return None  # the service wrote the audit entry

    # --- what the pages show ---------------------------------------------------------

    @admin.display(description=_("提出率"))
    def response_rate(self, obj):
        invited = getattr(obj, "invited", None)
        if invited is None:
            response = round_response(obj)
            invited, submitted = response.invited, response.submitted
        else:
            submitted = obj.submitted
        if not invited:
            return "—"
        return _("%(submitted)s / %(invited)s 社（%(rate)s%%）") % {
            "submitted": submitted,
            "invited": invited,
            "rate": round(100 * submitted / invited),
        }

    @admin.display(description=_("回答期間"))
    def period(self, obj):
        return _("%(opens)s 〜 %(closes)s（締切日の23時59分まで）") % {
            "opens": jdate(obj.opens_on),
            "closes": jdate(obj.closes_on),
        }

    @admin.display(description=_("記録"))
    def history_note(self, obj):
        if obj.version.reconstruction:
            return _(
                "参考のために再構成した版による過去の回（トライアル）の記録です。"
                "開始日時点の会員の自己診断として記録し、メールは送っていません。"
            )
        return "—"

    @admin.display(description=_("報告"))
    def report_link(self, obj):
        if not obj.is_closed:
            return "—"
        return format_html('<a href="{}">{}</a>', report_url(obj), _("一斉自己診断の報告"))

    @admin.display(description=_("提出状況"))
    def response(self, obj):
        response = round_response(obj)
        return render_to_string(
            "admin/navi/naviround/_response.html",
            {
                "round": obj,
                "response": response,
                "remind_url": reverse("admin:navi_naviround_remind", args=[obj.pk]),
            },
        )

    # --- buttons -----------------------------------------------------------------------

    def get_change_actions(self, request, object_id, form_url):
        round_ = NaviRound.objects.filter(pk=object_id).first()
        if round_ is None or not self.has_change_permission(request, round_):
            return ()
        return {
            NaviRound.Status.SCHEDULED: ("open_round",),
            NaviRound.Status.OPEN: ("remind_all", "close_round"),
        }.get(round_.status, ())

    def _run(self, request, call, success=""):
        try:
            result = call()
        except services.RoundError as exc:
            messages.error(request, str(exc))
            return None
        if success:
            messages.success(request, success)
        return result

    @action(
        label=_("開始する"),
        description=_(
            "対象の会員（発行済みの正会員・SMB枠）に自己診断を用意し、回答者に案内メールを送ります。"
        ),
        methods=("POST",),
        button_type="form",
    )
    def open_round(self, request, obj):
        self._run(
            request,
            lambda: services.round_open(round_=obj, actor=request.user),
            _("%(round)s を開始しました。") % {"round": obj},
        )

    @action(
        label=_("締め切る"),
        description=_("回答を締め切り、会員向けの集計を確定します。締切後は会員は変更できません。"),
        methods=("POST",),
        button_type="form",
    )
    def close_round(self, request, obj):
        self._run(
            request,
            lambda: services.round_close(round_=obj, actor=request.user),
            _("%(round)s を締め切りました。") % {"round": obj},
        )

    @action(
        label=_("未提出の全社に督促"),
        description=_("まだ提出していない全社の回答者に、締切のお知らせを送ります。"),
        methods=("POST",),
        button_type="form",
    )
    def remind_all(self, request, obj):
        count = self._run(request, lambda: services.round_remind(round_=obj, actor=request.user))
        if count is not None:
            messages.info(request, _("督促メールを%(count)s通送ります。") % {"count": count})

    # --- pages of their own ----------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/remind/",
                self.admin_site.admin_view(self.remind_view),
                name="navi_naviround_remind",
            ),
            path(
                "<int:pk>/reopen/",
                self.admin_site.admin_view(self.reopen_view),
                name="navi_naviround_reopen",
            ),
            *super().get_urls(),
        ]

    def _check(self, request):
        if not (is_secretariat(request.user) and self.has_change_permission(request)):
            raise PermissionDenied

    def remind_view(self, request, pk: int):
        """One company's reminder (the button beside it on the round's page)."""
        self._check(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        round_ = get_object_or_404(NaviRound, pk=pk)
        chosen = request.POST.get("organisation", "")
        organisation = Organisation.objects.filter(pk=chosen).first() if chosen.isdigit() else None
        if organisation is None:
            messages.error(request, _("督促する会員を選んでください。"))
        else:
            try:
                count = services.round_remind(
                    round_=round_, actor=request.user, organisation=organisation
                )
            except services.RoundError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("%(organisation)s に督促メールを%(count)s通送ります。")
                    % {"organisation": organisation.legal_name, "count": count},
                )
        return redirect("admin:navi_naviround_change", round_.pk)

    def reopen_view(self, request, pk: int):
        """After the close: one company's assessment (?assessment=) reopened, with a reason
        (audited)."""
        self._check(request)
        round_ = get_object_or_404(NaviRound, pk=pk)
        chosen = request.GET.get("assessment", "")
        if not chosen.isdigit():
            raise Http404
        assessment = get_object_or_404(
            NaviAssessment.objects.select_related("organisation", "round"),
            pk=chosen,
            round=round_,
        )
        form = ReopenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                answering.assessment_reopen_after_close(
                    assessment=assessment, reason=form.cleaned_data["reason"], actor=request.user
                )
            except answering.AssessmentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(organisation)s の自己診断を再開しました。")
                    % {"organisation": assessment.organisation.legal_name},
                )
                return redirect("admin:navi_naviround_change", round_.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("締切後の自己診断の再開"),
            "round": round_,
            "assessment": assessment,
            "form": form,
            "opts": self.model._meta,
            "back_url": reverse("admin:navi_naviround_change", args=[round_.pk]),
        }
        return TemplateResponse(request, "admin/navi/naviround/reopen.html", context)
