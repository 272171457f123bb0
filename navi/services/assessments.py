"""Writes to a company's self-assessment: start it, set what the company does with AI and
its use cases, save an answer (the later save wins), submit it, reopen it. Each one
transaction with its audit entry; the member representatives are e-mailed on submission."""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from aiga.templatetags.aiga_format import jdate
from members.choices import AIRole
from members.models import Organisation
from members.selectors.memberships import current_membership
from navi import scoring
from navi.models import NaviAnswer, NaviAssessment, NaviItem, NaviLevel, NaviVersion
from navi.selectors.assessments import assessment_scores


class AssessmentError(Exception):
    """A refusal shown to the respondent."""


def _locked(assessment: NaviAssessment) -> NaviAssessment:
    return (
        NaviAssessment.objects.select_for_update(of=("self",))
        .select_related("organisation", "version", "round")
        .get(pk=assessment.pk)
    )


def _require_not_frozen(assessment: NaviAssessment) -> None:
    """An assessment of a closed round is read-only (unless the secretariat reopened it)."""
    if assessment.is_frozen:
        raise AssessmentError(
            _(
                "「%(round)s」は%(date)sに締め切られたため、回答の変更・提出・再開はできません。"
                "変更が必要な場合は、事務局にご連絡ください。"
            )
            % {"round": assessment.round.title, "date": jdate(assessment.round.closes_on)}
        )


def _require_open(assessment: NaviAssessment) -> None:
    _require_not_frozen(assessment)
    if assessment.is_submitted:
        raise AssessmentError(
            _("提出済みの自己診断は変更できません。変更するには、回答を再開してください。")
        )


def assessment_start(*, organisation: Organisation, version: NaviVersion, actor) -> NaviAssessment:
    """The organisation's assessment of the version: the one it has, or a new one with the
    profile taken from the register (Organisation.ai_role)."""
    membership = current_membership(organisation)
    if membership is None or not membership.is_regular_member:
        raise AssessmentError(_("自己診断は、正会員の企業のみご利用いただけます。"))
    if not version.is_published:
        raise AssessmentError(_("この版は公開されていません。"))
    if version.reconstruction:
        raise AssessmentError(_("この版は参考のために再構成したもので、自己診断には使えません。"))
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        existing = (
            NaviAssessment.objects.filter(organisation=organisation, version=version)
            .order_by("-created_at", "-id")
            .first()
        )
        if existing is not None:
            return existing
        assessment = NaviAssessment.objects.create(
            organisation=organisation,
            version=version,
            ai_role=organisation.ai_role or "",
            started_by=actor,
        )
        audit_log(
            actor=actor,
            action="navi_assessment.start",
            target=assessment,
            to_state=assessment.status,
            data={"version": version.number, "ai_role": assessment.ai_role},
        )
    return assessment


def assessment_set_profile(
    *, assessment: NaviAssessment, ai_role: str, use_cases: str, actor
) -> NaviAssessment:
    """What the company does with AI (which items apply: answers already given are kept)
    and the use cases it has in mind for the use-case items."""
    if ai_role not in AIRole.values:
        raise AssessmentError(_("AIとの関わりを選択してください。"))
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_open(assessment)
        before = assessment.ai_role
        assessment.ai_role = ai_role
        assessment.use_cases = "\n".join(
            line.strip() for line in use_cases.splitlines() if line.strip()
        )
        assessment.save(update_fields=["ai_role", "use_cases"])
        audit_log(
            actor=actor,
            action="navi_assessment.profile",
            target=assessment,
            data={"ai_role": ai_role, "ai_role_before": before},
        )
    return assessment


@dataclasses.dataclass(frozen=True)
class Saved:
    answer: NaviAnswer
    # Someone else saved this item after the saver last saw it: their save was replaced.
    replaced_by: str = ""
    replaced_at: datetime.datetime | None = None


