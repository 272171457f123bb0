"""Rounds (一斉自己診断) from opening to close: who gets an assessment, the carry-over of
unchanged answers (the engine's comparison decides), the invitations and reminders (each
once, whatever the number of beat runs, never to a company that submitted), the freeze at
the close and the secretariat's reopening with a reason."""

import copy
import datetime
from zoneinfo import ZoneInfo

import pytest

from aiga.models import AuditEntry, OutboxMessage
from members.models import Membership
from navi.models import NaviAnswer, NaviAssessment, NaviRound
from navi.services import assessments as answering
from navi.services.assessments import AssessmentError
from navi.services.rounds import (
    RoundError,
    round_close,
    round_open,
    round_remind,
    round_schedule,
    rounds_due,
)
from navi.services.versions import version_load
from tests.factories import ContactFactory
from tests.navi.assessment_helpers import answer_everything, member_company, respondent
from tests.navi.conftest import parse

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
OPENS, CLOSES = datetime.date(2026, 12, 1), datetime.date(2026, 12, 20)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), TOKYO)


def schedule(version, actor=None, opens_on=OPENS, closes_on=CLOSES, **kwargs):
    return round_schedule(
        version=version,
        title_ja="2026年12月 一斉自己診断",
        title_en="December 2026 round",
        opens_on=opens_on,
        closes_on=closes_on,
        actor=actor,
        **kwargs,
    )


def _level(item, number):
    return item.levels.get(number=number)


# --- who gets an assessment ------------------------------------------------------------


def test_each_issued_regular_and_smb_member_gets_one_assessment_and_no_one_else(published):
    regular = member_company(category=Membership.Category.REGULAR)
    smb = member_company(category=Membership.Category.SMB)
    expert = member_company(category=Membership.Category.EXPERT)
    not_issued = member_company(issued_at=None)
    withdrawn = member_company(end_date=datetime.date(2026, 3, 31))
    ended = member_company(status=Membership.Status.ENDED)
    for organisation in (regular, smb, expert, not_issued, withdrawn, ended):
        respondent(organisation)

    round_ = round_open(round_=schedule(published), now=at(OPENS))

    assessed = set(round_.assessments.values_list("organisation_id", flat=True))
    assert assessed == {regular.pk, smb.pk}
    assert all(a.version_id == published.pk for a in round_.assessments.all())
    invited = OutboxMessage.objects.filter(purpose="navi_round_invitation")
    assert invited.count() == 2


def test_the_invitation_goes_to_the_representative_where_no_respondent_is_named(published):
    company = member_company()
    ContactFactory(organisation=company, email="daihyo@example.jp", is_member_representative=True)
    ContactFactory(organisation=company, email="keiri@example.jp", is_billing_contact=True)
    round_open(round_=schedule(published), now=at(OPENS))
    message = OutboxMessage.objects.get(purpose="navi_round_invitation")
    assert message.to == ["daihyo@example.jp"]
    assert message.context["closes_on"] == "2026-12-20"


# --- carry-over ------------------------------------------------------------------------


@pytest.fixture
def company():
    return member_company(ai_role="both")


@pytest.fixture
def user(company):
    return respondent(company, full_name="青木 真理")


@pytest.fixture
def last_submitted(company, user, published):
    """The company's submitted ver9.0 assessment: level 3 everywhere, a comment on N01."""
    assessment = answering.assessment_start(organisation=company, version=published, actor=user)
    answer_everything(assessment, user, number=3)
    n01 = published.items.get(key="N01")
    answering.answer_save(
        assessment=assessment,
        item=n01,
        level=_level(n01, 3),
        comment="規程を整備済み",
        evidence_url="https://example.jp/policy",
        actor=user,
    )
    return answering.assessment_submit(assessment=assessment, actor=user)


@pytest.fixture
def revised(raw):
    """ver9.1: N01 and N15 as in ver9.0, N02's 取組事項 reworded."""
    raw = copy.deepcopy(raw)
    raw.update(version="9.1", published_on=datetime.date(2026, 11, 20))
    raw["areas"][0]["items"][1]["action"]["ja"] = "AIの利用に関する社内ルールを定め、周知している"
    return version_load(data=parse(raw), actor=None)


