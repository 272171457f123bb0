"""Writes for the secretariat's review (step 3) and the board's decision (step 4).

Each service locks the application, checks the transition table through the generic helper
of services/applications.py, saves, audits and queues its e-mails in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue, outbox_link
from members.admissions import workflow
from members.admissions.models import (
    AgendaItem,
    Application,
    ApplicationContact,
    CorrectionRequest,
    ReviewCheck,
    draft_link_days,
)
from members.admissions.selectors.board import next_agenda
from members.admissions.selectors.review import (
    current_agenda_item,
    latest_checks,
    meetings_open_for_agenda,
    required_check_kinds,
)
from members.admissions.services.applications import (
    APPLICATION_FIELDS,
    CONTACT_FIELDS,
    SECRETARIAT_ADDRESSEE,
    ApplicationError,
    applicant_addressee,
    application_apply,
    application_flag_duplicate,
    application_lock,
    application_summary,
    application_write,
)
from members.admissions.services.applications import LINK_KIND as DRAFT_LINK
from members.models import BoardMeeting
from members.roles import is_board, is_secretariat
from members.selectors.meetings import next_planned_meeting


class ReviewError(ApplicationError):
    """A refused review or board action, with a message for the secretariat or director."""


def require_groups(actor_groups: Iterable[str], *allowed: str) -> None:
    if not set(actor_groups) & set(allowed):
        raise ReviewError(_("この操作を行う権限がありません。"), code="not_allowed")


def review_refusal(exc: workflow.TransitionError) -> ReviewError:
    return ReviewError(
        _("現在の状態（%(status)s）では、この操作はできません。")
        % {"status": Application.Status(exc.status).label if exc.status else ""},
        code=exc.code,
    )


def _admin_url(application: Application) -> str:
    """The application's admin page, which answers whatever its status becomes (the review
    page lists only applications under review)."""
    try:
        path = reverse("admin:admissions_application_change", args=[application.pk])
    except NoReverseMatch:  # pragma: no cover - the admin is always installed
        path = "/admin/"
    return settings.SITE_URL + path


def application_snapshot(application: Application) -> dict:
    """The submitted fields as plain JSON values, for the field-by-field diff."""
    data: dict = {}
    for name in APPLICATION_FIELDS:
        value = getattr(application, name, None)
        if name in ("industry", "recommender"):
            value = str(value) if value else ""
        elif isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, bool, list, dict)):
            value = str(value)
        data[name] = value
    for i, contact in enumerate(application.contacts.all(), start=1):
        for name in CONTACT_FIELDS:
            value = getattr(contact, name)
            data[f"contact{i}.{name}"] = value
    return data


def field_label(name: str) -> str:
    if "." in name:
        prefix, attr = name.split(".", 1)

        try:
            label = ApplicationContact._meta.get_field(attr).verbose_name
        except FieldDoesNotExist:
            label = attr
        return f"{_('担当者')}{prefix.removeprefix('contact')}: {label}"
    try:
        return str(Application._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def review_check_record(
    *,
    application_id: int,
    kind: str,
    result: str,
    checked_on: datetime.date,
    actor,
    actor_groups: Iterable[str],
    method: str = "",
    source: str = "",
    note: str = "",
    override_reason: str = "",
) -> ReviewCheck:
    """Record one check of the review checklist (a later record of a kind supersedes)."""
    require_groups(actor_groups, workflow.SECRETARIAT)
    with transaction.atomic():
        application = application_lock(application_id)
        if application.status not in (
            workflow.Status.SUBMITTED,
            workflow.Status.CORRECTION_REQUESTED,
        ):
            raise ReviewError(
                _("申込受付または補正依頼中のお申込みだけ確認を記録できます。"),
                code="wrong_status",
            )
        if kind not in required_check_kinds(application.category):
            raise ReviewError(_("この会員種別には不要な確認項目です。"), code="wrong_kind")
        if result not in ReviewCheck.Result.values:
            raise ReviewError(_("確認結果を選んでください。"), code="invalid")
        if kind == ReviewCheck.Kind.ANTISOCIAL and not method.strip():
            raise ReviewError(
                _("反社チェックは方法（例: 新聞記事・データベース検索）を記録してください。"),
                field="method",
            )
        if kind == ReviewCheck.Kind.CAPITAL and not source.strip():
            raise ReviewError(_("資本金の確認資料・出典を記録してください。"), field="source")
        check = ReviewCheck.objects.create(
            application=application,
            kind=kind,
            result=result,
            method=method.strip(),
            source=source.strip(),
            checked_on=checked_on,
            checked_by=actor,
            note=note.strip(),
            override_reason=override_reason.strip(),
        )
        audit_log(
            actor=actor,
            action="application.review_check",
            target=application,
            note=note,
            data={
                "kind": kind,
                "result": result,
                "method": check.method,
                "source": check.source,
                "checked_on": checked_on.isoformat(),
                "override_reason": check.override_reason,
            },
        )
    return check


def forwarding_problems(application: Application) -> list[str]:
    """Why the application cannot go to the board yet (empty: it can)."""
    latest = latest_checks(application)
    problems = []
    for kind in required_check_kinds(application.category):
        check = latest.get(kind)
        label = ReviewCheck.Kind(kind).label
        if check is None:
            problems.append(_("「%(check)s」が未記録です。") % {"check": label})
        elif check.blocks_forwarding:
            problems.append(
                _("「%(check)s」の結果が「%(result)s」のため、付議する理由が必要です。")
                % {"check": label, "result": check.get_result_display()}
            )
    return problems


def application_request_correction(
    *,
    application_id: int,
    message: str,
    actor,
    actor_groups: Iterable[str],
    now: datetime.datetime | None = None,
) -> CorrectionRequest:
    """Ask the applicant to correct the application; e-mail a link to it."""
    now = now or timezone.now()
    message = (message or "").strip()
    if not message:
        raise ReviewError(_("補正をお願いする内容を入力してください。"), field="message")
    try:
        with transaction.atomic():
            application = application_lock(application_id)
            before = application_snapshot(application)
            # The link is issued when the e-mail is delivered; until then no link opens it.
            application.draft_token_hash = ""
            application.draft_token_expires_at = now + datetime.timedelta(days=draft_link_days())
            application_apply(
                application,
                workflow.Action.REQUEST_CORRECTION,
                actor=actor,
                actor_groups=actor_groups,
                note=message,
                now=now,
                extra_fields=["draft_token_hash", "draft_token_expires_at"],
            )
            rounds = application.correction_requests.count()
            correction = CorrectionRequest.objects.create(
                application=application,
                round=rounds + 1,
                message=message,
                requested_by=actor,
                requested_at=now,
                before=before,
            )
            outbox_enqueue(
                to=application.applicant_email,
                template_key="application_correction_request",
                purpose="application_correction_request",
                target=application,
                language=application.language,
                context={
                    "addressee": applicant_addressee(application),
                    "reference": application.reference,
                    "message": message,
                    "round": correction.round,
                    "link": outbox_link(DRAFT_LINK, application.pk),
                    "expires_at": application.draft_token_expires_at.isoformat(),
                    "next_meeting": next_agenda(today=timezone.localdate(now)),
                },
                idempotency_key=f"application_correction_request:{application.pk}:{correction.round}",
            )
    except workflow.TransitionError as exc:
        raise review_refusal(exc) from exc
    return correction


def application_resubmit(
    *,
    application_id: int,
    data: dict,
    contacts: list[dict] | None = None,
    actor=None,
    now: datetime.datetime | None = None,
) -> Application:
    """The applicant's corrected application: save it, keep the round's after-snapshot,
    back to the secretariat (status "submitted")."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            application = application_lock(application_id)
            if application.status != workflow.Status.CORRECTION_REQUESTED:
                raise workflow.TransitionError(
                    "wrong_status", status=application.status, action="resubmit"
                )
            if contacts is None:
                contacts = [
                    {k: getattr(c, k) for k in CONTACT_FIELDS} for c in application.contacts.all()
                ]
            application_write(
                application, data=data, contacts=contacts, consent=None, logo=None, now=now
            )
            application.draft_token_hash = ""
            application.draft_token_expires_at = None
            application_flag_duplicate(application, today=timezone.localdate(now))
            application_apply(
                application,
                workflow.Action.RESUBMIT,
                actor=actor,
                actor_groups=[workflow.APPLICANT],
                now=now,
                extra_fields=[
                    "draft_token_hash",
                    "draft_token_expires_at",
                    "duplicate_of_organisation",
                    "duplicate_of_application",
                ],
            )
            correction = application.correction_requests.order_by("-round").first()
            changed: list[str] = []
            if correction is not None:
                correction.after = application_snapshot(application)
                correction.resubmitted_at = now
                correction.save(update_fields=["after", "resubmitted_at"])
                changed = [k for k, _b, _a in correction.diff]
            outbox_enqueue(
                to=application.applicant_email,
                template_key="application_resubmitted",
                purpose="application_resubmitted",
                target=application,
                language=application.language,
                context={
                    "addressee": applicant_addressee(application),
                    "reference": application.reference,
                    "name": application.display_name,
                    "category": application.category,
                    "summary": application_summary(application),
                    "round": correction.round if correction else 0,
                    "is_expert": application.category == workflow.EXPERT,
                },
                idempotency_key=f"application_resubmitted_copy:{application.pk}:{now.isoformat()}",
            )
            outbox_enqueue(
                to=settings.SECRETARIAT_EMAIL,
                template_key="application_resubmitted_secretariat",
                purpose="application_resubmitted_secretariat",
                target=application,
                context={
                    "addressee": SECRETARIAT_ADDRESSEE,
                    "reference": application.reference,
                    "name": application.display_name,
                    "round": correction.round if correction else 0,
                    "changed": changed,
                    "admin_url": _admin_url(application),
                },
                idempotency_key=f"application_resubmitted:{application.pk}:{now.isoformat()}",
            )
    except workflow.TransitionError as exc:
        raise review_refusal(exc) from exc
    return application


