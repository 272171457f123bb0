"""Where a written resolution stands, and whether a held meeting had its quorum."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from members.models.governance import (
    DIRECTOR_ROLES,
    AuditorStatement,
    BoardMeeting,
    Officer,
    WrittenConsent,
    quorum_met,
)


def directors_in_office():
    return Officer.objects.filter(is_active=True, role__in=DIRECTOR_ROLES).order_by("order", "id")


def auditors_in_office():
    return Officer.objects.filter(is_active=True, role=Officer.Role.AUDITOR).order_by("order", "id")


def representative_director() -> Officer | None:
    return directors_in_office().filter(role=Officer.Role.REPRESENTATIVE_DIRECTOR).first()


@dataclass(frozen=True)
class WrittenResolutionState:
    entitled: list[Officer]  # the directors in office who vote (not abstaining)
    consents: list[WrittenConsent]  # the counted ones
    abstaining: list[WrittenConsent]
    pending: list[Officer]
    statements: list[AuditorStatement] = field(default_factory=list)

    @property
    def objections(self) -> list[AuditorStatement]:
        return [s for s in self.statements if s.opinion == AuditorStatement.Opinion.OBJECTION]

    @property
    def adopted(self) -> bool:
        """Every director entitled to vote consented and no auditor objected (§96)."""
        return bool(self.entitled) and not self.pending and not self.objections

    @property
    def completed_on(self) -> datetime.date | None:
        """The day (in Tokyo) the last counted consent arrived: the resolution's date."""
        if not self.adopted:
            return None
        return timezone.localdate(max(c.consented_at for c in self.consents))


def written_resolution_state(meeting: BoardMeeting) -> WrittenResolutionState:
    directors = list(directors_in_office())
    consents = WrittenConsent.objects.filter(meeting=meeting).select_related("officer")
    by_officer = {c.officer_id: c for c in consents}
    abstaining = [
        by_officer[d.pk]
        for d in directors
        if d.pk in by_officer and by_officer[d.pk].abstains_special_interest
    ]
    abstaining_ids = {c.officer_id for c in abstaining}
    entitled = [d for d in directors if d.pk not in abstaining_ids]
    consents = [by_officer[d.pk] for d in entitled if d.pk in by_officer]
    pending = [d for d in entitled if d.pk not in by_officer]
    statements = list(
        AuditorStatement.objects.filter(meeting=meeting, officer__is_active=True).select_related(
            "officer"
        )
    )
    return WrittenResolutionState(
        entitled=entitled,
        consents=consents,
        abstaining=abstaining,
        pending=pending,
        statements=statements,
    )


@dataclass(frozen=True)
class Quorum:
    entitled: int
    present: int

    @property
    def met(self) -> bool:
        return quorum_met(entitled=self.entitled, present=self.present)


def meeting_quorum(meeting: BoardMeeting, *, excluding_officer_ids: Iterable[int] = ()) -> Quorum:
    """The directors recorded for the meeting, less those with a special interest in the item
    (`excluding_officer_ids`), who are neither entitled nor counted as present."""
    excluded = set(excluding_officer_ids)
    rows = [
        a
        for a in meeting.attendance.filter(role__in=DIRECTOR_ROLES)
        if a.officer_id not in excluded
    ]
    return Quorum(entitled=len(rows), present=sum(1 for a in rows if a.attended))