def test_unchanged_items_are_carried_over_and_marked_changed_ones_start_empty_with_a_note(
    company, last_submitted, revised
):
    round_ = round_open(round_=schedule(revised), now=at(OPENS))
    assessment = round_.assessments.get(organisation=company)
    answers = {a.item.key: a for a in assessment.answers.select_related("item", "level")}

    assert set(answers) == {"N01", "N15"}  # N02 changed: not carried
    n01 = answers["N01"]
    assert n01.carried_over is True
    assert n01.level.number == 3 and n01.level.item.version_id == revised.pk
    assert (n01.comment, n01.evidence_url) == ("規程を整備済み", "https://example.jp/policy")
    assert answers["N15"].carried_over is True
    assert assessment.carried_from_id == last_submitted.pk
    assert assessment.changed_items == {
        "N02": {"text": True, "points": False, "version": "9.0", "level": 3}
    }
    assert assessment.ai_role == "both"
    invitation = OutboxMessage.objects.get(purpose="navi_round_invitation")
    assert invitation.context["carried"] == 2


def test_a_change_of_points_is_a_change(company, last_submitted, raw):
    raw = copy.deepcopy(raw)
    raw.update(version="9.2", published_on=datetime.date(2026, 11, 25), level_points=[0, 2, 3, 4])
    version = version_load(data=parse(raw), actor=None)
    round_ = round_open(round_=schedule(version), now=at(OPENS))
    assessment = round_.assessments.get(organisation=company)
    assert not assessment.answers.exists()
    assert assessment.changed_items["N01"]["points"] is True
    assert assessment.changed_items["N01"]["text"] is False


def test_a_company_without_a_submitted_assessment_starts_empty(company, user, published):
    answering.assessment_start(organisation=company, version=published, actor=user)  # not sent
    round_ = round_open(round_=schedule(published), now=at(OPENS))
    assessment = round_.assessments.get(organisation=company)
    assert not assessment.answers.exists() and assessment.carried_from is None


@pytest.fixture
def carried(company, user, last_submitted, revised):
    round_ = round_open(round_=schedule(revised), now=at(OPENS))
    return round_.assessments.get(organisation=company)


def test_confirming_or_changing_clears_the_mark_and_submission_waits_for_it(carried, user, revised):
    n02 = revised.items.get(key="N02")
    answering.answer_save(
        assessment=carried, item=n02, level=_level(n02, 2), comment="", evidence_url="", actor=user
    )
    with pytest.raises(AssessmentError, match="未確認のものが2件"):
        answering.assessment_submit(assessment=carried, actor=user)

    n01 = revised.items.get(key="N01")
    assert answering.answers_confirm(assessment=carried, item=n01, actor=user) == 1
    n15 = revised.items.get(key="N15")
    answering.answer_save(
        assessment=carried, item=n15, level=_level(n15, 4), comment="", evidence_url="", actor=user
    )
    assert not carried.answers.filter(carried_over=True).exists()
    answering.assessment_submit(assessment=carried, actor=user)
    assert AuditEntry.objects.filter(action="navi_answer.confirm").count() == 1


def test_an_area_is_confirmed_at_once(carried, user):
    assert answering.answers_confirm(assessment=carried, area_key="rules", actor=user) == 1
    remaining = carried.answers.filter(carried_over=True).values_list("item__key", flat=True)
    assert list(remaining) == ["N15"]


def test_saving_the_same_carried_answer_again_is_not_a_confirmation(carried, user, revised):
    n01 = revised.items.get(key="N01")
    answering.answer_save(
        assessment=carried,
        item=n01,
        level=_level(n01, 3),
        comment="規程を整備済み",
        evidence_url="https://example.jp/policy",
        actor=user,
    )
    assert carried.answers.get(item=n01).carried_over is True


# --- e-mails by beat, each once --------------------------------------------------------


