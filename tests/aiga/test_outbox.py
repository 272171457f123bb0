import pytest
from django.core import mail
from django.db import transaction

from aiga import outbox
from aiga.models import OutboxMessage
from aiga.tasks import outbox_send, outbox_sweep
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _enqueue(target=None, **kwargs):
    defaults = dict(
        to=["keiri@example.jp"],
        template_key="generic_notice",
        purpose="test.notice",
        context={
            "addressee": "テスト商事株式会社 経理部 山田 太郎 様",
            "subject": "ご案内",
            "message": "本文です。",
        },
        target=target,
    )
    defaults.update(kwargs)
    return outbox.outbox_enqueue(**defaults)


def test_message_is_sent_after_commit_in_japanese_business_style(
    django_capture_on_commit_callbacks,
):
    org = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = _enqueue(target=org)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["keiri@example.jp"]
    assert sent.subject == "【AIガバナンス協会】ご案内"
    assert sent.body.startswith("テスト商事株式会社 経理部 山田 太郎 様")
    assert "一般社団法人AIガバナンス協会 事務局でございます" in sent.body
    assert "English follows" in sent.body
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.sent_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                _enqueue()
                raise RuntimeError("the change failed")
    assert mail.outbox == []
    assert OutboxMessage.objects.count() == 0


def test_task_running_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = _enqueue()
    outbox_send.delay(message.pk)
    outbox_send.delay(message.pk)
    outbox_send(message.pk)
    assert len(mail.outbox) == 1


def test_same_object_and_purpose_is_one_message(django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue(target=org)
        second = _enqueue(target=org)
    assert first.pk == second.pk
    assert len(mail.outbox) == 1


def test_sweeper_sends_what_was_never_queued(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the broker never got it
        _enqueue()
    assert mail.outbox == []
    outbox_sweep()
    assert len(mail.outbox) == 1
    outbox_sweep()
    assert len(mail.outbox) == 1


def test_broker_down_is_logged_not_raised(monkeypatch, django_capture_on_commit_callbacks, caplog):
    def broken_delay(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(outbox_send, "delay", broken_delay)
    with django_capture_on_commit_callbacks(execute=True):
        message = _enqueue()
    assert "sweeper will send it" in caplog.text
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    monkeypatch.undo()
    outbox_sweep()
    assert len(mail.outbox) == 1


def test_send_error_is_retried_with_backoff(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.aiga.failing_backend.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        message = _enqueue()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert "SMTP is down" in message.last_error
    assert message.next_attempt_at is not None
    # Not due yet: the sweeper leaves it alone.
    outbox_sweep()
    message.refresh_from_db()
    assert message.attempts == 1
    # When due and the server is back, it is sent once.
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox_sweep()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_gives_up_after_max_attempts(settings):
    settings.EMAIL_BACKEND = "tests.aiga.failing_backend.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = _enqueue()
    for _ in range(3):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
        outbox.outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 2


def test_resend_is_a_new_send_request(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _enqueue()
    with django_capture_on_commit_callbacks(execute=True):
        again = outbox.outbox_resend(message=message)
    assert again.pk != message.pk
    assert len(mail.outbox) == 2


def test_english_recipient_gets_english_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue(
            language="en",
            context={
                "addressee": "Mr Yamada",
                "subject": "ご案内",
                "subject_en": "Notice",
                "message": "本文",
                "message_en": "Body",
            },
        )
    sent = mail.outbox[0]
    assert sent.subject == "[AIGA] Notice"
    assert "Dear Mr Yamada" in sent.body
    assert "事務局でございます" not in sent.body


def test_secretariat_edits_to_a_template_are_used(django_capture_on_commit_callbacks):
    from aiga.models import EmailTemplate

    EmailTemplate.objects.filter(key="generic_notice").update(subject_ja="【重要】{{ subject }}")
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue()
    assert mail.outbox[0].subject == "【重要】ご案内"


def test_a_message_without_recipient_is_refused():
    with pytest.raises(ValueError):
        _enqueue(to=[])


def test_raw_values_are_written_out_in_each_part_s_language(django_capture_on_commit_callbacks):
    """The outbox keeps an ISO date and an integer of yen; the Japanese part writes them the
    Japanese way and the English part the English way, whatever language is active."""
    from django.utils import translation

    from aiga.models import EmailTemplate

    EmailTemplate.objects.filter(key="generic_notice").update(
        body_ja="{{ addressee }}\n期限: {{ due|jdate }} 金額: {{ total|amount }}",
        body_en="Dear {{ addressee_en }},\nDue {{ due|jdate }}, {{ total|amount }}",
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        message = _enqueue(
            context={
                "addressee": "テスト商事株式会社 経理部 山田 太郎 様",
                "subject": "ご案内",
                "due": "2026-12-30",
                "total": 150000,
            }
        )
    assert message.context["due"] == "2026-12-30" and message.context["total"] == 150000
    japanese, english = mail.outbox[0].body.split("English follows")
    assert "期限: 2026年12月30日 金額: 150,000円" in japanese
    assert "Due 30 December 2026, ¥150,000" in english
    assert "Dear テスト商事株式会社 経理部 山田 太郎," in english
    assert "様" not in english


@pytest.mark.parametrize(
    "value",
    [
        __import__("datetime").date(2026, 12, 30),
        __import__("decimal").Decimal("1.5"),
        __import__("django.utils.translation", fromlist=["gettext_lazy"]).gettext_lazy("入会費"),
        {"nested": [__import__("datetime").datetime(2026, 1, 1)]},
    ],
)
def test_a_formatted_or_unserialisable_value_is_refused(value):
    with pytest.raises(TypeError):
        _enqueue(context={"addressee": "x 様", "subject": "s", "value": value})
    assert not OutboxMessage.objects.exists()


def test_the_signature_is_the_association_s_particulars_from_one_place(
    settings, django_capture_on_commit_callbacks
):
    settings.ASSOCIATION = {
        **settings.ASSOCIATION,
        "address": "東京都千代田区架空町9-9-9",
        "phone": "03-9999-0000",
    }
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue()
    body = mail.outbox[0].body
    assert "〒104-0061 東京都千代田区架空町9-9-9" in body
    assert "TEL：03-9999-0000" in body and "Tel. 03-9999-0000" in body
    assert "銀座" not in body.split("English follows")[0]
