"""Helpers for tests that start real processes (manage.py, gunicorn, a Celery worker)."""

import contextlib
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**overrides) -> dict:
    """Environment with production-like values (DEBUG off, secure cookies, HSTS)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(
        DJANGO_SETTINGS_MODULE="aiga.settings",
        DEBUG="false",
        SECRET_KEY="x9$Lq2!vR7#mZp4@wT8^kN1&bY6*cH3(fJ5)gD0_sA-eU+iO=oP?rE~tW" * 2,
        ALLOWED_HOSTS="members.example.org,127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS="https://members.example.org",
        SITE_URL="https://members.example.org",
    )
    for key in (
        "SECURE_SSL_REDIRECT",
        "STATIC_MANIFEST",
        "WHITENOISE_USE_FINDERS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests, refused by check --deploy
    ):
        env.pop(key, None)
    env.update(overrides)
    return env


def database_url_for_test_db() -> str:
    """A DATABASE_URL that points another process at the test database."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    port = s.get("PORT") or 5432
    auth = s.get("USER") or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{port}/{s['NAME']}"


def manage(*args, env=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env or production_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def reset_celery_pools() -> None:
    """Drop pooled broker connections so the next publish uses the current broker URL."""
    from aiga.celery import app

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps its own registry of producer pools per broker URL.
    from kombu import pools

    pools.reset()


CELERY_KEYS = ("broker_url", "task_always_eager", "task_default_queue")


@contextlib.contextmanager
def celery_broker(url: str, **conf):
    """Publish this process's tasks to a real broker for the duration; restore afterwards."""
    from aiga.celery import app

    saved = {key: app.conf.get(key) for key in CELERY_KEYS}
    app.conf.update(broker_url=url, task_always_eager=False, **conf)
    reset_celery_pools()
    try:
        yield app.conf
    finally:
        app.conf.update(saved)
        reset_celery_pools()


def rendered(message) -> tuple[str, str]:
    """(subject, body) of an outbox message as it goes out."""
    from aiga.mail import render_message

    return render_message(message.template_key, message.context, message.language)


def pdf_text(content: bytes) -> str:
    """The text of a PDF, without the spaces and line breaks the layout adds."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    return text.replace(" ", "").replace("\n", "")


def emailed_link(pattern: str, *, to: str | None = None) -> str:
    """The last link matching `pattern` in the e-mails sent (to `to`), once the outbox has
    sent what it holds: what the person clicks. A secret link is issued as its e-mail goes
    out and is kept nowhere else, so this is the only place a test can read it."""
    import re

    from django.core import mail

    from aiga.outbox import outbox_sweep

    outbox_sweep()
    for message in reversed(mail.outbox):
        if to is None or to in message.to:
            match = re.search(pattern, message.body)
            if match:
                return match.group(0)
    raise AssertionError(f"no e-mail{' to ' + to if to else ''} has a link like {pattern!r}")


INVITATION_LINK = r"https?://\S+/portal/invitation/[^/\s]+/"
DRAFT_LINK = r"https?://\S+/apply/draft/[^/\s]+/"
WITHDRAW_LINK = r"https?://\S+/apply/withdraw/[^/\s]+/"
RESET_LINK = r"https?://\S+/accounts/reset/[^/\s]+/[^/\s]+/"


# The tests' authenticator key (base32), installed on a user by `totp_install`.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_install(user):
    from members.services.two_factor import totp_device_install

    return totp_device_install(user=user, secret=TEST_TOTP_SECRET)


def totp_next_code(user) -> str:
    """A code the user's authenticator shows around now that has not been used yet:
    django-otp accepts one step either side of now and refuses a step used before, so
    successive log-ins in one half-minute take the step before now, now, then the next."""
    import time

    from django_otp.oath import hotp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    now = (int(time.time()) - device.t0) // device.step + device.drift
    step = max(now - 1, device.last_t + 1)
    assert step <= now + 1, "three log-ins of one user in half a minute: wait for the next"
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def browser_log_in(page, url: str, email: str, password: str) -> None:
    """The log-in form in the browser, then the second factor's page when it comes (the
    browser tests run with TWO_FACTOR_REQUIRED, as production does: tests/conftest.py)."""
    from members.models import User

    page.context.clear_cookies()
    page.goto(url)
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form:has(#id_password) [type=submit]").click()
    if "/accounts/two-factor/" in page.url:
        page.fill("#id_token", totp_next_code(User.objects.get(email=email)))
        with page.expect_navigation():
            page.locator("main form:has(#id_token) [type=submit]").click()


def force_login_verified(client, user) -> None:
    """client.force_login, and the second factor passed for a user who has one (the demo's
    staff accounts have an authenticator): the session the code on the log-in would give."""
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

    client.force_login(user)
    device = next(iter(devices_for_user(user, confirmed=True)), None)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def refused(response) -> bool:
    """The admin's refusal: 403 for staff without the permission, or a redirect to the log-in
    page for someone who is not staff — never a redirect anywhere else (a success's)."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and "/login/" in response["Location"]
