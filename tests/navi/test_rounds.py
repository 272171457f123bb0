"""Rounds (一斉自己診断): scheduling and the transitions."""

import datetime

import pytest

from aiga.models import AuditEntry
from navi.models import NaviRound
from navi.services.rounds import RoundError, round_close, round_open, round_schedule

SEPT_1 = datetime.date(2026, 9, 1)
SEPT_30 = datetime.date(2026, 9, 30)


def schedule(version, actor, **kwargs):
    fields = {"title_ja": "2026年9月 一斉自己診断", "opens_on": SEPT_1, "closes_on": SEPT_30}
    fields.update(kwargs)
    return round_schedule(version=version, actor=actor, **fields)


def test_a_round_is_scheduled_opened_and_closed_with_an_audit_entry_each(published, secretariat):
    round_ = schedule(published, secretariat)
    assert round_.status == "scheduled"
    round_ = round_open(round_=round_, actor=secretariat)
    assert round_.status == "open" and round_.opened_at is not None
    round_ = round_close(round_=round_, actor=secretariat)
    assert round_.status == "closed" and round_.closed_at is not None
    actions = list(
        AuditEntry.objects.filter(object_id=str(round_.pk), action__startswith="navi_round.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["navi_round.schedule", "navi_round.open", "navi_round.close"]


def test_a_draft_version_cannot_have_a_round(draft, secretariat):
    with pytest.raises(RoundError):
        schedule(draft, secretariat)
    assert not NaviRound.objects.exists()


def test_the_closing_date_cannot_come_before_the_opening(published, secretariat):
    with pytest.raises(RoundError):
        schedule(published, secretariat, closes_on=datetime.date(2026, 8, 31))
    assert not NaviRound.objects.exists()


@pytest.mark.parametrize("status", ["scheduled", "closed"])
def test_only_an_open_round_closes_and_only_a_scheduled_one_opens(published, secretariat, status):
    round_ = schedule(published, secretariat)
    if status == "closed":
        round_ = round_close(round_=round_open(round_=round_, actor=None), actor=None)
        with pytest.raises(RoundError):
            round_open(round_=round_, actor=None)
        with pytest.raises(RoundError):
            round_close(round_=round_, actor=None)
    else:
        with pytest.raises(RoundError):
            round_close(round_=round_, actor=None)
    round_.refresh_from_db()
    assert round_.status == status
