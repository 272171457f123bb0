"""一斉自己診断 (rounds): schedule one, open it, close it, remind those who have not
submitted. Each transition locks the round, checks NaviRound.TRANSITIONS, saves and audits
in one transaction; the e-mails go through the outbox, each once (its idempotency key).

Opening gives each issued regular and SMB member its assessment of the round, carrying over
its last submitted answers for the items the engine's comparison (navi.compare) finds
unchanged, and invites its respondents; closing freezes the assessments (navi.services.
assessments refuses changes to an assessment of a closed round) and fixes the members'
benchmark. The beat (`rounds_due`) opens, closes and reminds on the rounds' dates (Tokyo)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.models import OutboxMessage
from aiga.outbox import outbox_enqueue
from members.models import Contact, Organisation
from members.selectors.memberships import current_memberships
from members.selectors.organisations import member_representative
from navi import compare as comparing
from navi import round_dates
from navi.models import NaviAnswer, NaviAssessment, NaviRound, NaviVersion
from navi.selectors.versions import version_compare, versions_with_content
from navi.services.benchmark import round_benchmark_freeze


class RoundError(Exception):
    """A refusal shown to the secretariat."""


def _today(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now, round_dates.TOKYO).date()


def _locked(round_: NaviRound) -> NaviRound:
    return NaviRound.objects.select_for_update().select_related("version").get(pk=round_.pk)


def _require_transition(round_: NaviRound, to: str) -> None:
    if to not in NaviRound.TRANSITIONS[round_.status]:
        raise RoundError(
            _("「%(status)s」の一斉自己診断は「%(to)s」にできません。")
            % {"status": round_.get_status_display(), "to": NaviRound.Status(to).label}
        )


def schedule_problem(
    *,
    version: NaviVersion,
    title_ja: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    today: datetime.date,
) -> str:
    """Why a round cannot be scheduled so ("" when it can): the admin's form shows it."""
    if not version.is_published:
        return _("公開済みの版でなければ一斉自己診断は実施できません。")
    if closes_on < opens_on:
        return _("締切日は開始日以降の日付にしてください。")
    if version.reconstruction and not round_dates.is_history(closes_on=closes_on, today=today):
        return _(
            "参考のために再構成した版では、新たな一斉自己診断は実施できません。"
            "過去に実施した回の記録としてのみ、締切日が過去の日付で登録できます。"
        )
    if not title_ja.strip():
        return _("名称を入力してください。")
    return ""


def round_schedule(
    *,
    version: NaviVersion,
    title_ja: str,
    title_en: str = "",
    opens_on: datetime.date,
    closes_on: datetime.date,
    actor,
    today: datetime.date | None = None,
) -> NaviRound:
    """A round of a published version. A reconstruction (ver1.0, rebuilt for reference) is
    never answered anew: it takes only a round entirely in the past, recorded as history
    (the trial run), which opens and closes without e-mails."""
    today = today or timezone.localdate()
    problem = schedule_problem(
        version=version, title_ja=title_ja, opens_on=opens_on, closes_on=closes_on, today=today
    )
    if problem:
        raise RoundError(problem)
    with transaction.atomic():
        round_ = NaviRound.objects.create(
            version=version,
            title_ja=title_ja.strip(),
            title_en=title_en.strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action="navi_round.schedule",
            target=round_,
            to_state=round_.status,
            data={
                "version": version.number,
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "history": round_dates.is_history(closes_on=closes_on, today=today),
            },
        )
    return round_


def eligible_organisations(*, on: datetime.date) -> list[Organisation]:
    """Issued regular and SMB members on the day (not experts, not ended)."""
    memberships = (
        current_memberships(on=on).select_related("organisation").order_by("organisation_id")
    )
    return list(dict.fromkeys(m.organisation for m in memberships if m.is_regular_member).keys())


def round_recipients(organisation: Organisation) -> list[Contact]:
    """Who is written to about a round: the company's Navi respondents, or its 会員代表者
    where none is named."""
    respondents = list(
        organisation.contacts.filter(is_navi_respondent=True, is_active=True)
        .exclude(email="")
        .order_by("id")
    )
    if respondents:
        return respondents
    representative = member_representative(organisation)
    return [representative] if representative is not None and representative.email else []


