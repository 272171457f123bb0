"""The board's page (/board/): one meeting's agenda with what directors need to decide, the
full application to read, and the board pack for directors and the secretariat."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from billing.selectors import fee_schedule
from members.admissions.board_pack import board_pack_pdf, board_pack_xlsx
from members.admissions.models import Application, BoardDecision
from members.admissions.selectors.board import (
    board_agenda_page,
    board_application,
    board_meeting_choices,
    default_board_meeting,
)
from members.admissions.services.board import board_decision_record
from members.admissions.services.review import ReviewError, groups_of
from members.models import BoardMeeting, User
from members.roles import BOARD, SECRETARIAT, group_required


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("決議"), choices=BoardDecision.Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=gettext_lazy("備考"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    abstaining = forms.ModelMultipleChoiceField(
        label=gettext_lazy("特別利害関係により議決に加わらない理事"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    abstaining_note = forms.CharField(
        label=gettext_lazy("特別利害関係（理事名など）"), required=False, max_length=300
    )
    consents_completed_on = forms.DateField(
        label=gettext_lazy("最後の理事の同意が到達した日（書面決議）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["abstaining"].queryset = User.objects.filter(
            groups__name=BOARD, is_active=True
        ).order_by("full_name")


@group_required(BOARD)
def board_queue(request):
    """One meeting at a time (by default the one the board can act on now), a page of its
    agenda at a time, each item with what a director needs, the pack to download, and the
    decision form."""
    today = timezone.localdate()
    meetings = board_meeting_choices(today=today)
    chosen = request.GET.get("meeting", "")
    if chosen and not chosen.isdigit():
        raise Http404
    if not chosen:
        default = default_board_meeting(meetings, today=today)
        chosen = default.pk if default else None
    agenda = None
    if chosen:
        agenda = board_agenda_page(
            int(chosen), page=request.GET.get("page"), schedule=fee_schedule()
        )
        if agenda is None:
            raise Http404
    meeting = agenda.meeting if agenda else None
    if meeting is not None and meeting not in meetings:
        meetings = sorted([*meetings, meeting], key=lambda m: (m.date, m.pk))
    directors = DecisionForm().fields["abstaining"].queryset
    return render(
        request,
        "admissions/board_queue.html",
        {
            "meeting": meeting,
            "meetings": meetings,
            "agenda": agenda,
            "items": agenda.items if agenda else [],
            "directors": list(directors),
            "decisions": BoardDecision.Decision.choices,
            "today": today,
            # Before a held meeting's date no decision can be recorded: no forms to draw.
            "can_decide": meeting is not None and not meeting.before_its_date(today),
        },
    )


@group_required(BOARD, SECRETARIAT)
def board_application_view(request, application_id: int):
    """The full application, read-only, for the directors deciding it."""
    application = board_application(application_id)
    if application is None:
        raise Http404
    return render(
        request,
        "admissions/board_application.html",
        {"app": application, "contacts": application.contacts.all()},
    )


@require_POST
@group_required(BOARD)
def board_decide(request, application_id: int):
    application = get_object_or_404(Application, pk=application_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("入力内容を確認してください: %(errors)s")
            % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
        return redirect("admissions:board_home")
    try:
        board_decision_record(
            application_id=application.pk,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            abstaining_ids=[u.pk for u in form.cleaned_data["abstaining"]],
            abstaining_note=form.cleaned_data["abstaining_note"],
            consents_completed_on=form.cleaned_data["consents_completed_on"],
            actor=request.user,
            actor_groups=groups_of(request.user),
        )
    except ReviewError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s の決議を記録しました。") % {"name": application.display_name},
        )
    meeting, page = request.POST.get("meeting", ""), request.POST.get("page", "")
    if not meeting.isdigit():
        return redirect("admissions:board_home")
    query = f"?meeting={meeting}" + (f"&page={page}" if page.isdigit() else "")
    return redirect(reverse("admissions:board_home") + query + f"#application-{application.pk}")


def _meeting_or_404(meeting_id: int) -> BoardMeeting:
    try:
        return BoardMeeting.objects.get(pk=meeting_id)
    except BoardMeeting.DoesNotExist:
        raise Http404


@group_required(BOARD, SECRETARIAT)
def board_pack_pdf_view(request, meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    response = HttpResponse(board_pack_pdf(meeting_id=meeting.pk), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="board-pack-{meeting.date}.pdf"'
    return response


@group_required(BOARD, SECRETARIAT)
def board_pack_xlsx_view(request, meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    response = HttpResponse(
        board_pack_xlsx(meeting_id=meeting.pk),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="board-pack-{meeting.date}.xlsx"'
    return response
