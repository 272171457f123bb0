"""contact_invite decides who may invite whom: the secretariat and the system anyone, a
member's user only the contacts of their own organisation; never a contact without an
address. Each invitation is audited and goes out through the outbox."""

import pytest

from aiga.models import AuditEntry, OutboxMessage
from members.models import PortalInvitation
from members.services.invitations import InvitationError, contact_invite
from tests.factories import ContactFactory, OrganisationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db


def test_a_member_invites_a_colleague_of_their_own_company():
    colleague = ContactFactory()
    invitation, raw = contact_invite(
        contact=colleague, actor=member_user(organisation=colleague.organisation)
    )
    assert invitation.contact == colleague and raw
    assert OutboxMessage.objects.filter(purpose="portal_invitation", to=[colleague.email]).exists()
    assert AuditEntry.objects.filter(action="portal.invitation").count() == 1


def test_a_member_cannot_invite_another_company_s_contact():
    other = ContactFactory(organisation=OrganisationFactory(legal_name="他社株式会社"))
    outsider = member_user(organisation=OrganisationFactory())
    with pytest.raises(InvitationError) as refused:
        contact_invite(contact=other, actor=outsider)
    assert "権限" in str(refused.value)
    assert not PortalInvitation.objects.exists() and not OutboxMessage.objects.exists()


def test_a_user_of_no_organisation_cannot_invite():
    with pytest.raises(InvitationError):
        contact_invite(contact=ContactFactory(), actor=UserFactory())
    assert not PortalInvitation.objects.exists()


def test_the_secretariat_and_the_system_invite_anyone():
    contact = ContactFactory()
    contact_invite(contact=contact, actor=UserFactory(groups=["Secretariat"]))
    contact_invite(contact=contact, actor=None)
    assert PortalInvitation.objects.filter(contact=contact).count() == 2
    # The earlier link stops working when a new one is sent.
    first, second = PortalInvitation.objects.order_by("id")
    assert first.expires_at <= second.created_at


def test_a_contact_without_an_address_cannot_be_invited():
    contact = ContactFactory(email="")
    with pytest.raises(InvitationError):
        contact_invite(contact=contact, actor=None)
    assert not PortalInvitation.objects.exists()
