"""Each role logs in, sees its own navigation, and is refused the other roles' pages."""

import pytest
from django.urls import reverse

from members import roles
from tests.factories import UserFactory, member_user

pytestmark = pytest.mark.django_db

PORTAL = "/portal/"
BOARD = "/board/"
ADMIN = "/admin/"


@pytest.fixture
def secretariat():
    return UserFactory(groups=[roles.SECRETARIAT])


@pytest.fixture
def director():
    return UserFactory(groups=[roles.BOARD])


@pytest.fixture
def head_of_secretariat():
    """業務執行理事 兼 事務局長: a director and secretariat staff at once."""
    return UserFactory(groups=[roles.BOARD, roles.SECRETARIAT])


@pytest.fixture
def member():
    return member_user()


def _nav(client):
    html = client.get("/").content.decode()
    return {
        role for role in ("member", "board", "secretariat") if f'data-role-nav="{role}"' in html
    }


def test_login_by_email(client, secretariat, password):
    response = client.post(
        reverse("login"), {"username": secretariat.email.upper(), "password": password}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == secretariat


def test_wrong_password_shows_an_error(client, secretariat):
    response = client.post(reverse("login"), {"username": secretariat.email, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_secretariat(client, secretariat):
    client.force_login(secretariat)
    assert _nav(client) == {"secretariat"}
    assert client.get(ADMIN).status_code == 200
    assert client.get(BOARD).status_code == 403
    assert client.get(PORTAL).status_code == 403
    assert secretariat.is_staff and not secretariat.is_superuser


def test_director(client, director):
    client.force_login(director)
    assert _nav(client) == {"board"}
    assert client.get(BOARD).status_code == 200
    assert client.get(PORTAL).status_code == 403
    # Not staff: the admin sends them to its log-in page.
    assert client.get(ADMIN).status_code == 302


def test_director_who_heads_the_secretariat_sees_both(client, head_of_secretariat):
    client.force_login(head_of_secretariat)
    assert _nav(client) == {"board", "secretariat"}
    assert client.get(BOARD).status_code == 200
    assert client.get(ADMIN).status_code == 200


def test_member(client, member):
    client.force_login(member)
    assert _nav(client) == {"member"}
    assert client.get(PORTAL).status_code == 200
    assert client.get(BOARD).status_code == 403
    assert client.get(ADMIN).status_code == 302


@pytest.mark.parametrize("url", [PORTAL, BOARD, "/portal/documents/1/"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_secretariat_group_has_admin_permissions(secretariat):
    assert secretariat.has_perm("members.change_organisation")
    assert secretariat.has_perm("aiga.view_auditentry")
    assert not secretariat.has_perm("aiga.delete_auditentry")
    assert not secretariat.has_perm("aiga.change_auditentry")


def test_director_can_view_but_not_change_members(director):
    assert director.has_perm("members.view_organisation")
    assert not director.has_perm("members.change_organisation")


def test_password_change_page(client, member, password):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Kaiin-2026-new!",
            "new_password2": "Kaiin-2026-new!",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Kaiin-2026-new!")


def test_password_reset_sends_mail(client, member, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "パスワード再設定" in mail.outbox[0].subject