def _carry_over(assessment: NaviAssessment, previous: NaviAssessment, comparison, now) -> int:
    """Copy the previous answers of the unchanged items, marked to confirm; note the changed
    and added items. Returns the number carried."""
    rows = {row.key: row for row in comparison.rows}
    new_items = {
        item.key: item for area in assessment.version.areas.all() for item in area.items.all()
    }
    old_answers = {
        answer.item.key: answer
        for answer in previous.answers.select_related("item", "level").filter(level__isnull=False)
    }
    carried, changed = [], {}
    for key, item in new_items.items():
        row = rows.get(key)
        old = old_answers.get(key)
        if row is None or row.status == comparing.ADDED:
            changed[key] = {"added": True, "version": previous.version.number}
            continue
        if row.status == comparing.CHANGED:
            changed[key] = {
                "text": row.text_changed,
                "points": row.points_changed,
                "version": previous.version.number,
                "level": old.level.number if old else None,
            }
            continue
        if old is None:
            continue
        level = next(lv for lv in item.levels.all() if lv.number == old.level.number)
        carried.append(
            NaviAnswer(
                assessment=assessment,
                item=item,
                level=level,
                comment=old.comment,
                evidence_url=old.evidence_url,
                # The same stored file: answer_save deletes it only when no answer names it.
                evidence_file=old.evidence_file.name,
                updated_at=now,
                carried_over=True,
            )
        )
    NaviAnswer.objects.bulk_create(carried)
    assessment.carried_from = previous
    assessment.changed_items = changed
    assessment.save(update_fields=["carried_from", "changed_items"])
    return len(carried)


def _latest_submitted(organisation: Organisation, round_: NaviRound) -> NaviAssessment | None:
    return (
        NaviAssessment.objects.filter(
            organisation=organisation, status=NaviAssessment.Status.SUBMITTED
        )
        .exclude(round=round_)
        .select_related("version")
        .order_by("-submitted_at", "-id")
        .first()
    )


def _assessment_url(assessment: NaviAssessment) -> str:
    return settings.SITE_URL + reverse("navi_portal:assessment", args=[assessment.pk])


def _round_context(round_: NaviRound, assessment: NaviAssessment, contact: Contact) -> dict:
    return {
        "addressee": contact.addressee,
        "organisation": assessment.organisation.legal_name,
        "round_ja": round_.title_ja,
        "round_en": round_.title_en or round_.title_ja,
        "version": round_.version.number,
        "opens_on": round_.opens_on.isoformat(),
        "closes_on": round_.closes_on.isoformat(),
        "carried": assessment.answers.filter(carried_over=True).count(),
        "url": _assessment_url(assessment),
    }


def round_open(*, round_: NaviRound, actor=None, now: datetime.datetime | None = None) -> NaviRound:
    """Open: each issued regular and SMB member (on the opening day; a round recorded as
    history: on its opening date) gets its assessment of the round, with the answers carried
    over, and its respondents an invitation with the deadline."""
    now = now or timezone.now()
    today = _today(now)
    with transaction.atomic():
        round_ = _locked(round_)
        _require_transition(round_, NaviRound.Status.OPEN)
        history = round_dates.is_history(closes_on=round_.closes_on, today=today)
        round_.status = NaviRound.Status.OPEN
        # A round of history is recorded as opened on its opening date.
        round_.opened_at = (
            datetime.datetime.combine(round_.opens_on, datetime.time(0), round_dates.TOKYO)
            if history
            else now
        )
        round_.save(update_fields=["status", "opened_at"])
        version = versions_with_content().get(pk=round_.version_id)
        comparisons: dict[int, comparing.Comparison] = {}
        created = carried = 0
        on = round_.opens_on if history else today
        for organisation in eligible_organisations(on=on):
            previous = _latest_submitted(organisation, round_)
            assessment = NaviAssessment.objects.create(
                organisation=organisation,
                version=version,
                round=round_,
                ai_role=(previous.ai_role if previous else "") or organisation.ai_role or "",
                use_cases=previous.use_cases if previous else "",
            )
            assessment.version = version  # with its content prefetched
            created += 1
            if previous is not None:
                if previous.version_id not in comparisons:
                    comparisons[previous.version_id] = version_compare(previous.version, version)
                carried += _carry_over(assessment, previous, comparisons[previous.version_id], now)
            if not history:
                for contact in round_recipients(organisation):
                    outbox_enqueue(
                        to=contact.email,
                        template_key="navi.round_invitation",
                        purpose="navi_round_invitation",
                        target=assessment,
                        idempotency_key=f"navi_round_invitation:{round_.pk}:{contact.pk}",
                        context=_round_context(round_, assessment, contact),
                    )
        audit_log(
            actor=actor,
            action="navi_round.open",
            target=round_,
            from_state=NaviRound.Status.SCHEDULED,
            to_state=round_.status,
            data={"assessments": created, "answers_carried": carried, "history": history},
        )
    return round_