def test_invitations_and_reminders_are_sent_once_across_beat_runs_never_to_submitters(
    published,
):
    done_company = member_company(ai_role="both")
    done_user = respondent(done_company, email="done@example.jp")
    late_company = member_company(ai_role="both")
    respondent(late_company, email="late-1@example.jp")
    respondent(late_company, email="late-2@example.jp")
    round_ = schedule(published)

    def mails(purpose):
        return sorted(
            (m.to[0], m.context["closes_on"]) for m in OutboxMessage.objects.filter(purpose=purpose)
        )

    rounds_due(now=at(OPENS - datetime.timedelta(days=1)))  # not yet
    assert NaviRound.objects.get().status == "scheduled"
    for hour in (0, 9, 23):
        rounds_due(now=at(OPENS, hour))
    assert [to for to, _ in mails("navi_round_invitation")] == [
        "done@example.jp",
        "late-1@example.jp",
        "late-2@example.jp",
    ]

    done = round_.assessments.get(organisation=done_company)
    answer_everything(done, done_user)
    answering.assessment_submit(assessment=done, actor=done_user)

    for day in (13, 14, 15):  # 7 days before the close (a missed day sends it later)
        for _run in range(2):
            rounds_due(now=at(datetime.date(2026, 12, day)))
    assert len(mails("navi_round_reminder")) == 2
    for day in (19, 20):  # 1 day before, and the closing day itself
        for _run in range(2):
            rounds_due(now=at(datetime.date(2026, 12, day), 22))
    reminders = OutboxMessage.objects.filter(purpose="navi_round_reminder")
    assert reminders.count() == 4
    assert not reminders.filter(to__contains=["done@example.jp"]).exists()
    assert OutboxMessage.objects.filter(purpose="navi_round_invitation").count() == 3

    rounds_due(now=at(CLOSES, 23))
    assert NaviRound.objects.get().status == "open"  # until the end of the closing day
    rounds_due(now=at(CLOSES + datetime.timedelta(days=1), 0))
    assert NaviRound.objects.get().status == "closed"
    rounds_due(now=at(CLOSES + datetime.timedelta(days=2)))
    assert OutboxMessage.objects.filter(purpose="navi_round_reminder").count() == 4


def test_the_secretariat_reminds_by_hand_all_or_one_never_a_submitter(published, secretariat):
    first, second = member_company(), member_company()
    respondent(first, email="first@example.jp")
    respondent(second, email="second@example.jp")
    round_ = round_open(round_=schedule(published), now=at(OPENS))
    assert round_remind(round_=round_, actor=secretariat, now=at(OPENS, 10)) == 2
    assert round_remind(round_=round_, actor=secretariat, organisation=second, now=at(OPENS, 11))
    assert OutboxMessage.objects.filter(purpose="navi_round_reminder").count() == 3
    assert AuditEntry.objects.filter(action="navi_round.remind").count() == 2

    a = round_.assessments.get(organisation=first)
    a.status, a.submitted_at = "submitted", at(OPENS, 12)
    a.save()
    with pytest.raises(RoundError):
        round_remind(round_=round_, actor=secretariat, organisation=first, now=at(OPENS, 13))
    round_close(round_=round_, now=at(CLOSES))
    with pytest.raises(RoundError):
        round_remind(round_=round_, actor=secretariat, now=at(CLOSES, 13))


# --- the close -------------------------------------------------------------------------


@pytest.fixture
def closed(company, user, published):
    round_ = round_open(round_=schedule(published), now=at(OPENS))
    assessment = round_.assessments.get(organisation=company)
    answer_everything(assessment, user)
    answering.assessment_submit(assessment=assessment, actor=user)
    round_close(round_=round_, now=at(CLOSES + datetime.timedelta(days=1)))
    assessment.refresh_from_db()
    return assessment


def test_after_the_close_members_change_nothing(closed, user, published):
    n01 = published.items.get(key="N01")
    attempts = [
        lambda: answering.assessment_reopen(assessment=closed, actor=user),
        lambda: answering.answer_save(
            assessment=closed,
            item=n01,
            level=_level(n01, 4),
            comment="",
            evidence_url="",
            actor=user,
        ),
        lambda: answering.assessment_set_profile(
            assessment=closed, ai_role="user", use_cases="", actor=user
        ),
        lambda: answering.answers_confirm(assessment=closed, actor=user),
    ]
    for attempt in attempts:
        with pytest.raises(AssessmentError, match="締め切られた"):
            attempt()
    closed.refresh_from_db()
    assert closed.status == "submitted"
    assert closed.answers.get(item=n01).level.number == 3


