"""Who may see an event and its materials: a pure rule, so it is tested as a table.

Public events are for everyone; members-only events for a contact of any member
organisation; invited events for the invited organisations only. The secretariat sees all."""

from __future__ import annotations

from collections.abc import Collection

PUBLIC = "public"
MEMBERS = "members"
INVITED = "invited"


def audience_admits(
    audience: str,
    *,
    organisation_id: int | None,
    invited_ids: Collection[int],
    is_secretariat: bool = False,
) -> bool:
    """Whether a person (of `organisation_id`, None when not a member) may see an event of
    this audience whose invited organisations are `invited_ids`."""
    if is_secretariat or audience == PUBLIC:
        return True
    if organisation_id is None:
        return False
    if audience == MEMBERS:
        return True
    if audience == INVITED:
        return organisation_id in invited_ids
    return False  # an audience this rule does not know admits nobody


def next_number(numbers: Collection[int | None]) -> int:
    """The next number of a series (#1, #2 …): one more than the highest used."""
    return max((n for n in numbers if n), default=0) + 1
