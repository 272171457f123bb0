"""The statutory registers and the general assembly's roster: who is on them as of a date.
Issued members only (`current_memberships`): an application paid but not yet issued is
not a 社員, and neither is a company whose membership has ended."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from members.choices import Tier
from members.models import Contact, Membership
from members.selectors.memberships import current_memberships

VOTING_TIERS = (Tier.REGULAR, Tier.SMB)


@dataclass(frozen=True)
class RegisterEntry:
    member_number: str
    name: str
    name_kana: str
    postal_code: str
    address: str
    kind_label: str  # 会員種別・会員区分, as people read them
    category: str
    admission_date: datetime.date
    votes: int
    representative: str  # the 会員代表者 (who holds the vote), "" when none is registered
    representative_email: str

    @property
    def is_voting(self) -> bool:
        return self.votes > 0


def _entry(membership: Membership) -> RegisterEntry:
    organisation = membership.organisation
    representatives = organisation.register_representatives
    representative = representatives[0] if representatives else None
    return RegisterEntry(
        member_number=organisation.member_number or "",
        name=organisation.legal_name,
        name_kana=organisation.legal_name_kana,
        postal_code=organisation.postal_code,
        address=organisation.full_address,
        kind_label=str(Tier(membership.category).label),
        category=membership.category,
        admission_date=membership.admission_date,
        votes=membership.votes,
        representative=representative.full_name if representative else "",
        representative_email=representative.email if representative else "",
    )


def register_entries(*, on: datetime.date, voting_only: bool = False) -> list[RegisterEntry]:
    """Every member on `on` (会員名簿), or the 社員 only (社員名簿, the roster), in member
    number order. Three queries whatever the number of members."""
    memberships = current_memberships(on=on).select_related("organisation")
    if voting_only:
        memberships = memberships.filter(category__in=VOTING_TIERS)
    memberships = memberships.prefetch_related(
        Prefetch(
            "organisation__contacts",
            queryset=Contact.objects.filter(is_active=True, is_member_representative=True),
            to_attr="register_representatives",
        )
    ).order_by("organisation__member_number", "organisation_id", "-admission_date", "-id")
    seen: set[int] = set()
    entries = []
    for membership in memberships:
        if membership.organisation_id in seen:  # overlapping periods: the latest one
            continue
        seen.add(membership.organisation_id)
        entries.append(_entry(membership))
    return entries


@dataclass(frozen=True)
class RosterTotals:
    voting_members: int
    votes: int
    quorum: int  # votes that must be present (in person or by proxy): a majority
    majority_of_all: int


def roster_totals(entries: list[RegisterEntry]) -> RosterTotals:
    """The quorum as the association's articles set it (事務局案: 総社員の議決権の過半数,
    the common form of 一般法人法 §49(1)); the resolution, a majority of the votes present."""
    votes = sum(entry.votes for entry in entries)
    majority = votes // 2 + 1 if votes else 0
    return RosterTotals(
        voting_members=sum(1 for entry in entries if entry.is_voting),
        votes=votes,
        quorum=majority,
        majority_of_all=majority,
    )
