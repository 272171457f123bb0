"""The second factor: required of staff and directors under production settings
(TWO_FACTOR_REQUIRED), offered to members; the admin and /board/ refuse a session without
it; staff sessions idle out sooner; the password again before a staff account changes."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aiga.models import AuditEntry
from members.middleware import LAST_SEEN
from members.roles import BOARD, SECRETARIAT
from tests.factories import PASSWORD, ContactFactory, OrganisationFactory, UserFactory
from tests.helpers import TEST_TOTP_SECRET, totp_install, totp_next_code

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    return settings


@pytest.fixture
def clerk():
    return UserFactory(groups=[SECRETARIAT])


@pytest.fixture
def director():
    return UserFactory(groups=[BOARD])


@pytest.fixture
def member():
    org = OrganisationFactory()
    user = UserFactory()
    ContactFactory(organisation=org, user=user, email=user.email, is_member_representative=True)
    return user


def log_in(client, user):
    """The log-in form, as a person uses it (the password only)."""
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and client.session.get(SESSION_KEY)
    return response


# ------------------------------------------------------------------ required of staff
@pytest.mark.parametrize("path", ["/admin/", "/admin/billing/invoice/", "/board/"])
def test_the_admin_and_the_board_refuse_a_session_without_the_second_factor(client, required, path):
    user = UserFactory(groups=[SECRETARIAT, BOARD])
    totp_install(user)
    log_in(client, user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={path.replace('/', '%2F')}"


def test_a_staff_member_without_an_authenticator_is_sent_to_set_one_up(client, required, clerk):
    log_in(client, clerk)
    response = client.get("/admin/")
    assert response["Location"].startswith(SETUP)
    page = client.get(response["Location"]).content.decode()
    assert "事務局・理事のアカウントでは" in page and 'id="totp-qr"' in page


def test_the_code_opens_the_admin_and_the_log_in_lands_where_the_role_works(
    client, required, clerk
):
    totp_install(clerk)
    landing = log_in(client, clerk)["Location"]
    assert landing == "/admin/"
    asked = client.get(landing)["Location"]
    response = client.post(asked, {"token": totp_next_code(clerk), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_director_reaches_the_board_after_the_code(client, required, director):
    totp_install(director)
    log_in(client, director)
    assert client.get("/board/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": totp_next_code(director)})
    assert client.get("/board/").status_code == 200


@pytest.mark.parametrize("token", ["", "123", "000000", "abcdefgh"])
def test_a_wrong_code_is_refused_with_a_message(client, required, clerk, token):
    totp_install(clerk)
    log_in(client, clerk)
    response = client.post(VERIFY, {"token": token})
    assert response.status_code == 200
    page = response.content.decode()
    assert "確認コードを入力してください。" in page or "確認コードが正しくありません。" in page
    assert client.get("/admin/").status_code == 302


def test_a_code_is_accepted_in_full_width_digits_and_not_twice(client, required, clerk):
    totp_install(clerk)
    log_in(client, clerk)
    code = totp_next_code(clerk)
    full_width = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert client.post(VERIFY, {"token": full_width}).status_code == 302
    client.logout()
    log_in(client, clerk)
    assert client.post(VERIFY, {"token": code}).status_code == 200  # used already


def test_a_recovery_code_works_once_and_is_logged(client, required, clerk):
    log_in(client, clerk)
    page = client.get(SETUP)
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    from django_otp.oath import TOTP

    code = f"{TOTP(device.bin_key).token():06d}"
    response = client.post(SETUP, {"token": code})
    assert response.status_code == 200 and "recovery-codes" in response.content.decode()
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200  # verified by setting it up
    assert AuditEntry.objects.filter(action="auth.second_factor_enabled").count() == 1
    client.logout()
    log_in(client, clerk)
    assert client.post(VERIFY, {"token": codes[0].upper()}).status_code == 302
    assert AuditEntry.objects.filter(action="auth.recovery_code_used").count() == 1
    client.logout()
    log_in(client, clerk)
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=clerk).count() == 9
    del page


def test_without_the_setting_staff_are_not_asked(client, settings, clerk):
    settings.TWO_FACTOR_REQUIRED = False
    log_in(client, clerk)
    assert client.get("/admin/").status_code == 200


def test_the_production_default_requires_it():
    from tests.helpers import manage, production_env

    env = production_env()
    env.pop("TWO_FACTOR_REQUIRED", None)  # the suite's own switch (tests/settings.py)
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)",
        env=env,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


# ------------------------------------------------------------------ offered to members
def test_a_member_is_not_asked_unless_they_chose_it(client, required, member):
    log_in(client, member)
    assert client.get("/portal/").status_code == 200
    settings_page = client.get("/portal/profile/settings/").content.decode()
    assert SETUP in settings_page


def test_a_member_sets_it_up_is_asked_next_time_and_may_turn_it_off(client, required, member):
    log_in(client, member)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    from django_otp.oath import TOTP

    assert client.post(SETUP, {"token": "000000"}).status_code == 200  # wrong: asked again
    response = client.post(SETUP, {"token": f"{TOTP(device.bin_key).token():06d}"})
    assert "recovery-codes" in response.content.decode()
    client.logout()
    log_in(client, member)
    assert client.get("/portal/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": totp_next_code(member)})
    assert client.get("/portal/").status_code == 200
    client.post(SETUP, {"action": "disable"})
    assert not TOTPDevice.objects.filter(user=member).exists()
    client.logout()
    log_in(client, member)
    assert client.get("/portal/").status_code == 200


def test_staff_cannot_turn_it_off_while_it_is_required(client, required, clerk):
    totp_install(clerk)
    log_in(client, clerk)
    client.post(VERIFY, {"token": totp_next_code(clerk)})
    response = client.post(SETUP, {"action": "disable"}, follow=True)
    assert "二段階認証を解除できません" in response.content.decode()
    assert TOTPDevice.objects.filter(user=clerk, confirmed=True).exists()


def test_the_demo_key_is_the_documented_one():
    from members.demo import DEMO_TOTP_SECRET

    readme = (__import__("pathlib").Path(__file__).parents[2] / "README.md").read_text()
    assert DEMO_TOTP_SECRET in readme and TEST_TOTP_SECRET != DEMO_TOTP_SECRET


# ------------------------------------------------------------------ idle sessions
@pytest.mark.parametrize(
    ("who", "idle_minutes", "still_in"),
    [
        ("clerk", 29, True),
        ("clerk", 31, False),
        ("member", 31, True),
        ("member", 8 * 60 + 1, False),
    ],
)
def test_staff_sessions_idle_out_sooner_than_members(
    client, clerk, member, who, idle_minutes, still_in
):
    user = clerk if who == "clerk" else member
    log_in(client, user)
    page = "/admin/" if who == "clerk" else "/portal/"
    assert client.get(page).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - idle_minutes * 60
    session.save()
    response = client.get(page)
    assert (response.status_code == 200) is still_in
    assert bool(client.session.get(SESSION_KEY)) is still_in


# ------------------------------------------------------------------ re-authentication
@pytest.fixture
def superuser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_changing_a_staff_account_asks_for_the_password_again(client, superuser, clerk):
    url = f"/admin/members/user/{clerk.pk}/change/"
    response = client.get(url)
    assert response["Location"].startswith("/accounts/reauthenticate/?next=")
    wrong = client.post(response["Location"], {"password": "nope", "next": url})
    assert "パスワードが正しくありません。" in wrong.content.decode()
    assert client.get(url).status_code == 302
    right = client.post("/accounts/reauthenticate/", {"password": PASSWORD, "next": url})
    assert right["Location"] == url
    assert client.get(url).status_code == 200
    assert client.get(f"/admin/members/user/{clerk.pk}/password/").status_code == 200


def test_the_password_change_and_a_new_account_ask_too(client, superuser, director):
    assert client.get(f"/admin/members/user/{director.pk}/password/").status_code == 302
    assert client.get("/admin/members/user/add/").status_code == 302


def test_a_members_account_is_changed_without_asking(client, superuser, member):
    assert client.get(f"/admin/members/user/{member.pk}/change/").status_code == 200


def test_the_reauthentication_asks_for_the_code_of_whoever_has_one(client, superuser, clerk):
    totp_install(superuser)
    url = f"/admin/members/user/{clerk.pk}/change/"
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD, "next": url})
    assert response.status_code == 200 and "確認コード" in response.content.decode()
    response = client.post(
        "/accounts/reauthenticate/",
        {"password": PASSWORD, "token": totp_next_code(superuser), "next": url},
    )
    assert response["Location"] == url


def test_repeated_wrong_passwords_end_the_session(client, superuser):
    for _ in range(5):
        response = client.post("/accounts/reauthenticate/", {"password": "nope"})
    assert response["Location"] == "/accounts/login/"
    assert not client.session.get(SESSION_KEY)


def test_a_superuser_resets_a_lost_authenticator_after_the_password(client, superuser, clerk):
    totp_install(clerk)
    data = {"action": "reset_second_factor", "_selected_action": [clerk.pk]}
    response = client.post("/admin/members/user/", data)
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert TOTPDevice.objects.filter(user=clerk).exists()
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.post("/admin/members/user/", data)
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert AuditEntry.objects.filter(action="auth.second_factor_reset").count() == 1


def test_the_secretariat_cannot_reset_anyones_second_factor(client, clerk, director):
    totp_install(director)
    client.force_login(clerk)
    data = {"action": "reset_second_factor", "_selected_action": [director.pk]}
    client.post("/admin/members/user/", data)
    assert TOTPDevice.objects.filter(user=director).exists()
