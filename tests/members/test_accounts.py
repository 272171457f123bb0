"""Who manages which accounts, and that people and users are deactivated, never deleted."""

import pytest
from django.contrib.auth.models import Group
from django.db.models import ProtectedError

from aiga.audit import audit_log
from aiga.models import AuditEntry
from members.models import Contact, User
from members.services.invitations import InvitationError, contact_invite, invitation_accept
from members.services.people import PeopleError, contact_set_active, user_set_active
from tests.factories import (
    PASSWORD,
    ContactFactory,
    OrganisationFactory,
    UserFactory,
    member_user,
)
from tests.helpers import INVITATION_LINK, emailed_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return UserFactory(groups=["Secretariat"])


@pytest.fixture
def root():
    return UserFactory(email="root@aiga.example.jp", is_staff=True, is_superuser=True)


# ---------------------------------------------------------------- the finding, step by step
def test_the_secretariat_cannot_touch_a_superusers_account(client, secretariat, root):
    client.force_login(secretariat)
    before = User.objects.get(pk=root.pk)
    attempts = [
        (
            f"/admin/members/user/{root.pk}/password/",
            {"password1": "Takeover-2026!", "password2": "Takeover-2026!"},
        ),
        (
            f"/admin/members/user/{root.pk}/change/",
            {"email": "evil@example.jp", "is_active": "", "groups": []},
        ),
        (f"/admin/members/user/{root.pk}/delete/", {"post": "yes"}),
        (
            "/admin/members/user/add/",
            {"email": "new@example.jp", "password1": "x-Pass-2026!", "password2": "x-Pass-2026!"},
        ),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code == 403, url
    after = User.objects.get(pk=root.pk)
    assert (after.email, after.password, after.is_active) == (
        before.email,
        before.password,
        before.is_active,
    )
    assert User.objects.count() == 2


def test_the_secretariat_cannot_give_itself_the_board_or_make_a_member_staff(client, secretariat):
    member = member_user()
    client.force_login(secretariat)
    board = Group.objects.get_or_create(name="Board")[0]
    change = {"email": secretariat.email, "is_active": "on", "groups": [board.pk]}
    assert client.post(f"/admin/members/user/{secretariat.pk}/change/", change).status_code == 403
    assert (
        client.post(
            f"/admin/members/user/{member.pk}/change/", {"email": member.email, "is_staff": "on"}
        ).status_code
        == 403
    )
    assert client.get("/admin/auth/group/").status_code == 403
    assert (
        client.post(f"/admin/auth/group/{board.pk}/change/", {"name": "Board"}).status_code == 403
    )
    assert not secretariat.groups.filter(name="Board").exists()
    member.refresh_from_db()
    assert not member.is_staff


def test_the_secretariat_deactivates_a_members_log_in_audited(client, secretariat):
    member = member_user()
    client.force_login(secretariat)
    response = client.post(
        "/admin/members/user/",
        {"action": "deactivate", "_selected_action": [member.pk]},
        follow=True,
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert not member.is_active
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert entry.actor == secretariat and entry.object_id == str(member.pk)


def test_but_not_a_directors_or_a_colleagues(client, secretariat):
    director = UserFactory(groups=["Board"])
    colleague = UserFactory(groups=["Secretariat"])
    client.force_login(secretariat)
    response = client.post(
        "/admin/members/user/",
        {"action": "deactivate", "_selected_action": [director.pk, colleague.pk]},
        follow=True,
    )
    assert "管理者のみ" in response.content.decode()
    assert User.objects.filter(pk__in=[director.pk, colleague.pk], is_active=True).count() == 2
    with pytest.raises(PeopleError):
        user_set_active(user=secretariat, active=False, actor=secretariat)


def test_a_superusers_changes_are_audited_with_what_changed(client, root):
    member = member_user(email="before@example.jp")
    client.force_login(root)
    board = Group.objects.get_or_create(name="Board")[0]
    response = client.post(
        f"/admin/members/user/{member.pk}/change/",
        {
            "email": "after@example.jp",
            "full_name": member.full_name,
            "language": "ja",
            "is_active": "on",
            "groups": [board.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="user.admin_change")
    assert entry.actor == root
    # An address is personal data: the entry says it changed, the history keeps the values.
    assert entry.data["changed"]["email"] == {"changed": True}
    assert entry.data["changed"]["groups"] == {"before": [], "after": ["Board"]}
    # Now a director's account: its password is changed after the password again.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post(
        f"/admin/members/user/{member.pk}/password/",
        {"password1": "New-Pass-2026!x", "password2": "New-Pass-2026!x"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="user.admin_change").latest("id")
    assert entry.data["changed"] == {"password": {"changed": True}}
    assert "pbkdf2" not in str(entry.data) and "argon2" not in str(entry.data)


def test_a_groups_permissions_changed_by_a_superuser_are_audited(client, root):
    group = Group.objects.create(name="Readers")
    client.force_login(root)
    from django.contrib.auth.models import Permission

    view = Permission.objects.get(codename="view_organisation")
    response = client.post(
        f"/admin/auth/group/{group.pk}/change/", {"name": "Readers", "permissions": [view.pk]}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="group.admin_change")
    assert entry.data["changed"]["permissions"] == {"before": [], "after": ["view_organisation"]}


def test_nobody_deletes_a_user_or_a_contact_in_the_admin(client, root):
    member = member_user()
    contact = member.contact
    client.force_login(root)
    assert (
        client.post(f"/admin/members/user/{member.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert (
        client.post(f"/admin/members/contact/{contact.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert (
        User.objects.filter(pk=member.pk).exists()
        and Contact.objects.filter(pk=contact.pk).exists()
    )


# ---------------------------------------------------------------- invitations
def test_an_invitation_never_reaches_a_staff_account(root, secretariat):
    """A contact given the superuser's address: its link must not set that password."""
    contact = ContactFactory(organisation=OrganisationFactory(), email=root.email.upper())
    contact_invite(contact=contact, actor=secretariat)
    raw = emailed_link(INVITATION_LINK).rstrip("/").rsplit("/", 1)[1]
    password_before = User.objects.get(pk=root.pk).password
    with pytest.raises(InvitationError):
        invitation_accept(raw=raw, password="Takeover-2026!x")
    assert User.objects.get(pk=root.pk).password == password_before
    contact.refresh_from_db()
    assert contact.user_id is None


# ---------------------------------------------------------------- deactivated, never deleted
def test_a_contact_who_left_is_kept_but_no_longer_addressed(secretariat):
    from billing.services.invoices import billing_contact_for

    organisation = OrganisationFactory()
    leaver = ContactFactory(organisation=organisation, is_billing_contact=True)
    user = member_user(organisation=organisation)
    leaver.user = UserFactory()
    leaver.save()
    contact_set_active(contact=leaver, active=False, actor=secretariat)
    leaver.refresh_from_db()
    assert not leaver.is_active and not leaver.user.is_active
    assert billing_contact_for(organisation) == user.contact
    with pytest.raises(InvitationError):
        contact_invite(contact=leaver, actor=secretariat)
    assert AuditEntry.objects.filter(action="contact.deactivate", object_id=str(leaver.pk)).exists()


def test_rows_that_name_a_person_keep_them(secretariat):
    """Deleting a user or a contact named by an audit entry or an invoice is refused."""
    from billing.models import Invoice

    audit_log(actor=secretariat, action="test.action")
    with pytest.raises(ProtectedError):
        secretariat.delete()
    contact = ContactFactory(organisation=OrganisationFactory())
    Invoice.objects.create(organisation=contact.organisation, billing_contact=contact)
    with pytest.raises(ProtectedError):
        contact.delete()