def test_an_unsubmitted_assessment_cannot_be_submitted_after_the_close(company, user, published):
    round_ = round_open(round_=schedule(published), now=at(OPENS))
    assessment = round_.assessments.get(organisation=company)
    answer_everything(assessment, user)
    round_close(round_=round_, now=at(CLOSES + datetime.timedelta(days=1)))
    with pytest.raises(AssessmentError, match="締め切られた"):
        answering.assessment_submit(assessment=assessment, actor=user)


def test_the_secretariat_reopens_after_the_close_with_a_reason_and_the_figures_stand(
    closed, user, secretariat, published
):
    round_ = closed.round
    round_.benchmark = {"companies": 10, "overall": "2.50"}  # as fixed at the close
    round_.save(update_fields=["benchmark"])
    with pytest.raises(AssessmentError, match="理由"):
        answering.assessment_reopen_after_close(assessment=closed, reason="  ", actor=secretariat)
    closed.refresh_from_db()
    assert closed.status == "submitted"

    answering.assessment_reopen_after_close(
        assessment=closed, reason="回答の誤記訂正の申し出（12/22 電話）", actor=secretariat
    )
    entry = AuditEntry.objects.get(action="navi_assessment.reopen_after_close")
    assert entry.data["reason"] == "回答の誤記訂正の申し出（12/22 電話）"
    assert entry.from_state == "submitted" and entry.to_state == "in_progress"

    n01 = published.items.get(key="N01")
    answering.answer_save(
        assessment=closed, item=n01, level=_level(n01, 4), comment="", evidence_url="", actor=user
    )
    answering.assessment_submit(assessment=closed, actor=user)
    closed.refresh_from_db()
    assert closed.is_frozen  # frozen again once resubmitted
    round_.refresh_from_db()
    assert round_.benchmark == {"companies": 10, "overall": "2.50"}


def test_only_an_assessment_of_a_closed_round_is_reopened_by_the_secretariat(
    company, user, published, secretariat
):
    round_ = round_open(round_=schedule(published), now=at(OPENS))
    assessment = round_.assessments.get(organisation=company)
    with pytest.raises(AssessmentError):
        answering.assessment_reopen_after_close(
            assessment=assessment, reason="理由", actor=secretariat
        )


# --- the trial round of a reconstruction, recorded as history ---------------------------


@pytest.fixture
def reconstruction(raw):
    raw = copy.deepcopy(raw)
    raw.update(version="8.0", published_on=None, reconstruction=True)
    return version_load(data=parse(raw), actor=None)


def test_a_reconstruction_takes_only_a_round_entirely_in_the_past(reconstruction):
    today = datetime.date(2026, 12, 4)
    with pytest.raises(RoundError, match="再構成"):
        schedule(reconstruction, today=today, closes_on=today)
    assert not NaviRound.objects.exists()
    trial = schedule(
        reconstruction,
        opens_on=datetime.date(2025, 3, 3),
        closes_on=datetime.date(2025, 3, 28),
        today=today,
    )
    company = member_company(admission_date=datetime.date(2024, 10, 1))
    respondent(company)
    later = member_company(admission_date=datetime.date(2025, 10, 1))
    respondent(later)
    round_open(round_=trial, now=at(today))
    # Members on its opening date; a round of history sends no e-mail.
    assert list(trial.assessments.values_list("organisation_id", flat=True)) == [company.pk]
    assert not OutboxMessage.objects.filter(purpose="navi_round_invitation").exists()


def test_answers_are_kept_per_round_one_assessment_each(company, published):
    round_ = round_open(round_=schedule(published), now=at(OPENS))
    assert NaviAssessment.objects.filter(round=round_, organisation=company).count() == 1
    assert NaviAnswer.objects.filter(assessment__round=round_).count() == 0
