"""Reads of the rounds (一斉自己診断) for the secretariat: each round with its counts, and
one round's response (submitted / invited) with the companies that have not submitted."""

from __future__ import annotations

import dataclasses

from django.db.models import Count, Q, QuerySet

from navi.models import NaviAssessment, NaviRound

SUBMITTED = Q(assessments__status=NaviAssessment.Status.SUBMITTED)


def rounds_with_counts() -> QuerySet[NaviRound]:
    """Rounds with `invited` (assessments made at the opening) and `submitted`."""
    return NaviRound.objects.select_related("version").annotate(
        invited=Count("assessments", distinct=True),
        submitted=Count("assessments", filter=SUBMITTED, distinct=True),
    )


@dataclasses.dataclass(frozen=True)
class Response:
    invited: int
    submitted: int
    pending: list[NaviAssessment]  # not submitted, by company name
    done: list[NaviAssessment]  # submitted, latest first

    @property
    def rate(self) -> float | None:
        """Submitted / invited, 0–100 (None before the opening)."""
        return 100 * self.submitted / self.invited if self.invited else None


def round_response(round_: NaviRound) -> Response:
    assessments = list(
        round_.assessments.select_related("organisation", "submitted_by").order_by(
            "organisation__legal_name_kana", "organisation__legal_name", "id"
        )
    )
    pending = [a for a in assessments if not a.is_submitted]
    done = sorted(
        (a for a in assessments if a.is_submitted), key=lambda a: a.submitted_at, reverse=True
    )
    return Response(invited=len(assessments), submitted=len(done), pending=pending, done=done)
