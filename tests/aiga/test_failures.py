"""Knowing when something fails: a failed e-mail, a failed onboarding step and a stopped beat
or worker show on the admin's index, and each new one is e-mailed to the secretariat once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from aiga import health
from aiga.models import AuditEntry, Heartbeat, OutboxMessage
from aiga.tasks import heartbeat
from members.roles import BOARD, SECRETARIAT
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _failed_message(**fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        to=["member@example.jp"],
        template_key="generic_notice",
        purpose=fields.pop("purpose", "test.failed"),
        idempotency_key=fields.pop("key", "test:failed:1"),
        status=OutboxMessage.Status.FAILED,
        attempts=8,
        subject=fields.pop("subject", "年会費のご請求"),
        last_error="SMTPServerDisconnected",
        **fields,
    )


def _panel(client, groups=(SECRETARIAT,)) -> str:
    client.force_login(UserFactory(groups=list(groups)))
    page = client.get("/admin/").content.decode()
    if 'id="system-failures"' not in page:
        return ""
    return page.split('id="system-failures"', 1)[1].split("</div>", 1)[0]


@pytest.fixture
def with_broker(settings):
    """As in production: a broker, so beat and a worker are expected to be running."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEARTBEAT_STALE_SECONDS = 300
    now = timezone.now()
    for name in ("beat", "worker"):
        Heartbeat.objects.create(name=name, beat_at=now)
    return now


def test_nothing_failed_no_panel(client):
    assert _panel(client) == ""


def test_a_failed_outbox_message_shows_on_the_admin_index(client):
    message = _failed_message()
    panel = _panel(client)
    assert "メールの送信失敗" in panel
    assert "年会費のご請求" in panel and "member@example.jp" in panel
    assert f"/admin/aiga/outboxmessage/{message.pk}/change/" in panel
    # The link answers.
    assert client.get(f"/admin/aiga/outboxmessage/{message.pk}/change/").status_code == 200


def test_the_board_alone_does_not_see_the_panel(client):
    _failed_message()
    assert _panel(client, groups=[BOARD]) == ""


def test_a_stopped_beat_shows_and_a_running_one_does_not(client, with_broker):
    assert _panel(client) == ""
    Heartbeat.objects.filter(name="beat").update(
        beat_at=with_broker - datetime.timedelta(minutes=20)
    )
    panel = _panel(client)
    assert "定期処理のスケジューラ（beat）が停止しています" in panel
    # Beat down: nobody queues the worker's heartbeat, so the worker is not blamed as well.
    Heartbeat.objects.filter(name="worker").update(
        beat_at=with_broker - datetime.timedelta(minutes=20)
    )
    panel = _panel(client)
    assert "beat" in panel and "worker" not in panel


def test_a_stopped_worker_shows_while_beat_runs(client, with_broker):
    Heartbeat.objects.filter(name="worker").update(
        beat_at=with_broker - datetime.timedelta(minutes=20)
    )
    panel = _panel(client)
    assert "バックグラウンド処理（worker）が停止しています" in panel
    assert "beat）" not in panel


def test_a_heartbeat_never_written_counts_as_stopped(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert "記録なし" in _panel(client)


def test_without_a_broker_there_is_no_beat_to_miss(client):
    assert Heartbeat.objects.count() == 0
    assert _panel(client) == ""


def test_the_heartbeat_task_and_the_beat_scheduler_record_signs_of_life(settings):
    heartbeat()
    assert Heartbeat.objects.get(name="worker").beat_at > timezone.now() - datetime.timedelta(
        minutes=1
    )
    from aiga.beat import HeartbeatScheduler
    from aiga.celery import app

    scheduler = HeartbeatScheduler.__new__(HeartbeatScheduler)
    scheduler.app = app
    # The parent's tick (the schedule itself) is Celery's; only the heartbeat is ours.
    import celery.beat

    original = celery.beat.PersistentScheduler.tick
    celery.beat.PersistentScheduler.tick = lambda self, *a, **k: 5.0
    try:
        assert scheduler.tick() == 5.0
    finally:
        celery.beat.PersistentScheduler.tick = original
    assert Heartbeat.objects.filter(name="beat").exists()


def test_a_failed_onboarding_step_shows(client):
    from members.admissions.models import OnboardingStep
    from tests.members.admissions.board_helpers import ApplicationFactory

    organisation = OrganisationFactory(legal_name="手続失敗株式会社")
    step = OnboardingStep.objects.create(
        application=ApplicationFactory(),
        organisation=organisation,
        kind=OnboardingStep.Kind.MAILING_LIST,
        status=OnboardingStep.Status.FAILED,
        last_error="boom",
    )
    panel = _panel(client)
    assert "入会後の手続の失敗" in panel and "手続失敗株式会社" in panel
    assert f"/admin/admissions/onboardingstep/{step.pk}/change/" in panel


def test_new_failures_are_emailed_to_the_secretariat_once(
    settings, django_capture_on_commit_callbacks
):
    settings.SECRETARIAT_EMAIL = "office@example.org"
    _failed_message()
    with django_capture_on_commit_callbacks(execute=True):
        assert health.failures_notify() == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["office@example.org"]
    assert "障害のお知らせ（1件）" in sent.subject
    assert "メールの送信失敗" in sent.body and "年会費のご請求" in sent.body
    assert "The membership system detected the following failures" in sent.body
    assert AuditEntry.objects.filter(action="system.failure_notice").count() == 1

    # The same failure again: nothing more. A new one: one more e-mail, about it alone.
    with django_capture_on_commit_callbacks(execute=True):
        assert health.failures_notify() == 0
    _failed_message(key="test:failed:2", subject="別の件名")
    with django_capture_on_commit_callbacks(execute=True):
        assert health.failures_notify() == 1
    assert len(mail.outbox) == 2
    assert "別の件名" in mail.outbox[1].body and "年会費のご請求" not in mail.outbox[1].body


def test_the_failure_notice_does_not_report_its_own_failure(settings):
    _failed_message(purpose=health.FAILURE_PURPOSE)
    assert health.failures_notify() == 0


def test_the_health_check_command_reports_and_emails_without_a_worker(settings):
    from django.core.management import CommandError, call_command

    settings.SECRETARIAT_EMAIL = "office@example.org"
    call_command("health_check", stdout=open("/dev/null", "w"))  # noqa: SIM115 - nothing failed
    _failed_message()
    with pytest.raises(CommandError):
        call_command("health_check", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["office@example.org"]]


@pytest.mark.parametrize(
    ("status", "minutes_silent", "errors", "shown"),
    [
        ("failed", 0, [], "年会費請求の一括発行の中断（再開できます）"),
        ("running", 10, [], "年会費請求の一括発行の中断（再開できます）"),  # its worker killed
        ("running", 1, [], None),  # still going
        ("done", 0, [{"organisation": 1, "error": "宛先なし"}], "発行できなかった会員"),
        ("done", 0, [], None),
    ],
)
def test_a_renewal_run_that_stopped_or_left_members_out_shows(
    client, settings, status, minutes_silent, errors, shown
):
    from billing.models import RenewalRun

    settings.RENEWAL_RUN_STALE_SECONDS = 300
    seen = timezone.now() - datetime.timedelta(minutes=minutes_silent)
    run = RenewalRun.objects.create(
        fiscal_year=2026, status=status, total=40, done=12, errors=errors, heartbeat_at=seen
    )
    panel = _panel(client)
    if shown is None:
        assert panel == ""
        return
    assert shown in panel and "2026年度 年会費請求" in panel
    assert f"/admin/billing/renewalrun/{run.pk}/change/" in panel
