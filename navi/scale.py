"""The Navi at scale (`manage.py seed_scale`): a closed 一斉自己診断 for each published
version members answer (ver1.1 in September 2025, ver2.0 in April 2026, …), in which every
issued regular and SMB member has a submitted assessment with every applicable item
answered — at scale 100, 13,000 assessments a round — and the round's benchmark fixed as
its close fixes it (navi.selectors.benchmark.round_figures).

Written with bulk_create, in batches (a round at scale 100 holds about half a million
answers). Each company has a maturity its answers gather around, so that the averages look
like the brochure's (全体平均 about 2.5). Reads the register (no ctx.shared key).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from members.models import Organisation
from navi import scoring
from navi.models import NaviAnswer, NaviAssessment, NaviRound
from navi.selectors.benchmark import round_figures
from navi.selectors.versions import published_versions

BATCH = 400  # assessments per bulk_create of their answers


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))


def _round_dates(version) -> tuple[datetime.date, datetime.date]:
    start = version.published_on or datetime.date(2025, 9, 1)
    return start, start + datetime.timedelta(days=29)


def round_fill(round_: NaviRound, companies, *, rng, maturity: dict) -> int:
    """Every company (pk, AI role) submits an assessment of the round with every applicable
    item answered around its maturity; the number of answers written. Also used by
    `make bench` to build a round of 13,000 (scripts/bench_site.py)."""
    version = round_.version
    items = [
        (item.pk, item.applicability, {lv.number: lv.pk for lv in item.levels.all()})
        for item in version.items.prefetch_related("levels").order_by("number")
    ]
    submitted_at = _aware(round_.closes_on - datetime.timedelta(days=3))
    answers = 0
    for start in range(0, len(companies), BATCH):
        batch = companies[start : start + BATCH]
        assessments = NaviAssessment.objects.bulk_create(
            NaviAssessment(
                organisation_id=pk,
                version=version,
                round=round_,
                status=NaviAssessment.Status.SUBMITTED,
                ai_role=role or "both",
                submitted_at=submitted_at,
            )
            for pk, role in batch
        )
        rows = []
        for assessment in assessments:
            centre = maturity[assessment.organisation_id]
            for item_pk, applicability, levels in items:
                if not scoring.applies(applicability, assessment.ai_role):
                    continue
                number = min(4, max(1, round(rng.gauss(centre, 0.8))))
                rows.append(
                    NaviAnswer(
                        assessment=assessment,
                        item_id=item_pk,
                        level_id=levels[number],
                        updated_at=submitted_at,
                    )
                )
        NaviAnswer.objects.bulk_create(rows, batch_size=5000)
        answers += len(rows)
    return answers


def seed(ctx) -> None:
    companies = list(
        Organisation.objects.filter(
            memberships__category__in=["regular", "smb"],
            memberships__issued_at__isnull=False,
            memberships__status="active",
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", "ai_role")
    )
    versions = [
        v
        for v in published_versions().exclude(reconstruction=True).order_by("published_on")
        if _round_dates(v)[1] < ctx.today
    ]
    rng = ctx.random
    maturity = {pk: rng.uniform(1.6, 3.5) for pk, _role in companies}
    for version in versions:
        opens_on, closes_on = _round_dates(version)
        round_ = NaviRound.objects.create(
            version=version,
            title_ja=f"{opens_on.year}年{opens_on.month}月 一斉自己診断（ver{version.number}）",
            title_en=f"Self-assessment round {opens_on:%B %Y} (ver{version.number})",
            opens_on=opens_on,
            closes_on=closes_on,
            status=NaviRound.Status.CLOSED,
            opened_at=_aware(opens_on),
            closed_at=_aware(closes_on),
        )
        answers = round_fill(round_, companies, rng=rng, maturity=maturity)
        round_.benchmark = {**round_figures(round_), "computed_at": _aware(closes_on).isoformat()}
        round_.save(update_fields=["benchmark"])
        ctx.audit(action="navi_round.close", target=round_, from_state="open", to_state="closed")
        ctx.write(f"round ver{version.number}: {len(companies):,} assessments, {answers:,} answers")