def _agenda_meeting(meeting_id: int, *, today: datetime.date) -> BoardMeeting:
    meeting = (
        meetings_open_for_agenda(today=today).select_for_update().filter(pk=meeting_id).first()
    )
    if meeting is None:
        raise ReviewError(
            _("予定されている理事会、または議事録の承認前の開催済みの理事会を選んでください。"),
            field="meeting",
        )
    return meeting


def application_forward_to_board(
    *,
    application_id: int,
    actor,
    actor_groups: Iterable[str],
    meeting_id: int | None = None,
    today: datetime.date | None = None,
) -> AgendaItem:
    """Put the application on a meeting's agenda (checklist complete): the meeting the
    secretariat chose, or else the next planned one."""
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            application = application_lock(application_id)
            workflow.transition(
                application.status,
                workflow.Action.FORWARD_TO_BOARD,
                actor_groups,
                application.category,
            )
            problems = forwarding_problems(application)
            if problems:
                raise ReviewError(" ".join(problems), code="checklist")
            if meeting_id is not None:
                meeting = _agenda_meeting(meeting_id, today=today)
            else:
                meeting = next_planned_meeting(on_or_after=today)
            if meeting is None:
                raise ReviewError(
                    _("予定されている理事会がありません。先に理事会を登録してください。"),
                    code="no_meeting",
                )
            item = AgendaItem.objects.create(meeting=meeting, application=application)
            application_apply(
                application,
                workflow.Action.FORWARD_TO_BOARD,
                actor=actor,
                actor_groups=actor_groups,
                data={
                    "meeting_id": meeting.pk,
                    "meeting_date": meeting.date.isoformat(),
                    "agenda_number": item.number,
                },
            )
    except workflow.TransitionError as exc:
        raise review_refusal(exc) from exc
    return item


