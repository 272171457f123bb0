"""The joining flow's transition table against a table written by hand from the brochure's
seven steps (入会手続の流れ), not derived from the code under test: change a row of
workflow.py and this fails."""

import itertools

import pytest

from members.admissions import workflow
from members.admissions.workflow import TransitionError, transition

A, S, B, SYS = "applicant", "Secretariat", "Board", "system"
BOTH, CORP, EXPERT = ("corporate", "expert"), ("corporate",), ("expert",)

# (from status, action, categories): (who may, to status). Everything else is refused.
#  1-2. the applicant agrees to the documents and submits the form;
#  3.   the secretariat reviews, asks for corrections or forwards to the board;
#  4.   the board (or the secretariat recording its resolution) approves or rejects;
#  5-6. a company is invoiced and pays; an expert pays nothing;
#  7.   the membership is issued.
BY_HAND = {
    ("draft", "submit", BOTH): ({A}, "submitted"),
    ("submitted", "request_correction", BOTH): ({S}, "correction_requested"),
    ("correction_requested", "resubmit", BOTH): ({A}, "submitted"),
    ("submitted", "forward_to_board", BOTH): ({S}, "with_board"),
    ("with_board", "carry_over", BOTH): ({S, SYS}, "with_board"),
    ("with_board", "approve", BOTH): ({B, S}, "approved"),
    ("with_board", "reject", BOTH): ({B, S}, "rejected"),
    ("approved", "invoice", CORP): ({S, SYS}, "invoiced"),
    ("invoiced", "confirm_payment", CORP): ({S, SYS}, "paid"),
    ("paid", "issue_membership", CORP): ({S, SYS}, "member"),
    ("approved", "issue_membership", EXPERT): ({S, SYS}, "member"),
    ("draft", "withdraw", BOTH): ({A, S}, "withdrawn"),
    ("submitted", "withdraw", BOTH): ({A, S}, "withdrawn"),
    ("correction_requested", "withdraw", BOTH): ({A, S}, "withdrawn"),
    ("with_board", "withdraw", BOTH): ({A, S}, "withdrawn"),
}
STATUSES = [
    "draft", "submitted", "correction_requested", "with_board", "approved", "rejected",
    "invoiced", "paid", "member", "withdrawn",
]  # fmt: skip
ACTIONS = [
    "submit", "request_correction", "resubmit", "forward_to_board", "carry_over", "approve",
    "reject", "invoice", "confirm_payment", "issue_membership", "withdraw",
]  # fmt: skip


def expected(status, action, actor, category):
    for (source, act, categories), (who, target) in BY_HAND.items():
        if (source, act) == (status, action) and category in categories and actor in who:
            return target
    return None


def test_who_may_do_what_from_which_status_is_the_brochure_s():
    wrong = []
    for status, action, actor, category in itertools.product(
        STATUSES, ACTIONS, (A, S, B, SYS, "Nobody"), ("corporate", "expert")
    ):
        want = expected(status, action, actor, category)
        try:
            got = str(transition(status, action, [actor], category))
        except TransitionError:
            got = None
        if got != want:
            wrong.append((status, action, actor, category, want, got))
    assert wrong == []


def test_the_statuses_and_actions_are_the_brochure_s():
    from members.admissions.models import Application

    assert sorted(str(s) for s in workflow.Status) == sorted(STATUSES)
    assert sorted(str(a) for a in workflow.Action) == sorted(ACTIONS)
    assert sorted(Application.Status.values) == sorted(STATUSES)


@pytest.mark.parametrize(
    ("status", "action", "groups", "category", "code"),
    [
        ("approved", "issue_membership", [S], "corporate", "wrong_category"),  # pays first
        ("approved", "invoice", [S], "expert", "wrong_category"),  # experts pay nothing
        ("with_board", "approve", [A], "corporate", "not_allowed"),
        ("approved", "withdraw", [A], "corporate", "wrong_status"),  # decided: too late
        ("draft", "fly", [A], "corporate", "unknown_action"),
    ],
)
def test_refusal_codes(status, action, groups, category, code):
    with pytest.raises(TransitionError) as exc:
        transition(status, action, groups, category)
    assert exc.value.code == code


def test_a_director_holding_both_roles_may_record_and_forward():
    """The brochure's 業務執行理事 兼 事務局長: both groups, both sets of actions."""
    assert transition("submitted", "forward_to_board", [B, S], "corporate") == "with_board"
    assert transition("with_board", "approve", [B, S], "expert") == "approved"
