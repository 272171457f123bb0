"""The demo's rounds: three closed (the ver1.0 trial recorded as history, ver1.1 in
September 2025, ver2.0 in April 2026), each with at least ten companies' submitted
assessments, five or more developers/providers and five or more users; the ver1.1 overall
average near 2.50 with 透明性・アカウンタビリティ確保 among the lowest areas; an open round
with the bank's assessment in progress, carried over. Seeding twice changes nothing."""

from statistics import mean

import pytest
from django.core.management import call_command
from django.utils import timezone

from aiga.models import OutboxMessage
from navi.models import NaviAnswer, NaviAssessment, NaviRound
from navi.selectors.assessments import assessment_scores

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_rounds():
    _seed()
    counts = (
        NaviRound.objects.count(),
        NaviAssessment.objects.count(),
        NaviAnswer.objects.count(),
        OutboxMessage.objects.count(),
    )
    _seed()
    assert counts == (
        NaviRound.objects.count(),
        NaviAssessment.objects.count(),
        NaviAnswer.objects.count(),
        OutboxMessage.objects.count(),
    )

    closed = {r.version.number: r for r in NaviRound.objects.filter(status="closed")}
    assert set(closed) == {"1.0", "1.1", "2.0"}
    assert closed["1.0"].version.reconstruction
    for round_ in closed.values():
        submitted = round_.assessments.filter(status="submitted").select_related("organisation")
        roles = [a.organisation.ai_role for a in submitted]
        assert len(roles) >= 10
        assert roles.count("developer") >= 5 and roles.count("user") >= 5
        # closed at the end of its closing day, Tokyo
        assert timezone.localtime(round_.closed_at).date() > round_.closes_on

    scores = [assessment_scores(a) for a in closed["1.1"].assessments.all()]
    overall = mean(float(s.overall) for s in scores)
    assert 2.45 <= overall <= 2.55
    areas = {key: mean(float(s.areas[key]) for s in scores) for key in scores[0].areas}
    lowest = sorted(areas, key=areas.get)[:2]
    assert "transparency" in lowest

    autumn = NaviRound.objects.get(status="open", version__number="2.0")
    bank = autumn.assessments.get(organisation__legal_name="株式会社みなと未来銀行")
    assert bank.status == "in_progress"
    assert bank.answers.filter(carried_over=True).exists()
    assert not bank.answers.filter(carried_over=True, item__area__key="rules").exists()
    assert autumn.assessments.filter(status="submitted").exists()
    # A trial recorded as history wrote to no one; the open round invited its respondents.
    assert not OutboxMessage.objects.filter(
        purpose="navi_round_invitation",
        object_id__in=[str(pk) for pk in closed["1.0"].assessments.values_list("pk", flat=True)],
    ).exists()
    assert OutboxMessage.objects.filter(purpose="navi_round_invitation").exists()
