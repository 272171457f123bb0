"""contact_invite decides who may invite whom: the secretariat and the system anyone, a
member's user only the contacts of their own organisation; never a contact without an
address. Each invitation is audited and goes out through the outbox."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from aiga.models import AuditEntry, OutboxMessage
from aiga.outbox import outbox_deliver, outbox_resend
from aiga.tokens import hash_token
from members.models import PortalInvitation
from members.services.invitations import (
    InvitationError,
    contact_invite,
    invitation_accept,
    invitation_for_token,
    invitation_link_issue,
)
from tests.factories import ContactFactory, OrganisationFactory, UserFactory, member_user
from tests.helpers import INVITATION_LINK, emailed_link

pytestmark = pytest.mark.django_db


def test_a_member_invites_a_colleague_of_their_own_company():
    colleague = ContactFactory()
    invitation = contact_invite(
        contact=colleague, actor=member_user(organisation=colleague.organisation)
    )
    assert invitation.contact == colleague
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


# ---------------------------------------------------------------- the link, issued on delivery
# Issue "Security II", item 2: an unused link read in the outbox (or its admin page) let a
# tester set a new member's password. The link now exists only in the e-mail.


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


def test_the_outbox_holds_no_invitation_link_and_the_admin_shows_none(client):
    contact = ContactFactory()
    invitation = contact_invite(contact=contact, actor=None)
    assert invitation.token_hash is None  # nothing to open until the e-mail goes out
    message = OutboxMessage.objects.get(purpose="portal_invitation")
    assert "invitation_url" not in message.context
    assert message.context["link"] == {"kind": "portal_invitation", "id": invitation.pk}

    token = _token(emailed_link(INVITATION_LINK, to=contact.email))
    invitation.refresh_from_db()
    assert invitation.token_hash == hash_token(token)
    assert invitation_for_token(token) == invitation
    row = OutboxMessage.objects.filter(pk=message.pk).values().get()
    assert row["status"] == "sent" and token not in str(row)

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in (
        "/admin/aiga/outboxmessage/",
        f"/admin/aiga/outboxmessage/{message.pk}/change/",
        f"/admin/members/portalinvitation/{invitation.pk}/change/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert token not in html and "/portal/invitation/" not in html, url


def test_a_resend_from_the_admin_issues_a_new_link_and_the_old_one_stops(client):
    contact = ContactFactory()
    contact_invite(contact=contact, actor=None)
    old = _token(emailed_link(INVITATION_LINK, to=contact.email))
    message = OutboxMessage.objects.get(purpose="portal_invitation")

    client.force_login(UserFactory(groups=["Secretariat"], is_staff=True))
    response = client.post(
        "/admin/aiga/outboxmessage/",
        {"action": "resend", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    new = _token(emailed_link(INVITATION_LINK, to=contact.email))
    assert new != old
    with pytest.raises(InvitationError):
        invitation_for_token(old)
    user = invitation_accept(raw=new, password="Kakuu-Pass-2026!")
    assert user.email == contact.email


def test_the_link_runs_from_delivery_and_a_replaced_invitation_is_not_sent():
    contact = ContactFactory()
    sent_at = timezone.now() + datetime.timedelta(days=3)
    first = contact_invite(contact=contact, actor=None, now=sent_at - datetime.timedelta(days=3))
    second = contact_invite(contact=contact, actor=None)
    first_message, second_message = OutboxMessage.objects.order_by("pk")
    assert invitation_link_issue(object_id=first.pk, secret="x" * 43) is None  # replaced
    issued = invitation_link_issue(object_id=second.pk, secret="y" * 43, now=sent_at)
    assert issued["expires_at"] == (sent_at + datetime.timedelta(days=14)).isoformat()
    assert invitation_for_token("y" * 43, now=sent_at) == second

    emailed_link(INVITATION_LINK, to=contact.email)
    first_message.refresh_from_db()
    second_message.refresh_from_db()
    assert first_message.status == OutboxMessage.Status.CANCELLED
    assert second_message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_a_used_invitation_is_not_sent_again():
    contact = ContactFactory()
    contact_invite(contact=contact, actor=None)
    token = _token(emailed_link(INVITATION_LINK, to=contact.email))
    invitation_accept(raw=token, password="Kakuu-Pass-2026!")
    message = OutboxMessage.objects.get(purpose="portal_invitation")
    again = outbox_resend(message=message)
    assert outbox_deliver(message_id=again.pk) is False
    again.refresh_from_db()
    assert again.status == OutboxMessage.Status.CANCELLED
    assert len(mail.outbox) == 1