def agenda_item_move(
    *,
    application_id: int,
    meeting_id: int,
    reason: str,
    actor,
    actor_groups: Iterable[str],
    today: datetime.date | None = None,
) -> AgendaItem:
    """Move an application awaiting the board to another meeting (planned, or held and not
    yet minuted): the old item is kept as moved, the new one gets the meeting's next number.
    Moving back to a meeting it was on before reopens that item under its old number."""
    today = today or timezone.localdate()
    require_groups(actor_groups, workflow.SECRETARIAT)
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("変更の理由を入力してください。"), field="reason")
    with transaction.atomic():
        application = application_lock(application_id)
        if application.status != workflow.Status.WITH_BOARD:
            raise ReviewError(
                _("理事会の審議待ちのお申込みだけ、理事会を変更できます。"), code="wrong_status"
            )
        item = current_agenda_item(application)
        if item is None:
            raise ReviewError(_("このお申込みは理事会の議題にありません。"), code="no_agenda")
        if item.meeting_id == meeting_id:
            raise ReviewError(_("既にその理事会の議題です。"), field="meeting")
        meeting = _agenda_meeting(meeting_id, today=today)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        item.outcome = AgendaItem.Outcome.MOVED
        item.save(update_fields=["outcome"])
        new_item = AgendaItem.objects.filter(meeting=meeting, application=application).first()
        if new_item is None:
            new_item = AgendaItem.objects.create(meeting=meeting, application=application)
        else:
            new_item.outcome = AgendaItem.Outcome.PENDING
            new_item.save(update_fields=["outcome"])
        audit_log(
            actor=actor,
            action="application.agenda_move",
            target=application,
            note=reason,
            data={
                "from_meeting_id": item.meeting_id,
                "from_agenda_number": item.number,
                "to_meeting_id": meeting.pk,
                "to_meeting_date": meeting.date.isoformat(),
                "to_agenda_number": new_item.number,
            },
        )
    return new_item


