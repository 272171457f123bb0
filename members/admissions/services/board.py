"""The board's decision (step 4): recorded on the meeting's agenda, by a director or by the
secretariat on the board's behalf; an approval goes straight on to the membership and the
first invoice (services/onboarding.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.outbox import outbox_enqueue
from aiga.templatetags.aiga_format import jdate
from billing.services.invoices import InvoiceError
from members.admissions import workflow
from members.admissions.models import (
    AgendaItem,
    BoardDecision,
)
from members.admissions.selectors.review import (
    current_agenda_item,
)
from members.admissions.services.applications import (
    applicant_addressee,
    application_apply,
    application_lock,
)
from members.admissions.services.onboarding import application_on_approved
from members.admissions.services.review import ReviewError, require_groups, review_refusal
from members.models import BoardMeeting, User


def board_decision_record(
    *,
    application_id: int,
    decision: str,
    actor,
    actor_groups: Iterable[str],
    note: str = "",
    abstaining_ids: Iterable[int] = (),
    abstaining_note: str = "",
    consents_completed_on: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> BoardDecision:
    """Record the board's decision for the meeting the application is on.

    The admission date is the meeting's date (held) or the day the last director's consent
    arrived (written resolution) — never the day the decision is typed in."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    groups = set(actor_groups)
    require_groups(groups, workflow.BOARD, workflow.SECRETARIAT)
    if decision not in BoardDecision.Decision.values:
        raise ReviewError(_("承認または不承認を選んでください。"), field="decision")
    action = (
        workflow.Action.APPROVE
        if decision == BoardDecision.Decision.APPROVE
        else workflow.Action.REJECT
    )
    try:
        with transaction.atomic():
            application = application_lock(application_id)
            workflow.transition(application.status, action, groups, application.category)
            item = current_agenda_item(application)
            if item is None:
                raise ReviewError(_("このお申込みは理事会の議題にありません。"), code="no_agenda")
            meeting = BoardMeeting.objects.select_for_update().get(pk=item.meeting_id)
            if meeting.kind == BoardMeeting.Kind.WRITTEN and meeting.consents.exists():
                # The directors' consents are recorded (members.services.resolutions): the
                # resolution is adopted, and its date set, when the last counted one arrives.
                if meeting.consents_completed_on is None:
                    raise ReviewError(
                        _(
                            "書面決議はまだ成立していません。すべての理事の同意書を記録してから"
                            "決議を記録してください。"
                        ),
                        code="not_adopted",
                    )
                if consents_completed_on not in (None, meeting.consents_completed_on):
                    raise ReviewError(
                        _("成立の日は記録された同意書から決まります（%(date)s）。")
                        % {"date": meeting.consents_completed_on.isoformat()},
                        field="consents_completed_on",
                    )
            elif meeting.kind == BoardMeeting.Kind.WRITTEN:
                if consents_completed_on is not None:
                    if consents_completed_on < meeting.date or consents_completed_on > today:
                        raise ReviewError(
                            _("同意の到達日は提案日から今日までの日付にしてください。"),
                            field="consents_completed_on",
                        )
                    meeting.consents_completed_on = consents_completed_on
                    meeting.save(update_fields=["consents_completed_on"])
                if meeting.consents_completed_on is None:
                    raise ReviewError(
                        _("書面決議は、最後の理事の同意が到達した日を記録してください。"),
                        field="consents_completed_on",
                    )
            elif meeting.before_its_date(today):
                raise ReviewError(
                    _("理事会の開催日（%(date)s）より前に決議は記録できません。")
                    % {"date": jdate(meeting.date)},
                    code="too_early",
                )
            board_decision = BoardDecision.objects.create(
                application=application,
                meeting=meeting,
                decision=decision,
                note=(note or "").strip(),
                admission_date=meeting.admission_date,
                recorded_by=actor,
                recorded_at=now,
                on_behalf_of_board=workflow.BOARD not in groups,
                abstaining_note=(abstaining_note or "").strip(),
            )
            abstaining = list(User.objects.filter(pk__in=list(abstaining_ids)))
            if abstaining:
                board_decision.abstaining.set(abstaining)
            item.outcome = AgendaItem.Outcome.DECIDED
            item.save(update_fields=["outcome"])
            application_apply(
                application,
                action,
                actor=actor,
                actor_groups=groups,
                note=note,
                now=now,
                data={
                    "meeting_id": meeting.pk,
                    "admission_date": board_decision.admission_date.isoformat(),
                    "on_behalf_of_board": board_decision.on_behalf_of_board,
                    "abstaining": [u.pk for u in abstaining],
                    "abstaining_note": board_decision.abstaining_note,
                },
            )
            if action == workflow.Action.REJECT:
                outbox_enqueue(
                    to=application.applicant_email,
                    template_key="application_rejected",
                    purpose="application_rejected",
                    target=application,
                    language=application.language,
                    context={
                        "addressee": applicant_addressee(application),
                        "reference": application.reference,
                        "name": application.display_name,
                        "is_expert": application.category == workflow.EXPERT,
                    },
                )
            if action == workflow.Action.APPROVE:
                application_on_approved(
                    application=application, decision=board_decision, actor=actor
                )
    except workflow.TransitionError as exc:
        raise review_refusal(exc) from exc
    except InvoiceError as exc:
        # The first invoice was refused (e.g. no bank account yet): the whole approval is
        # rolled back with it, and the secretariat is told why.
        raise ReviewError(
            _("入会承認を記録できませんでした。%(reason)s") % {"reason": exc},
            code="invoice_refused",
        ) from exc
    return board_decision
