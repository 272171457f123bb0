"""After log-in each role lands where it works, on the site's log-in page and the admin's
alike, unless a safe `next` says otherwise; `next` to another host is refused."""

import pytest

from members import roles
from tests.factories import PASSWORD, UserFactory, member_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
CHOOSE = "/accounts/roles/"


def _user(role):
    if role == "secretariat":
        return UserFactory(groups=[roles.SECRETARIAT])
    if role == "director":
        return UserFactory(groups=[roles.BOARD])
    if role == "head of the secretariat":
        return UserFactory(groups=[roles.BOARD, roles.SECRETARIAT])
    if role == "member":
        return member_user()
    return UserFactory()  # an account with no role


def _log_in(client, user, url=LOGIN, **data):
    response = client.post(url, {"username": user.email, "password": PASSWORD, **data})
    assert "_auth_user_id" in client.session
    return response


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        ("secretariat", "/admin/"),
        ("director", "/board/"),
        ("member", "/portal/"),
        ("head of the secretariat", CHOOSE),
        ("nobody", "/"),
    ],
)
def test_each_role_lands_where_it_works(client, role, lands_on):
    response = _log_in(client, _user(role))
    assert response.status_code == 302
    assert response["Location"] == lands_on
    assert client.get(lands_on).status_code == 200


def test_someone_with_several_roles_is_offered_each(client):
    _log_in(client, _user("head of the secretariat"))
    html = client.get(CHOOSE).content.decode()
    assert 'href="/admin/"' in html and 'href="/board/"' in html
    assert 'href="/portal/"' not in html  # not a member


def test_a_member_is_offered_only_the_portal(client):
    client.force_login(_user("member"))
    html = client.get(CHOOSE).content.decode()
    assert 'href="/portal/"' in html
    assert 'data-role="board"' not in html and 'data-role="secretariat"' not in html


def test_a_safe_next_is_followed(client):
    response = _log_in(client, _user("member"), next="/portal/billing/")
    assert response["Location"] == "/portal/billing/"


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example.com/portal/", "//evil.example.com/", "/\\evil.example.com"]
)
@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_a_next_to_another_host_is_refused(client, url, unsafe):
    response = _log_in(client, _user("secretariat"), url=url, next=unsafe)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [("secretariat", "/admin/"), ("head of the secretariat", CHOOSE)],
)
def test_the_admin_log_in_lands_the_same_way(client, role, lands_on):
    form = client.get(ADMIN_LOGIN).content.decode()
    assert 'name="next" value=""' in form  # not the admin's own /admin/
    response = _log_in(client, _user(role), url=ADMIN_LOGIN, next="")
    assert response["Location"] == lands_on


def test_the_admin_log_in_follows_its_next(client):
    client.get("/admin/")  # an anonymous visit: sent to log in, with next=/admin/
    user = _user("head of the secretariat")
    response = _log_in(client, user, url=f"{ADMIN_LOGIN}?next=/admin/", next="/admin/")
    assert response["Location"] == "/admin/"


def test_the_admin_log_in_still_refuses_non_staff(client):
    user = _user("member")
    response = client.post(ADMIN_LOGIN, {"username": user.email, "password": PASSWORD, "next": ""})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_role_page_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(CHOOSE)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_demo_head_of_the_secretariat_is_offered_both(client):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.post(
        LOGIN, {"username": "jimukyokucho@example.jp", "password": "aiga-demo-2026"}
    )
    assert response["Location"] == CHOOSE
