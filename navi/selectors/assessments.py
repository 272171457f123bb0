"""Reads of the companies' self-assessments: who may answer for which company, a company's
assessments, one assessment with its version's content and its answers, and its scores."""

from __future__ import annotations

import dataclasses

from django.db.models import Prefetch, QuerySet

from members.models import Contact, Organisation
from members.selectors.memberships import current_membership
from navi import report, scoring
from navi.models import NaviAnswer, NaviAssessment, NaviVersion
from navi.selectors.versions import published_versions, versions_with_content


@dataclasses.dataclass(frozen=True)
class Standing:
    """What a portal user may do with the Navi for their organisation, and why not."""

    organisation: Organisation | None
    respondent: bool  # an active contact with the Navi respondent role
    assessed: bool  # an issued regular or SMB member: the ones that have assessments
    representative: bool = False  # the 会員代表者: reads the company's reports, never answers

    @property
    def may_answer(self) -> bool:
        return self.respondent and self.assessed

    @property
    def may_read_report(self) -> bool:
        return (self.respondent or self.representative) and self.assessed


def navi_standing(user) -> Standing:
    contact = (
        Contact.objects.select_related("organisation").filter(user_id=user.pk).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if contact is None:
        return Standing(None, False, False)
    membership = current_membership(contact.organisation)
    return Standing(
        organisation=contact.organisation,
        respondent=contact.is_active and contact.is_navi_respondent,
        assessed=membership is not None and membership.is_regular_member,
        representative=contact.is_active and contact.is_member_representative,
    )


def invitable_colleagues(organisation: Organisation) -> QuerySet[Contact]:
    """The organisation's Navi respondents without a log-in yet, whom a respondent invites."""
    return Contact.objects.filter(
        organisation=organisation, is_navi_respondent=True, is_active=True, user__isnull=True
    ).order_by("id")


def organisation_assessments(organisation: Organisation) -> QuerySet[NaviAssessment]:
    return (
        NaviAssessment.objects.filter(organisation=organisation)
        .select_related("version", "organisation", "submitted_by", "round")
        .order_by("-version__published_on", "-created_at", "-id")
    )


def startable_versions(organisation: Organisation) -> list[NaviVersion]:
    """Published versions the organisation has no assessment of yet (a reconstruction such
    as ver1.0 is for reference only: never answered)."""
    taken = NaviAssessment.objects.filter(organisation=organisation).values("version")
    return list(published_versions().exclude(pk__in=taken).exclude(reconstruction=True))


def answers_by_item(assessment: NaviAssessment) -> dict[int, NaviAnswer]:
    rows = NaviAnswer.objects.filter(assessment=assessment).select_related("level", "updated_by")
    return {answer.item_id: answer for answer in rows}


def assessment_version(assessment: NaviAssessment) -> NaviVersion:
    """The assessment's version with its areas, items and levels (five queries)."""
    return versions_with_content().get(pk=assessment.version_id)


def scores_of(
    assessment: NaviAssessment,
    version: NaviVersion,
    answers: dict[int, NaviAnswer],
    *,
    ai_role: str | None = None,
) -> scoring.Scores:
    """Progress and (once submitted) scores, from a version with its content prefetched."""
    items = []
    for area in version.areas.all():
        for item in area.items.all():
            answer = answers.get(item.pk)
            level = answer.level if answer is not None else None
            items.append(
                scoring.ItemAnswer(
                    area=area.key,
                    applicability=item.applicability,
                    points=level.points if level is not None else None,
                )
            )
    return scoring.assessment_scores(
        items,
        ai_role=assessment.ai_role if ai_role is None else ai_role,
        area_order=[area.key for area in version.areas.all()],
        submitted=assessment.is_submitted,
    )


def assessment_scores(assessment: NaviAssessment) -> scoring.Scores:
    return scores_of(assessment, assessment_version(assessment), answers_by_item(assessment))


def latest_submitted(organisation: Organisation) -> NaviAssessment | None:
    """The organisation's most recently submitted assessment."""
    return (
        NaviAssessment.objects.filter(
            organisation=organisation, status=NaviAssessment.Status.SUBMITTED
        )
        .select_related("version")
        .order_by("-submitted_at", "-id")
        .first()
    )


def assessments_with_answers() -> QuerySet[NaviAssessment]:
    """For the secretariat's reading (with `navi.view_answers`)."""
    answers = NaviAnswer.objects.select_related("item", "level", "updated_by").order_by(
        "item__number"
    )
    return NaviAssessment.objects.select_related("organisation", "version").prefetch_related(
        Prefetch("answers", queryset=answers)
    )


def previous_submitted(assessment: NaviAssessment) -> NaviAssessment | None:
    """The company's submitted assessment before this one (by submission), if any."""
    if assessment.submitted_at is None:
        return None
    return (
        NaviAssessment.objects.filter(
            organisation_id=assessment.organisation_id,
            status=NaviAssessment.Status.SUBMITTED,
            submitted_at__lt=assessment.submitted_at,
        )
        .exclude(pk=assessment.pk)
        .select_related("version")
        .order_by("-submitted_at", "-id")
        .first()
    )


def assessment_report(assessment: NaviAssessment) -> report.Report:
    """The company's report on one assessment, with the progress since its previous submitted
    one: a fixed number of queries whatever the size of the version."""
    version = assessment_version(assessment)
    answers = answers_by_item(assessment)
    scores = scores_of(assessment, version, answers)
    previous = None
    earlier = previous_submitted(assessment)
    if earlier is not None:
        earlier_version = (
            version if earlier.version_id == version.pk else assessment_version(earlier)
        )
        earlier_answers = answers_by_item(earlier)
        previous = report.Previous(
            assessment=earlier,
            version=earlier_version,
            answers=earlier_answers,
            scores=scores_of(earlier, earlier_version, earlier_answers),
        )
    return report.build_report(
        version, answers, scores, ai_role=assessment.ai_role, previous=previous
    )
