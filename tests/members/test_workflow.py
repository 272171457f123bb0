import itertools

import pytest

from members.admissions import workflow
from members.admissions.workflow import Action, Status, TransitionError, transition

ALLOWED = {
    (row.source, row.action, actor, category): row.target
    for row in workflow.TRANSITIONS
    for actor in row.actors
    for category in row.categories
}
ALL_TRIPLES = list(
    itertools.product(Status, Action, workflow.ACTORS + ("Nobody",), workflow.CATEGORIES)
)


@pytest.mark.parametrize("status,action,actor,category", ALL_TRIPLES)
def test_every_triple_follows_the_table(status, action, actor, category):
    key = (status, action, actor, category)
    if key in ALLOWED:
        assert transition(status, action, [actor], category) == ALLOWED[key]
    else:
        with pytest.raises(TransitionError):
            transition(status, action, [actor], category)


def test_the_table_covers_every_status_and_action():
    sources = {row.source for row in workflow.TRANSITIONS}
    targets = {row.target for row in workflow.TRANSITIONS}
    assert set(Status) - {Status.DRAFT} <= targets
    assert sources | targets == set(Status)
    assert {row.action for row in workflow.TRANSITIONS} == set(Action)


@pytest.mark.parametrize(
    "status,action,groups,category,expected",
    [
        (Status.DRAFT, Action.SUBMIT, ["applicant"], "corporate", Status.SUBMITTED),
        (Status.WITH_BOARD, Action.APPROVE, ["Board"], "corporate", Status.APPROVED),
        (Status.WITH_BOARD, Action.APPROVE, ["Secretariat"], "expert", Status.APPROVED),
        (Status.APPROVED, Action.ISSUE_MEMBERSHIP, ["Secretariat"], "expert", Status.MEMBER),
        (Status.PAID, Action.ISSUE_MEMBERSHIP, ["system"], "corporate", Status.MEMBER),
        (
            Status.CORRECTION_REQUESTED,
            Action.RESUBMIT,
            ["applicant"],
            "corporate",
            Status.SUBMITTED,
        ),
    ],
)
def test_examples(status, action, groups, category, expected):
    assert transition(status, action, groups, category) == expected


def test_refusal_codes():
    with pytest.raises(TransitionError) as exc:
        transition(Status.APPROVED, Action.ISSUE_MEMBERSHIP, ["Secretariat"], "corporate")
    assert exc.value.code == "wrong_category"  # a company pays before membership
    with pytest.raises(TransitionError) as exc:
        transition(Status.APPROVED, Action.INVOICE, ["Secretariat"], "expert")
    assert exc.value.code == "wrong_category"  # experts are never invoiced
    with pytest.raises(TransitionError) as exc:
        transition(Status.WITH_BOARD, Action.APPROVE, ["applicant"], "corporate")
    assert exc.value.code == "not_allowed"
    with pytest.raises(TransitionError) as exc:
        transition(Status.APPROVED, Action.WITHDRAW, ["applicant"], "corporate")
    assert exc.value.code == "wrong_status"  # no withdrawal after the board decided
    with pytest.raises(TransitionError) as exc:
        transition(Status.DRAFT, "fly", ["applicant"], "corporate")
    assert exc.value.code == "unknown_action"


def test_model_statuses_match_the_table():
    from members.admissions.models import Application

    assert set(Application.Status.values) == {str(s) for s in Status}
