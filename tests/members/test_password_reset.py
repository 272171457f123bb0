"""Password resets (issue "Security II", item 3).

A reset took 15 s for a known address and 0.2 s for an unknown one (the SMTP conversation
was part of the answer), and 30 requests sent 30 e-mails. Now the page looks nothing up and
sends nothing: its form queues a task with the typed address; the task finds the account and
writes the e-mail to the outbox, whose link is issued when it is delivered. Requests are
rate-limited per address and per IP, and over the limit the answer is the same page."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aiga.models import OutboxMessage
from members.services.password_reset import password_reset_request
from tests.factories import UserFactory, member_user
from tests.helpers import RESET_LINK, emailed_link

pytestmark = pytest.mark.django_db

URL = "/accounts/password_reset/"
DONE = "/accounts/password_reset/done/"


@pytest.fixture
def member():
    return member_user(email="member@example.jp")


def _post(client, email, ip="203.0.113.5"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=ip)


def _answer(response):
    return response.status_code, response["Location"], response.content


def test_the_page_answers_alike_without_looking_anyone_up(
    client, member, django_capture_on_commit_callbacks
):
    answers, queries = {}, {}
    for email in ("member@example.jp", "nobody@example.jp"):
        with (
            django_capture_on_commit_callbacks(execute=False) as queued,
            CaptureQueriesContext(connection) as captured,
        ):
            answers[email] = _answer(_post(client, email))
        queries[email] = [q["sql"] for q in captured.captured_queries]
        assert len(queued) == 1  # the task with the address, after commit
    assert answers["member@example.jp"] == answers["nobody@example.jp"] == (302, DONE, b"")
    assert queries["member@example.jp"] == queries["nobody@example.jp"]
    assert not any(get_user_model()._meta.db_table in sql for sql in queries["nobody@example.jp"])


def test_the_task_sends_a_japanese_and_english_e_mail_whose_link_resets_the_password(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "  MEMBER@example.jp ")
    (sent,) = mail.outbox
    assert sent.to == ["member@example.jp"]
    assert sent.subject == "【AIガバナンス協会】パスワード再設定のご案内"
    japanese, english = sent.body.split("English follows")
    assert "下記のリンクから新しいパスワードを設定してください" in japanese
    assert "Set a new password with the link below" in english
    link = emailed_link(RESET_LINK, to="member@example.jp")
    assert link in japanese and link in english

    message = OutboxMessage.objects.get(purpose="password_reset")
    assert message.context["link"] == {"kind": "password_reset", "id": member.pk}
    assert link.split("/reset/", 1)[1] not in str(OutboxMessage.objects.values().get())

    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(path)
    assert form.status_code == 302  # Django moves the token out of the address
    page = client.get(form["Location"])
    assert page.context["validlink"]
    done = client.post(
        form["Location"],
        {"new_password1": "Kakuu-Pass-2026!", "new_password2": "Kakuu-Pass-2026!"},
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Kakuu-Pass-2026!")


def test_an_unknown_or_inactive_address_gets_no_e_mail(client, django_capture_on_commit_callbacks):
    UserFactory(email="gone@example.jp", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert _answer(_post(client, "nobody@example.jp"))[:2] == (302, DONE)
        assert _answer(_post(client, "gone@example.jp"))[:2] == (302, DONE)
    assert mail.outbox == [] and not OutboxMessage.objects.exists()
    assert password_reset_request(email="nobody@example.jp") == []


def test_thirty_requests_for_one_address_send_five_e_mails(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "5/h"
    with django_capture_on_commit_callbacks(execute=True):
        answers = {_answer(_post(client, "member@example.jp", ip=f"198.51.100.{n}"))
                   for n in range(30)}  # fmt: skip
    assert answers == {(302, DONE, b"")}  # over the limit: the same answer, nothing queued
    assert len(mail.outbox) == 5
    # Retyped differently, it is the same address.
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "ＭＥＭＢＥＲ＠example.jp", ip="198.51.100.99")
    assert len(mail.outbox) == 5


def test_one_ip_is_limited_across_addresses(client, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_RATE_PER_IP = "20/h"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        answers = {_answer(_post(client, f"probe{n}@example.jp"))[:2] for n in range(25)}
    assert answers == {(302, DONE)}
    assert len(queued) == 20
    with django_capture_on_commit_callbacks(execute=False) as elsewhere:
        _post(client, "probe0@example.jp", ip="192.0.2.1")
    assert len(elsewhere) == 1


def test_a_link_is_not_issued_for_an_account_deactivated_since_the_request(member):
    from aiga.outbox import outbox_deliver

    (message,) = password_reset_request(email=member.email)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert outbox_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.CANCELLED
    assert mail.outbox == []