def answer_save(
    *,
    assessment: NaviAssessment,
    item: NaviItem,
    level: NaviLevel | None,
    comment: str,
    evidence_url: str,
    evidence_file: UploadedFile | None = None,
    remove_file: bool = False,
    seen_at: datetime.datetime | None = None,
    actor,
    now: datetime.datetime | None = None,
) -> Saved:
    """Save one item's answer. Two respondents on one item: the later save wins, and the
    saver is told whose change (since `seen_at`, what they last saw) it replaced."""
    now = now or timezone.now()
    if item.version_id != assessment.version_id:
        raise AssessmentError(_("この項目はこの自己診断の版にありません。"))
    if level is not None and level.item_id != item.pk:
        raise AssessmentError(_("この項目の段階を選択してください。"))
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_open(assessment)
        if not scoring.applies(item.applicability, assessment.ai_role):
            raise AssessmentError(_("この項目は、御社のAIとの関わりでは回答の対象外です。"))
        answer = (
            NaviAnswer.objects.select_for_update(of=("self",))
            .filter(assessment=assessment, item=item)
            .order_by()
            .first()
        )
        replaced_by, replaced_at = "", None
        if answer is None:
            answer = NaviAnswer(assessment=assessment, item=item)
        elif (
            seen_at is not None
            and answer.updated_at > seen_at
            and answer.updated_by_id not in (None, getattr(actor, "pk", None))
        ):
            replaced_by, replaced_at = answer.updated_by.full_name, answer.updated_at
        unchanged = (
            answer.pk is not None
            and answer.level_id == (level.pk if level else None)
            and answer.comment == comment.strip()
            and answer.evidence_url == evidence_url.strip()
            and evidence_file is None
            and not (remove_file and answer.evidence_file)
        )
        if unchanged:  # the same answer sent again (a change and an input event): no write
            return Saved(answer=answer, replaced_by=replaced_by, replaced_at=replaced_at)
        answer.level = level
        answer.comment = comment.strip()
        answer.evidence_url = evidence_url.strip()
        if remove_file and answer.evidence_file:
            # A carried-over answer shares the stored file with the answer it came from.
            shared = (
                NaviAnswer.objects.filter(evidence_file=answer.evidence_file.name)
                .exclude(pk=answer.pk)
                .exists()
            )
            if not shared:
                answer.evidence_file.delete(save=False)
            answer.evidence_file = ""
        if evidence_file is not None:
            answer.evidence_file = evidence_file
        answer.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        answer.updated_at = now
        answer.carried_over = False  # changed by a respondent: no longer to confirm
        answer.save()
        audit_log(
            actor=actor,
            action="navi_answer.save",
            target=assessment,
            data={"item": item.key, "level": level.number if level else None},
        )
    return Saved(answer=answer, replaced_by=replaced_by, replaced_at=replaced_at)


def _representatives(organisation: Organisation):
    return list(
        organisation.contacts.filter(is_member_representative=True, is_active=True)
        .exclude(email="")
        .order_by("id")
    )


