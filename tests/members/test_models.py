import datetime

import pytest
from django.db import IntegrityError, transaction

from members.models import Membership
from members.selectors.memberships import current_membership
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("category", "votes"),
    [
        (Membership.Category.REGULAR, 1),
        (Membership.Category.SMB, 1),
        (Membership.Category.EXPERT, 0),
    ],
)
def test_general_assembly_votes(category, votes):
    assert MembershipFactory(category=category).votes == votes


def test_membership_rows_are_periods_of_one_organisation():
    org = OrganisationFactory()
    MembershipFactory(
        organisation=org,
        admission_date=datetime.date(2024, 10, 15),
        end_date=datetime.date(2025, 9, 30),
        status="ended",
    )
    current = MembershipFactory(organisation=org, admission_date=datetime.date(2025, 10, 1))
    assert org.memberships.count() == 2
    assert current_membership(org, on=datetime.date(2026, 1, 1)) == current
    assert current_membership(org, on=datetime.date(2025, 3, 1)) == org.memberships.last()


def test_a_member_is_a_member_once_issued_and_until_ended():
    """Approved but unpaid (not issued), ended, or not begun yet: not a current member."""
    from members.selectors.memberships import current_members

    day = datetime.date(2026, 1, 1)
    issued = MembershipFactory(admission_date=datetime.date(2025, 10, 1)).organisation
    unpaid = MembershipFactory(admission_date=datetime.date(2025, 10, 1), issued_at=None)
    ended = MembershipFactory(
        admission_date=datetime.date(2024, 10, 1), end_date=datetime.date(2025, 9, 30)
    )
    future = MembershipFactory(admission_date=datetime.date(2026, 4, 1))
    suspended_end = MembershipFactory(admission_date=datetime.date(2025, 10, 1), status="ended")
    assert list(current_members(on=day)) == [issued]
    for membership in (unpaid, ended, future, suspended_end):
        assert current_membership(membership.organisation, on=day) is None


def test_manual_tier_needs_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(tier_source=Membership.TierSource.MANUAL, tier_reason="")
    MembershipFactory(tier_source=Membership.TierSource.MANUAL, tier_reason="基金のため通常枠")


def test_end_date_not_before_admission():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            admission_date=datetime.date(2025, 10, 1), end_date=datetime.date(2025, 9, 1)
        )


def test_member_number_is_unique():
    OrganisationFactory(member_number="AIGA-0001")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(member_number="AIGA-0001")


def test_contact_addressee_in_japanese_business_style():
    contact = ContactFactory(
        organisation=OrganisationFactory(legal_name="株式会社サンプル"),
        family_name="佐藤",
        given_name="花子",
        department="経理部",
    )
    assert contact.addressee == "株式会社サンプル 経理部 佐藤 花子 様"


def test_contact_holds_several_roles():
    contact = ContactFactory(is_member_representative=True, is_billing_contact=True)
    assert contact.roles == ["会員代表者", "請求書宛先"]
