"""Closed rounds built directly with the services, for the benchmark's tests."""

import datetime

from navi import scoring
from navi.models import NaviAssessment
from navi.services.assessments import answer_save, assessment_submit
from navi.services.rounds import round_close, round_open, round_schedule
from tests.navi.assessment_helpers import member_company, respondent

OPENS, CLOSES = datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)


def open_round(version, title="2026年9月 一斉自己診断", opens_on=OPENS, closes_on=CLOSES):
    round_ = round_schedule(
        version=version, title_ja=title, opens_on=opens_on, closes_on=closes_on, actor=None
    )
    return round_open(round_=round_, actor=None)


def company_submits(round_, role, levels: dict[str, int], *, user=None, organisation=None):
    """A company of the round with the AI role `role` answers the items by key with the
    level numbers given and submits; returns (assessment, its respondent)."""
    organisation = organisation or member_company(ai_role=role)
    user = user or respondent(organisation)
    assessment = NaviAssessment.objects.create(
        organisation=organisation, version=round_.version, round=round_, ai_role=role
    )
    items = round_.version.items.prefetch_related("levels")
    for item in items:
        if item.key not in levels or not scoring.applies(item.applicability, role):
            continue
        level = next(lv for lv in item.levels.all() if lv.number == levels[item.key])
        answer_save(
            assessment=assessment, item=item, level=level, comment="", evidence_url="", actor=user
        )
    assessment = assessment_submit(assessment=assessment, actor=user)
    return assessment, user


def close(round_):
    return round_close(round_=round_, actor=None)
