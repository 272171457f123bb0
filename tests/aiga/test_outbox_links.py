"""Secret links in the outbox (issue "Security II", item 2): the context holds a reference,
the link is issued when the message is delivered, and only the issuing side keeps anything
(a hash). The outbox row, and so the admin, never holds the secret."""

import hashlib

import pytest
from django.core import mail

from aiga import outbox
from aiga.models import OutboxMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "test_link"


class Issuer:
    """Stands for an app: keeps the hash of each secret it issued, answers the template's
    variable, or None once its object has no use for a link."""

    def __init__(self):
        self.hashes: list[str] = []
        self.gone = False

    def __call__(self, *, object_id, secret):
        if self.gone:
            return None
        self.hashes.append(hashlib.sha256(secret.encode()).hexdigest())
        return {"link_url": f"https://members.example.org/open/{object_id}/{secret}/"}


@pytest.fixture
def issuer(monkeypatch):
    issuer = Issuer()
    monkeypatch.setitem(outbox._link_issuers, KIND, issuer)
    return issuer


def _enqueue(**kwargs):
    return outbox.outbox_enqueue(
        to=["member@example.jp"],
        template_key="generic_notice",
        purpose="test.link",
        context={
            "addressee": "山田 太郎 様",
            "subject": "リンクのご案内",
            "message": "本文",
            "link": outbox.outbox_link(KIND, 7),
        },
        **kwargs,
    )


def _secret_in(body: str) -> str:
    return body.split("/open/7/", 1)[1].split("/", 1)[0]


@pytest.fixture
def template_with_link():
    from aiga.models import EmailTemplate

    EmailTemplate.objects.filter(key="generic_notice").update(
        body_ja="{{ addressee }}\n{{ link_url }}", body_en="{{ link_url }}"
    )


def test_the_link_is_issued_on_delivery_and_stored_nowhere_in_the_outbox(
    issuer, template_with_link
):
    message = _enqueue()
    assert issuer.hashes == []  # nothing issued while the message waits
    assert outbox.outbox_deliver(message_id=message.pk)
    (sent,) = mail.outbox
    secret = _secret_in(sent.body)
    assert len(secret) >= 40
    assert issuer.hashes == [hashlib.sha256(secret.encode()).hexdigest()]
    row = OutboxMessage.objects.filter(pk=message.pk).values().get()
    assert secret not in str(row)
    assert row["context"]["link"] == {"kind": KIND, "id": 7}


def test_a_resend_issues_a_new_link(issuer, template_with_link):
    message = _enqueue()
    outbox.outbox_deliver(message_id=message.pk)
    again = outbox.outbox_resend(message=message, actor=UserFactory())
    outbox.outbox_deliver(message_id=again.pk)
    first, second = (_secret_in(m.body) for m in mail.outbox)
    assert first != second
    assert len(issuer.hashes) == 2


def test_a_link_with_no_use_any_more_is_not_sent(issuer, template_with_link):
    issuer.gone = True
    message = _enqueue()
    assert outbox.outbox_deliver(message_id=message.pk) is False
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.CANCELLED
    assert "LinkUnavailable" in message.last_error
    outbox.outbox_sweep()
    assert mail.outbox == []


def test_an_unregistered_kind_is_refused_when_written():
    with pytest.raises(ValueError):
        outbox.outbox_enqueue(
            to=["member@example.jp"],
            template_key="generic_notice",
            purpose="test.link",
            context={"link": outbox.outbox_link("no_such_kind", 1)},
        )
    assert not OutboxMessage.objects.exists()


def test_the_secret_is_kept_out_of_a_stored_subject(issuer):
    from aiga.models import EmailTemplate

    EmailTemplate.objects.filter(key="generic_notice").update(subject_ja="{{ link_url }}")
    message = _enqueue()
    outbox.outbox_deliver(message_id=message.pk)
    secret = _secret_in(mail.outbox[0].subject)
    message.refresh_from_db()
    assert secret not in message.subject and "[…]" in message.subject