def meeting_context(meeting: BoardMeeting) -> dict:
    """A meeting as the outbox stores it: raw values, written out by `meeting_label`."""
    return {"date": meeting.date.isoformat(), "kind": meeting.kind, "title": meeting.title}


def carry_over_grace_days() -> int:
    return int(getattr(settings, "BOARD_CARRY_OVER_GRACE_DAYS", 7))


def meeting_carry_over(
    *,
    meeting_id: int,
    actor=None,
    actor_groups: Iterable[str] = (workflow.SYSTEM,),
    today: datetime.date | None = None,
) -> list[AgendaItem]:
    """Move the undecided applications of a passed meeting to the next planned meeting,
    and tell the secretariat. Returns the new agenda items."""
    today = today or timezone.localdate()
    require_groups(actor_groups, workflow.SECRETARIAT, workflow.SYSTEM)
    moved: list[AgendaItem] = []
    try:
        with transaction.atomic():
            meeting = BoardMeeting.objects.select_for_update().get(pk=meeting_id)
            if meeting.date >= today:
                raise ReviewError(
                    _("まだ日付を過ぎていない理事会の議題は持ち越せません。"), code="too_early"
                )
            items = list(
                meeting.agenda.select_for_update().filter(outcome=AgendaItem.Outcome.PENDING)
            )
            if not items:
                return []
            target = next_planned_meeting(on_or_after=today, exclude_id=meeting.pk)
            names = []
            for item in items:
                application = application_lock(item.application_id)
                if application.status != workflow.Status.WITH_BOARD:
                    item.outcome = AgendaItem.Outcome.REMOVED
                    item.save(update_fields=["outcome"])
                    continue
                names.append({"reference": application.reference, "name": application.display_name})
                if target is None:
                    continue
                item.outcome = AgendaItem.Outcome.CARRIED_OVER
                item.save(update_fields=["outcome"])
                moved.append(
                    AgendaItem.objects.create(
                        meeting=target, application=application, carried_over_from=meeting
                    )
                )
                application_apply(
                    application,
                    workflow.Action.CARRY_OVER,
                    actor=actor,
                    actor_groups=actor_groups,
                    data={"from_meeting_id": meeting.pk, "to_meeting_id": target.pk},
                )
            if names:
                outbox_enqueue(
                    to=settings.SECRETARIAT_EMAIL,
                    template_key="board_carry_over_secretariat",
                    purpose="board_carry_over_secretariat",
                    target=meeting,
                    context={
                        "addressee": SECRETARIAT_ADDRESSEE,
                        "meeting": meeting_context(meeting),
                        "next_meeting": meeting_context(target) if target else None,
                        "applications": names,
                    },
                    idempotency_key=f"board_carry_over:{meeting.pk}:{today.isoformat()}",
                )
                audit_log(
                    actor=actor,
                    action="board_meeting.carry_over",
                    target=meeting,
                    data={"to_meeting_id": target.pk if target else None, "count": len(moved)},
                )
    except workflow.TransitionError as exc:
        raise review_refusal(exc) from exc
    return moved


def carry_over_due(*, today: datetime.date | None = None) -> int:
    """The daily job: carry over every meeting past its grace period with undecided items."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=carry_over_grace_days())
    ids = (
        BoardMeeting.objects.filter(date__lt=cutoff, agenda__outcome=AgendaItem.Outcome.PENDING)
        .values_list("pk", flat=True)
        .distinct()
    )
    count = 0
    for meeting_id in list(ids):
        count += len(meeting_carry_over(meeting_id=meeting_id, today=today))
    return count


def groups_of(user) -> list[str]:
    """The workflow actor groups a user holds (superusers count as secretariat)."""

    groups = []
    if is_secretariat(user):
        groups.append(workflow.SECRETARIAT)
    if is_board(user):
        groups.append(workflow.BOARD)
    return groups
