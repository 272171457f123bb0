"""Password guessing is braked on every log-in path (django-axes): five wrong passwords for one
address from one IP lock that pair out for 15 minutes, with a 429 page in the visitor's
language, a record of each failure, and one e-mail to the account's owner."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import RequestFactory

from aiga.auth import client_ip_address, normalise_login
from aiga.models import AuditEntry, OutboxMessage
from members.services.lockouts import lockout_notify
from tests.factories import PASSWORD, ContactFactory, OrganisationFactory, UserFactory
from tests.helpers import rendered

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
OWNER_IP = "203.0.113.10"
ATTACKER_IP = "198.51.100.7"
JA_MESSAGE = "ログインの試行が多すぎます。15分ほど待ってから、もう一度お試しください。"
EN_MESSAGE = "Too many log-in attempts. Please wait about 15 minutes and try again."


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.jp", full_name="持主 太郎")


@pytest.fixture
def clerk():
    return UserFactory(email="clerk@example.jp", full_name="事務 花子", is_staff=True)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://members.example.org"


def attempt(client, email, password, *, url=LOGIN, ip=OWNER_IP, **extra):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def guess(client, email, times, *, url=LOGIN, ip=OWNER_IP):
    return [attempt(client, email, f"wrong-{n}", url=url, ip=ip).status_code for n in range(times)]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_defaults_are_five_failures_and_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[-1] == "django.contrib.auth.backends.ModelBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


# (a) The admin's log-in, which had no limit at all.
def test_admin_login_locks_after_five_wrong_passwords(client, clerk):
    assert guess(client, "clerk@example.jp", 5, url=ADMIN_LOGIN) == [200, 200, 200, 200, 429]
    response = attempt(client, "clerk@example.jp", PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert JA_MESSAGE in response.content.decode()
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_sixty_wrong_passwords_then_the_right_one_is_refused_on_the_admin(client, clerk):
    statuses = guess(client, "clerk@example.jp", 60, url=ADMIN_LOGIN)
    assert statuses.count(200) == 4 and statuses.count(429) == 56
    response = attempt(client, "clerk@example.jp", PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 429 and not logged_in(client)


def test_the_admin_login_works_before_the_limit(client, clerk):
    assert guess(client, "clerk@example.jp", 4, url=ADMIN_LOGIN) == [200, 200, 200, 200]
    response = attempt(client, "clerk@example.jp", PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 302 and logged_in(client)


# (b) The site's log-in.
def test_site_login_locks_after_five_wrong_passwords(client, owner):
    assert guess(client, "owner@example.jp", 5) == [200, 200, 200, 200, 429]
    response = attempt(client, "owner@example.jp", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert JA_MESSAGE in html and '<html lang="ja">' in html
    assert "/accounts/password_reset/" in html
    assert not logged_in(client)


def test_the_site_login_works_before_the_limit_and_resets_the_count(client, owner):
    assert guess(client, "owner@example.jp", 4) == [200, 200, 200, 200]
    assert attempt(client, "owner@example.jp", PASSWORD).status_code == 302
    assert AccessAttempt.objects.count() == 0
    client.post("/accounts/logout/")
    # The count starts again from nothing after a successful log-in.
    assert guess(client, "owner@example.jp", 4) == [200, 200, 200, 200]
    assert attempt(client, "owner@example.jp", PASSWORD).status_code == 302


# (c) Retyping the address differently does not start a fresh count.
def test_case_spaces_and_full_width_count_as_one_address(client, owner):
    variants = [
        "Owner@Example.jp",
        " owner@example.jp ",
        "OWNER@EXAMPLE.JP",
        "ｏｗｎｅｒ＠ｅｘａｍｐｌｅ．ｊｐ",
        "\u3000Owner@example.JP\u3000",
    ]
    statuses = [attempt(client, email, "wrong").status_code for email in variants]
    assert statuses == [200, 200, 200, 200, 429]
    assert attempt(client, "owner@EXAMPLE.jp", PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"owner@example.jp"}


@pytest.mark.parametrize(
    "typed",
    [" Owner@Example.jp ", "OWNER@EXAMPLE.JP", "ｏｗｎｅｒ＠ｅｘａｍｐｌｅ．ｊｐ"],
)
def test_the_owner_logs_in_with_the_address_typed_differently(client, owner, typed):
    response = attempt(client, typed, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (" Owner@Example.jp ", "owner@example.jp"),
        ("ＯＷＮＥＲ＠ＥＸＡＭＰＬＥ．ＪＰ", "owner@example.jp"),
        ("\u3000owner@example.jp\t", "owner@example.jp"),
        ("", ""),
        (None, None),
    ],
)
def test_normalise_login(typed, expected):
    assert normalise_login(typed) == expected


# (d) Someone guessing elsewhere does not lock the owner out.
def test_guesses_from_another_ip_do_not_lock_the_owner_out(client, owner):
    statuses = guess(client, "owner@example.jp", 8, ip=ATTACKER_IP)
    assert statuses == [200, 200, 200, 200, 429, 429, 429, 429]
    response = attempt(client, "owner@example.jp", PASSWORD, ip=OWNER_IP)
    assert response.status_code == 302 and logged_in(client)


# (e) The people behind one proxy do not lock each other out.
def test_other_users_behind_the_same_ip_still_log_in(client, owner):
    colleague = UserFactory(email="colleague@example.jp")
    guess(client, "owner@example.jp", 5, ip=OWNER_IP)
    for n in range(12):  # more than the old per-IP limit would have let through, in total
        attempt(client, f"someone{n}@example.jp", "wrong", ip=OWNER_IP)
    response = attempt(client, "colleague@example.jp", PASSWORD, ip=OWNER_IP)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_behind_a_trusted_proxy_each_visitor_is_counted_by_the_forwarded_address(
    client, owner, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        attempt(client, "owner@example.jp", "wrong", ip=proxy, HTTP_X_FORWARDED_FOR=ATTACKER_IP)
    assert AccessAttempt.objects.get().ip_address == ATTACKER_IP
    response = attempt(
        client, "owner@example.jp", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=OWNER_IP
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "198.51.100.7", "10.0.0.2"),  # no proxy configured: the header is ignored
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.99, 198.51.100.7", "198.51.100.7"),  # a forged entry on the left
        (2, "192.0.2.99, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.2"),  # fewer entries than proxies: not through them
    ],
)
def test_client_ip_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == expected


# (f) After the cool-off the owner logs in again.
def test_after_the_cool_off_the_owner_logs_in(client, owner):
    guess(client, "owner@example.jp", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=14)
    )
    assert attempt(client, "owner@example.jp", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )
    response = attempt(client, "owner@example.jp", PASSWORD)
    assert response.status_code == 302 and logged_in(client)
    assert AccessAttempt.objects.count() == 0


def test_the_secretariat_can_lift_a_lock_out_with_axes_reset(client, owner):
    from axes.utils import reset

    guess(client, "owner@example.jp", 5)
    assert reset(username="owner@example.jp") == 1
    assert attempt(client, "owner@example.jp", PASSWORD).status_code == 302


# (g) Each failure is recorded, without the password, and the admin shows them.
def test_a_failed_attempt_is_recorded(client, owner):
    attempt(client, " Owner@Example.jp", "not-my-password")
    recorded = AccessAttempt.objects.get()
    assert recorded.username == "owner@example.jp"
    assert recorded.ip_address == OWNER_IP
    assert recorded.failures_since_start == 1
    assert recorded.path_info == LOGIN
    assert "not-my-password" not in recorded.post_data
    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address, failure.locked_out) == (
        "owner@example.jp",
        OWNER_IP,
        False,
    )


def test_the_lock_out_is_recorded_on_the_failure_that_causes_it(client, owner):
    guess(client, "owner@example.jp", 5, url=ADMIN_LOGIN)
    logs = list(AccessFailureLog.objects.order_by("id").values_list("locked_out", "path_info"))
    assert logs == [(False, ADMIN_LOGIN)] * 4 + [(True, ADMIN_LOGIN)]


def test_the_admin_lists_the_failures_read_only(client, owner):
    guess(client, "owner@example.jp", 2, ip=ATTACKER_IP)
    client.force_login(UserFactory(email="root@example.jp", is_staff=True, is_superuser=True))
    for url in ("/admin/axes/accessattempt/", "/admin/axes/accessfailurelog/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "owner@example.jp" in html and ATTACKER_IP in html
    assert client.get("/admin/axes/accessattempt/add/").status_code == 403
    assert client.get("/admin/axes/accessfailurelog/add/").status_code == 403
    attempt_id = AccessAttempt.objects.get().pk
    assert client.get(f"/admin/axes/accessattempt/{attempt_id}/change/").status_code == 200


# (h) The owner is told, once, in Japanese with English below.
def test_the_owner_gets_one_email_on_lock_out(client, owner):
    guess(client, "Owner@Example.jp", 8, ip=ATTACKER_IP)
    attempt(client, "owner@example.jp", PASSWORD, ip=ATTACKER_IP)
    message = OutboxMessage.objects.get()
    assert message.purpose == "login_locked_out"
    assert message.to == ["owner@example.jp"]
    assert message.context["ip_address"] == ATTACKER_IP
    subject, body = rendered(message)
    assert subject == "【AIガバナンス協会】ログインの失敗が続いたため、ログインを一時停止しました"
    japanese, english = body.split("---------- English follows ----------")
    assert japanese.startswith("持主 太郎 様")
    assert "接続元のIPアドレス：198.51.100.7" in japanese
    assert "15分ほど停止されます" in japanese
    assert "https://members.example.org/accounts/password_reset/" in japanese
    assert "Dear 持主 太郎," in english
    assert "IP address: 198.51.100.7" in english
    assert "about 15 minutes" in english
    assert "https://members.example.org/accounts/password_reset/" in english
    assert AuditEntry.objects.filter(action="auth.locked_out", note="").count() == 1


def test_a_second_lock_out_within_the_cool_off_sends_no_second_email(client, owner):
    guess(client, "owner@example.jp", 5, ip=ATTACKER_IP)
    guess(client, "owner@example.jp", 5, ip="192.0.2.44")
    assert OutboxMessage.objects.count() == 1


def test_no_email_and_the_same_page_for_an_address_without_an_account(client, owner):
    guess(client, "owner@example.jp", 4, ip=ATTACKER_IP)
    owners = attempt(client, "owner@example.jp", "x", ip=ATTACKER_IP)
    guess(client, "nobody@example.jp", 4, ip=ATTACKER_IP)
    nobodys = attempt(client, "nobody@example.jp", "x", ip=ATTACKER_IP)
    assert owners.status_code == nobodys.status_code == 429
    assert JA_MESSAGE in nobodys.content.decode()
    assert _without_csrf(owners.content) == _without_csrf(nobodys.content)
    assert [m.to for m in OutboxMessage.objects.all()] == [["owner@example.jp"]]


def test_no_email_for_an_inactive_account(client):
    UserFactory(email="gone@example.jp", is_active=False)
    assert guess(client, "gone@example.jp", 5) == [200, 200, 200, 200, 429]
    assert not OutboxMessage.objects.exists()


def test_the_notice_is_written_in_tokyo_time():
    contact = ContactFactory(
        organisation=OrganisationFactory(legal_name="テスト商事株式会社"),
        family_name="山田",
        given_name="花子",
        email="hanako@example.jp",
        user=UserFactory(email="hanako@example.jp"),
    )
    message = lockout_notify(
        username=" Hanako@Example.jp ",
        ip_address="198.51.100.7",
        attempted_at=datetime.datetime(2026, 4, 15, 5, 5, tzinfo=datetime.UTC),
    )
    assert message.to == [contact.email]
    assert message.context["attempted_at"] == "2026-04-15T05:05:00+00:00"
    _, body = rendered(message)
    assert body.startswith("テスト商事株式会社 山田 花子 様")
    assert "日時：2026年4月15日 14:05" in body
    assert "Time: 15 April 2026 14:05 (Japan time)" in body


# (i) The page in English for a visitor who chose English.
def test_the_lock_out_page_in_english(client, owner):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    guess(client, "owner@example.jp", 5)
    response = attempt(client, "owner@example.jp", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="en">' in html and EN_MESSAGE in html and JA_MESSAGE not in html


def test_the_page_gives_a_longer_cool_off_when_one_is_configured(client, owner, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    guess(client, "owner@example.jp", 5)
    response = attempt(client, "owner@example.jp", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "ログインの試行が多すぎます。30分ほど待ってから、もう一度お試しください。" in html
    assert "30分ほど停止されます" in rendered(OutboxMessage.objects.get())[1]


def test_the_browser_language_alone_keeps_the_page_japanese(client, owner):
    """The site is Japanese unless English is chosen with the switcher (JapaneseFirstMiddleware)."""
    guess(client, "owner@example.jp", 5)
    response = attempt(client, "owner@example.jp", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429 and JA_MESSAGE in response.content.decode()


def _without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


@pytest.mark.parametrize("typed", ["0" * 270, "ﷺ" * 20])  # 「ﷺ」: eighteen letters in NFKC
def test_an_address_longer_than_axes_keeps_is_a_failed_log_in_not_an_error(typed):
    from django.test import Client

    response = attempt(Client(raise_request_exception=False), typed, "wrong")
    assert response.status_code == 200
    assert len(AccessAttempt.objects.get().username) == 255