def assessment_submit(
    *, assessment: NaviAssessment, actor, now: datetime.datetime | None = None
) -> NaviAssessment:
    """Submit: every applicable item answered. The member representatives are told."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_open(assessment)
        if not assessment.ai_role:
            raise AssessmentError(_("提出の前に、AIとの関わりを選択してください。"))
        scores = assessment_scores(assessment)
        if not scores.progress.complete or not scores.progress.applicable:
            missing = scores.progress.applicable - scores.progress.answered
            raise AssessmentError(
                _(
                    "未回答の項目が%(count)s件あります。すべての対象項目に回答してから提出してください。"
                )
                % {"count": missing}
            )
        unconfirmed = _unconfirmed(assessment)
        if unconfirmed:
            raise AssessmentError(
                _(
                    "前回回答から引き継いだ項目のうち、未確認のものが%(count)s件あります。"
                    "内容を確認してから提出してください。"
                )
                % {"count": unconfirmed}
            )
        assessment.status = NaviAssessment.Status.SUBMITTED
        assessment.submitted_at = now
        assessment.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        assessment.reopened_after_close = False  # a late resubmission freezes again
        assessment.save(
            update_fields=["status", "submitted_at", "submitted_by", "reopened_after_close"]
        )
        scores = assessment_scores(assessment)
        tier = scores.tier
        audit_log(
            actor=actor,
            action="navi_assessment.submit",
            target=assessment,
            from_state=NaviAssessment.Status.IN_PROGRESS,
            to_state=assessment.status,
            data={"score": str(scores.overall_display), "tier": tier.key if tier else ""},
        )
        submitter = assessment.submitted_by.full_name if assessment.submitted_by else ""
        for contact in _representatives(assessment.organisation):
            outbox_enqueue(
                to=contact.email,
                template_key="navi.assessment_submitted",
                purpose="navi_assessment_submitted",
                target=assessment,
                idempotency_key=f"navi_assessment_submitted:{assessment.pk}:"
                f"{now.isoformat()}:{contact.pk}",
                context={
                    "addressee": contact.addressee,
                    "organisation": assessment.organisation.legal_name,
                    "version": assessment.version.number,
                    "submitted_at": now.isoformat(),
                    "submitted_by": submitter,
                    "score": str(scores.overall_display),
                    "tier": tier.key if tier else "",
                    "answered": scores.progress.answered,
                    "result_url": settings.SITE_URL
                    + reverse("navi_portal:result", args=[assessment.pk]),
                },
            )
    return assessment


def assessment_reopen(*, assessment: NaviAssessment, actor) -> NaviAssessment:
    """A submitted assessment back to answering, by its respondents: any time outside a
    round, until the close in one (after it only the secretariat reopens, with a reason)."""
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_not_frozen(assessment)
        if not assessment.is_submitted:
            raise AssessmentError(_("この自己診断は提出されていません。"))
        assessment.status = NaviAssessment.Status.IN_PROGRESS
        assessment.submitted_at = None
        assessment.submitted_by = None
        try:
            with transaction.atomic():
                assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
        except IntegrityError as exc:
            raise AssessmentError(
                _("この版の回答中の自己診断がすでにあるため、再開できません。")
            ) from exc
        audit_log(
            actor=actor,
            action="navi_assessment.reopen",
            target=assessment,
            from_state=NaviAssessment.Status.SUBMITTED,
            to_state=assessment.status,
        )
    return assessment


def _unconfirmed(assessment: NaviAssessment) -> int:
    """Carried-over answers not yet confirmed, among the items that apply to the company."""
    return sum(
        1
        for answer in assessment.answers.filter(carried_over=True).select_related("item")
        if scoring.applies(answer.item.applicability, assessment.ai_role)
    )


def answers_confirm(
    *,
    assessment: NaviAssessment,
    actor,
    item: NaviItem | None = None,
    area_key: str | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """A respondent confirms carried-over answers as they stand: one item's, or all of an
    area's. Returns how many were confirmed."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_open(assessment)
        answers = NaviAnswer.objects.filter(assessment=assessment, carried_over=True)
        if item is not None:
            answers = answers.filter(item=item)
        if area_key is not None:
            answers = answers.filter(item__area__key=area_key)
        keys = sorted(answers.values_list("item__key", flat=True))
        count = answers.update(
            carried_over=False,
            updated_at=now,
            updated_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if count:
            audit_log(
                actor=actor,
                action="navi_answer.confirm",
                target=assessment,
                data={"items": keys},
            )
    return count


def assessment_reopen_after_close(
    *, assessment: NaviAssessment, reason: str, actor
) -> NaviAssessment:
    """The secretariat reopens one company's assessment of a closed round, with a reason
    (audited): the company may answer and submit again. The round's benchmark, fixed at
    the close, does not change."""
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError(_("再開の理由を入力してください。"))
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.round_id is None or not assessment.round.is_closed:
            raise AssessmentError(
                _("締め切られた一斉自己診断の自己診断だけを、事務局が再開できます。")
            )
        if assessment.reopened_after_close:
            raise AssessmentError(_("この自己診断はすでに再開されています。"))
        before = assessment.status
        assessment.status = NaviAssessment.Status.IN_PROGRESS
        assessment.submitted_at = None
        assessment.submitted_by = None
        assessment.reopened_after_close = True
        assessment.save(
            update_fields=["status", "submitted_at", "submitted_by", "reopened_after_close"]
        )
        audit_log(
            actor=actor,
            action="navi_assessment.reopen_after_close",
            target=assessment,
            from_state=before,
            to_state=assessment.status,
            data={"reason": reason, "round": assessment.round.title_ja},
        )
    return assessment


def assessment_answers_viewed(*, assessment: NaviAssessment, actor) -> None:
    """The secretariat read a company's answers (with `navi.view_answers`): audited."""
    with transaction.atomic():
        audit_log(actor=actor, action="navi_assessment.view_answers", target=assessment)
