"""The application state machine: a pure transition table. No database, no clock.

One application moves from its first draft to the issued membership. Each row of
TRANSITIONS says: this action, from this status, for this category, by one of these
actors, leads to that status. Anything not in the table is refused. The services in
services/applications.py are the only code that changes an application's status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CORRECTION_REQUESTED = "correction_requested"
    WITH_BOARD = "with_board"
    APPROVED = "approved"
    REJECTED = "rejected"
    INVOICED = "invoiced"
    PAID = "paid"
    MEMBER = "member"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    SUBMIT = "submit"
    REQUEST_CORRECTION = "request_correction"
    RESUBMIT = "resubmit"
    FORWARD_TO_BOARD = "forward_to_board"
    CARRY_OVER = "carry_over"  # the meeting passed without a decision: next meeting
    APPROVE = "approve"
    REJECT = "reject"
    INVOICE = "invoice"
    CONFIRM_PAYMENT = "confirm_payment"
    ISSUE_MEMBERSHIP = "issue_membership"
    WITHDRAW = "withdraw"


# Who acts. Group names match members.roles; "applicant" and "system" are not groups.
APPLICANT = "applicant"
SECRETARIAT = "Secretariat"
BOARD = "Board"
SYSTEM = "system"
ACTORS = (APPLICANT, SECRETARIAT, BOARD, SYSTEM)
CORPORATE = "corporate"
EXPERT = "expert"
CATEGORIES = (CORPORATE, EXPERT)
BOTH = frozenset(CATEGORIES)

# Statuses in which an application is "in progress" (blocks a duplicate).
IN_PROGRESS = frozenset(
    {
        Status.SUBMITTED,
        Status.CORRECTION_REQUESTED,
        Status.WITH_BOARD,
        Status.APPROVED,
        Status.INVOICED,
        Status.PAID,
    }
)


FINAL = frozenset({Status.REJECTED, Status.MEMBER, Status.WITHDRAWN})


@dataclass(frozen=True)
class Transition:
    action: Action
    source: Status
    target: Status
    actors: frozenset[str]
    categories: frozenset[str] = BOTH


def _rows() -> tuple[Transition, ...]:
    s, a = Status, Action
    sec, sec_sys = frozenset({SECRETARIAT}), frozenset({SECRETARIAT, SYSTEM})
    deciders = frozenset({BOARD, SECRETARIAT})  # the secretariat records on the board's behalf
    withdrawers = frozenset({APPLICANT, SECRETARIAT})
    rows = [
        Transition(a.SUBMIT, s.DRAFT, s.SUBMITTED, frozenset({APPLICANT})),
        Transition(a.REQUEST_CORRECTION, s.SUBMITTED, s.CORRECTION_REQUESTED, sec),
        Transition(a.RESUBMIT, s.CORRECTION_REQUESTED, s.SUBMITTED, frozenset({APPLICANT})),
        Transition(a.FORWARD_TO_BOARD, s.SUBMITTED, s.WITH_BOARD, sec),
        Transition(a.CARRY_OVER, s.WITH_BOARD, s.WITH_BOARD, sec_sys),
        Transition(a.APPROVE, s.WITH_BOARD, s.APPROVED, deciders),
        Transition(a.REJECT, s.WITH_BOARD, s.REJECTED, deciders),
        Transition(a.INVOICE, s.APPROVED, s.INVOICED, sec_sys, frozenset({CORPORATE})),
        Transition(a.CONFIRM_PAYMENT, s.INVOICED, s.PAID, sec_sys, frozenset({CORPORATE})),
        Transition(a.ISSUE_MEMBERSHIP, s.PAID, s.MEMBER, sec_sys, frozenset({CORPORATE})),
        # Experts pay no fees: steps 5 and 6 are skipped.
        Transition(a.ISSUE_MEMBERSHIP, s.APPROVED, s.MEMBER, sec_sys, frozenset({EXPERT})),
    ]
    for source in (s.DRAFT, s.SUBMITTED, s.CORRECTION_REQUESTED, s.WITH_BOARD):
        rows.append(Transition(a.WITHDRAW, source, s.WITHDRAWN, withdrawers))
    return tuple(rows)


TRANSITIONS: tuple[Transition, ...] = _rows()


class TransitionError(Exception):
    """An action that the table does not allow. `code` is one of
    "unknown_action", "wrong_status", "wrong_category", "not_allowed"."""

    def __init__(self, code: str, *, status: str, action: str, message: str = ""):
        self.code = code
        self.status = status
        self.action = action
        super().__init__(message or f"{action} is not allowed from {status} ({code})")


def find(status: str, action: str, category: str = CORPORATE) -> Transition | None:
    for row in TRANSITIONS:
        if row.action == action and row.source == status and category in row.categories:
            return row
    return None


def transition(
    status: str, action: str, actor_groups: Iterable[str], category: str = CORPORATE
) -> Status:
    """The status that `action` leads to, or TransitionError."""
    if action not in Action._value2member_map_:
        raise TransitionError("unknown_action", status=status, action=action)
    rows = [r for r in TRANSITIONS if r.action == action and r.source == status]
    if not rows:
        raise TransitionError("wrong_status", status=status, action=action)
    row = next((r for r in rows if category in r.categories), None)
    if row is None:
        raise TransitionError("wrong_category", status=status, action=action)
    if not row.actors & set(actor_groups):
        raise TransitionError("not_allowed", status=status, action=action)
    return row.target