def round_close(
    *, round_: NaviRound, actor=None, now: datetime.datetime | None = None
) -> NaviRound:
    """Close: the round's assessments freeze (NaviAssessment.is_frozen) and the members'
    benchmark is fixed from the submitted ones."""
    now = now or timezone.now()
    with transaction.atomic():
        round_ = _locked(round_)
        _require_transition(round_, NaviRound.Status.CLOSED)
        round_.status = NaviRound.Status.CLOSED
        round_.closed_at = now
        round_.save(update_fields=["status", "closed_at"])
        submitted = round_.assessments.filter(status=NaviAssessment.Status.SUBMITTED).count()
        round_benchmark_freeze(round_=round_)
        audit_log(
            actor=actor,
            action="navi_round.close",
            target=round_,
            from_state=NaviRound.Status.OPEN,
            to_state=round_.status,
            data={"submitted": submitted, "invited": round_.assessments.count()},
        )
    return round_


def _unsubmitted(round_: NaviRound):
    return (
        round_.assessments.filter(status=NaviAssessment.Status.IN_PROGRESS)
        .select_related("organisation")
        .order_by("organisation_id")
    )


def _remind(round_: NaviRound, assessments, key: str) -> int:
    """Queue the reminders not queued before under this key; returns how many are new."""
    queued = 0
    for assessment in assessments:
        for contact in round_recipients(assessment.organisation):
            idempotency_key = f"navi_round_reminder:{round_.pk}:{key}:{contact.pk}"
            if OutboxMessage.objects.filter(idempotency_key=idempotency_key).exists():
                continue
            outbox_enqueue(
                to=contact.email,
                template_key="navi.round_reminder",
                purpose="navi_round_reminder",
                target=assessment,
                idempotency_key=idempotency_key,
                context=_round_context(round_, assessment, contact),
            )
            queued += 1
    return queued


def round_remind(
    *,
    round_: NaviRound,
    actor,
    organisation: Organisation | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """The secretariat's reminder by hand: to every company that has not submitted, or to
    one. Returns the number of messages queued."""
    now = now or timezone.now()
    with transaction.atomic():
        round_ = _locked(round_)
        if not round_.is_open:
            raise RoundError(_("実施中の一斉自己診断でなければ督促できません。"))
        assessments = _unsubmitted(round_)
        if organisation is not None:
            assessments = assessments.filter(organisation=organisation)
            if not assessments.exists():
                raise RoundError(_("この会員はすでに提出済みか、この回の対象ではありません。"))
        assessments = list(assessments)
        count = _remind(round_, assessments, f"manual:{now.isoformat()}")
        audit_log(
            actor=actor,
            action="navi_round.remind",
            target=round_,
            data={
                "companies": len(assessments),
                "organisation": organisation.legal_name if organisation else "",
            },
        )
    return count


def rounds_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The beat: open the rounds whose opening date has come, close those whose closing
    date has passed (Tokyo), and send the reminders owed (each once, whatever the number
    of runs)."""
    now = now or timezone.now()
    today = _today(now)
    done = {"opened": 0, "closed": 0, "reminded": 0}
    running = NaviRound.objects.exclude(status=NaviRound.Status.CLOSED).order_by("opens_on", "id")
    for round_ in running:
        opened = round_dates.should_open(
            status=round_.status, opens_on=round_.opens_on, today=today
        )
        if opened:
            round_ = round_open(round_=round_, now=now)
            done["opened"] += 1
        if round_dates.should_close(status=round_.status, closes_on=round_.closes_on, today=today):
            round_close(round_=round_, now=now)
            done["closed"] += 1
            continue
        if opened or not round_.is_open:  # the invitation is today's e-mail
            continue
        days = round_dates.reminder_due(closes_on=round_.closes_on, today=today)
        if days is None:
            continue
        with transaction.atomic():
            done["reminded"] += _remind(round_, list(_unsubmitted(round_)), f"{days}d")
    return done
