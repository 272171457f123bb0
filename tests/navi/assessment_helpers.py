"""Companies with Navi respondents, for the tests of answering."""

from members.models import Membership
from tests.factories import ContactFactory, MembershipFactory, UserFactory


def member_company(*, ai_role="user", category=Membership.Category.REGULAR, **fields):
    membership = MembershipFactory(category=category, organisation__ai_role=ai_role, **fields)
    return membership.organisation


def respondent(organisation, **kwargs):
    user = UserFactory(**kwargs)
    ContactFactory(organisation=organisation, user=user, email=user.email, is_navi_respondent=True)
    return user


def answer_everything(assessment, actor, number=3):
    """Answer every applicable item of the assessment with the level `number`."""
    from navi import scoring
    from navi.services.assessments import answer_save

    for item in assessment.version.items.prefetch_related("levels").order_by("number"):
        if not scoring.applies(item.applicability, assessment.ai_role):
            continue
        level = next(level for level in item.levels.all() if level.number == number)
        answer_save(
            assessment=assessment, item=item, level=level, comment="", evidence_url="", actor=actor
        )
