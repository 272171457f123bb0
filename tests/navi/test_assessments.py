"""The services of answering: starting (only issued regular and SMB members, one open
assessment per version, the profile from the register), applicability, saving (the later
save wins and says whose change it replaced), submitting (every applicable item answered;
the member representatives told), reopening, and who may read the answers."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError
from django.utils import timezone

from aiga.models import AuditEntry, OutboxMessage
from members.models import Membership
from members.roles import BOARD, SECRETARIAT
from navi.models import NaviAnswer, NaviAssessment
from navi.selectors.assessments import assessment_scores
from navi.services import assessments as services
from navi.services.assessments import AssessmentError
from tests.factories import ContactFactory, UserFactory
from tests.navi.assessment_helpers import answer_everything, member_company, respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return member_company(ai_role="user")


@pytest.fixture
def user(company):
    return respondent(company, full_name="青木 真理")


@pytest.fixture
def assessment(company, user, published):
    return services.assessment_start(organisation=company, version=published, actor=user)


def _item(version, key):
    return version.items.prefetch_related("levels").get(key=key)


def _level(item, number):
    return item.levels.get(number=number)


def test_starting_takes_the_profile_from_the_register_and_is_audited(assessment, company):
    assert assessment.ai_role == "user"
    assert assessment.status == NaviAssessment.Status.IN_PROGRESS
    assert AuditEntry.objects.filter(action="navi_assessment.start").count() == 1


def test_starting_again_gives_the_same_assessment(assessment, company, published, user):
    again = services.assessment_start(organisation=company, version=published, actor=user)
    assert again.pk == assessment.pk
    assert NaviAssessment.objects.count() == 1


def test_the_database_refuses_two_open_assessments_of_a_version(assessment):
    with pytest.raises(IntegrityError):
        NaviAssessment.objects.create(
            organisation=assessment.organisation, version=assessment.version
        )


@pytest.mark.parametrize("case", ["expert", "not_issued", "ended"])
def test_only_issued_regular_and_smb_members_have_assessments(case, published):
    if case == "expert":
        company = member_company(category=Membership.Category.EXPERT)
    elif case == "not_issued":
        company = member_company(issued_at=None)
    else:
        company = member_company(end_date=datetime.date(2025, 12, 31))
    with pytest.raises(AssessmentError):
        services.assessment_start(organisation=company, version=published, actor=None)
    assert not NaviAssessment.objects.exists()


def test_a_draft_version_is_not_answered(company, draft):
    with pytest.raises(AssessmentError):
        services.assessment_start(organisation=company, version=draft, actor=None)


def test_only_applicable_items_are_asked_and_a_new_profile_keeps_the_answers(
    assessment, user, published
):
    n15 = _item(published, "N15")  # for developers
    with pytest.raises(AssessmentError):
        services.answer_save(
            assessment=assessment,
            item=n15,
            level=_level(n15, 4),
            comment="",
            evidence_url="",
            actor=user,
        )
    assert assessment_scores(assessment).progress.applicable == 2  # N01 (both), N02 (user)
    assessment = services.assessment_set_profile(
        assessment=assessment, ai_role="developer", use_cases="与信審査モデル\n\n", actor=user
    )
    n02 = _item(published, "N02")
    assert assessment_scores(assessment).progress.applicable == 2  # N01, N15
    services.answer_save(
        assessment=assessment,
        item=n15,
        level=_level(n15, 4),
        comment="",
        evidence_url="",
        actor=user,
    )
    assessment = services.assessment_set_profile(
        assessment=assessment, ai_role="user", use_cases="与信審査モデル", actor=user
    )
    # The developer's answer is kept (and counts again if the profile changes back).
    assert NaviAnswer.objects.filter(assessment=assessment, item=n15).exists()
    assert assessment.use_case_list == ["与信審査モデル"]
    progress = assessment_scores(assessment).progress
    assert (progress.answered, progress.applicable) == (0, 2)
    assert n02.applicability == "user"


def test_a_bad_profile_is_refused(assessment, user):
    with pytest.raises(AssessmentError):
        services.assessment_set_profile(
            assessment=assessment, ai_role="robot", use_cases="", actor=user
        )


def test_a_level_of_another_item_or_an_item_of_another_version_is_refused(
    assessment, user, published, draft
):
    n01, n02 = _item(published, "N01"), _item(published, "N02")
    with pytest.raises(AssessmentError):
        services.answer_save(
            assessment=assessment,
            item=n01,
            level=_level(n02, 3),
            comment="",
            evidence_url="",
            actor=user,
        )
    other = _item(draft, "N01")
    with pytest.raises(AssessmentError):
        services.answer_save(
            assessment=assessment,
            item=other,
            level=_level(other, 3),
            comment="",
            evidence_url="",
            actor=user,
        )
    assert not NaviAnswer.objects.exists()


def test_the_later_save_wins_and_says_whose_change_it_replaced(
    assessment, user, company, published
):
    colleague = respondent(company, full_name="佐々木 健")
    n01 = _item(published, "N01")
    t0 = timezone.now()
    first = services.answer_save(
        assessment=assessment,
        item=n01,
        level=_level(n01, 2),
        comment="検討中",
        evidence_url="",
        actor=user,
        now=t0,
    )
    seen = first.answer.updated_at
    # The colleague saves, then the first respondent saves what they had on screen.
    services.answer_save(
        assessment=assessment,
        item=n01,
        level=_level(n01, 4),
        comment="",
        evidence_url="",
        seen_at=seen,
        actor=colleague,
        now=t0 + datetime.timedelta(minutes=1),
    )
    later = services.answer_save(
        assessment=assessment,
        item=n01,
        level=_level(n01, 3),
        comment="規程あり",
        evidence_url="",
        seen_at=seen,
        actor=user,
        now=t0 + datetime.timedelta(minutes=2),
    )
    assert later.replaced_by == "佐々木 健"
    answer = NaviAnswer.objects.get(assessment=assessment, item=n01)
    assert (answer.level.number, answer.comment, answer.updated_by) == (3, "規程あり", user)
    # Saving over one's own change, or having seen the latest, replaces nobody's.
    again = services.answer_save(
        assessment=assessment,
        item=n01,
        level=_level(n01, 3),
        comment="規程あり",
        evidence_url="",
        seen_at=answer.updated_at,
        actor=colleague,
    )
    assert again.replaced_by == ""


def test_submitting_needs_every_applicable_item(assessment, user, published):
    n01 = _item(published, "N01")
    services.answer_save(
        assessment=assessment,
        item=n01,
        level=_level(n01, 4),
        comment="",
        evidence_url="",
        actor=user,
    )
    with pytest.raises(AssessmentError, match="1件"):
        services.assessment_submit(assessment=assessment, actor=user)
    assessment.refresh_from_db()
    assert assessment.status == NaviAssessment.Status.IN_PROGRESS
    assert assessment_scores(assessment).overall is None  # not submitted: no score


def test_a_comment_without_a_level_is_not_an_answer(assessment, user, published):
    answer_everything(assessment, user)
    n01 = _item(published, "N01")
    services.answer_save(
        assessment=assessment,
        item=n01,
        level=None,
        comment="要確認",
        evidence_url="",
        actor=user,
    )
    with pytest.raises(AssessmentError):
        services.assessment_submit(assessment=assessment, actor=user)


def test_submitting_scores_it_and_tells_the_member_representatives(
    assessment, user, company, django_capture_on_commit_callbacks
):
    ContactFactory(organisation=company, email="daihyo@example.jp", is_member_representative=True)
    ContactFactory(
        organisation=company,
        email="gone@example.jp",
        is_member_representative=True,
        is_active=False,
    )
    answer_everything(assessment, user, number=3)  # 3 points each
    with django_capture_on_commit_callbacks():
        services.assessment_submit(assessment=assessment, actor=user)
    assessment.refresh_from_db()
    assert assessment.is_submitted and assessment.submitted_by == user
    scores = assessment_scores(assessment)
    assert scores.overall_display == Decimal("3.00") and scores.tier.key == "leader"
    (message,) = OutboxMessage.objects.filter(template_key="navi.assessment_submitted")
    assert message.to == ["daihyo@example.jp"]
    assert message.context["score"] == "3.00" and message.context["tier"] == "leader"
    assert AuditEntry.objects.filter(action="navi_assessment.submit").count() == 1
    # A submitted assessment is not changed.
    n01 = assessment.version.items.get(key="N01")
    with pytest.raises(AssessmentError):
        services.answer_save(
            assessment=assessment, item=n01, level=None, comment="", evidence_url="", actor=user
        )
    with pytest.raises(AssessmentError):
        services.assessment_submit(assessment=assessment, actor=user)


def test_any_respondent_reopens_and_submits_again(assessment, user, company):
    ContactFactory(organisation=company, email="daihyo@example.jp", is_member_representative=True)
    colleague = respondent(company)
    answer_everything(assessment, user)
    services.assessment_submit(assessment=assessment, actor=user)
    services.assessment_reopen(assessment=assessment, actor=colleague)
    assessment.refresh_from_db()
    assert assessment.status == NaviAssessment.Status.IN_PROGRESS
    assert assessment.submitted_at is None
    assert assessment_scores(assessment).tier is None
    with pytest.raises(AssessmentError):
        services.assessment_reopen(assessment=assessment, actor=colleague)
    services.assessment_submit(assessment=assessment, actor=colleague)
    assert OutboxMessage.objects.filter(template_key="navi.assessment_submitted").count() == 2
    assert AuditEntry.objects.filter(action="navi_assessment.reopen").count() == 1


def test_no_group_is_given_the_answers():
    from members.roles import ensure_groups

    ensure_groups()
    for group in (SECRETARIAT, BOARD):
        user = UserFactory(groups=[group])
        assert not user.has_perm("navi.view_answers")
        assert not user.has_perm("navi.view_naviassessment")
        assert not user.has_perm("navi.view_navianswer")
    # The rest of the Navi stays the secretariat's (its versions).
    assert UserFactory(groups=[SECRETARIAT]).has_perm("navi.change_naviversion")


def _secretariat_with_answers():
    user = UserFactory(groups=[SECRETARIAT])
    user.user_permissions.add(Permission.objects.get(codename="view_answers"))
    return user


def test_the_secretariat_reads_answers_only_with_the_permission_and_is_audited(
    client, assessment, user
):
    answer_everything(assessment, user)
    url = f"/admin/navi/naviassessment/{assessment.pk}/change/"
    for refused in (UserFactory(groups=[SECRETARIAT]), UserFactory(groups=[BOARD])):
        client.force_login(refused)
        assert client.get(url).status_code in (302, 403)
        assert client.get("/admin/navi/naviassessment/").status_code in (302, 403)
    assert not AuditEntry.objects.filter(action="navi_assessment.view_answers").exists()
    reader = _secretariat_with_answers()
    client.force_login(reader)
    assert client.get("/admin/navi/naviassessment/").status_code == 200
    response = client.get(url)
    assert response.status_code == 200
    assert "AIポリシー" in response.content.decode()
    entry = AuditEntry.objects.get(action="navi_assessment.view_answers")
    assert entry.actor == reader and entry.object_id == str(assessment.pk)


def test_the_same_answer_sent_again_writes_nothing(assessment, user, published):
    n01 = _item(published, "N01")
    kwargs = dict(assessment=assessment, item=n01, level=_level(n01, 3), comment="規程あり")
    first = services.answer_save(**kwargs, evidence_url="", actor=user)
    again = services.answer_save(
        **kwargs, evidence_url="", actor=respondent(assessment.organisation)
    )
    assert again.answer.updated_at == first.answer.updated_at
    assert again.answer.updated_by == user
    assert AuditEntry.objects.filter(action="navi_answer.save").count() == 1


def test_a_reconstruction_is_never_answered(company, user):
    """ver1.0 (loaded by the migration) is a reconstruction for reference: not offered, and
    refused if asked for."""
    from navi.models import NaviVersion
    from navi.selectors.assessments import startable_versions

    ver10 = NaviVersion.objects.get(number="1.0")
    assert ver10.reconstruction
    assert ver10 not in startable_versions(company)
    assert NaviVersion.objects.get(number="1.1") in startable_versions(company)
    with pytest.raises(AssessmentError, match="再構成"):
        services.assessment_start(organisation=company, version=ver10, actor=user)
    assert not NaviAssessment.objects.filter(version=ver10).exists()
