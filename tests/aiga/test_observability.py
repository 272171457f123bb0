"""Error tracking sends nothing personal abroad (個人情報保護法 §28): the before_send scrubber
removes bodies, cookies, headers, the user and local variables, and masks e-mail addresses,
telephone numbers and IPs; the SDK is off unless SENTRY_DSN is set."""

import subprocess

import pytest

from aiga.observability import scrub_event
from tests.helpers import PYTHON, ROOT, production_env


def _event():
    return {
        "message": "Could not send to hanako@example.jp from 203.0.113.9",
        "logentry": {
            "message": "Contact %s failed",
            "formatted": "Contact taro@example.co.jp (03-1234-5678) failed",
            "params": ["taro@example.co.jp"],
        },
        "user": {"id": "17", "email": "taro@example.co.jp", "ip_address": "198.51.100.1"},
        "request": {
            "url": "https://members.example.org/admin/?q=hanako@example.jp",
            "method": "POST",
            "data": {"family_name": "山田", "email": "hanako@example.jp"},
            "cookies": {"sessionid": "secret"},
            "query_string": "email=hanako@example.jp",
            "headers": {
                "Cookie": "sessionid=secret",
                "X-Forwarded-For": "203.0.113.9",
                "Content-Type": "text/html",
            },
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "extra": {"contact": "山田 花子"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "bad phone 090-1234-5678 for hanako@example.jp",
                    "stacktrace": {"frames": [{"function": "f", "vars": {"contact": "山田 花子"}}]},
                }
            ]
        },
        "breadcrumbs": {
            "values": [
                {
                    "message": "SELECT … WHERE email = 'hanako@example.jp'",
                    "data": {"params": ["hanako@example.jp"]},
                }
            ]
        },
    }


def test_nothing_personal_is_left_in_the_event():
    scrubbed = scrub_event(_event(), {})
    text = repr(scrubbed)
    for personal in (
        "hanako@example.jp",
        "taro@example.co.jp",
        "203.0.113.9",
        "198.51.100.1",
        "03-1234-5678",
        "090-1234-5678",
        "山田",
        "secret",
    ):
        assert personal not in text, personal
    assert scrubbed["user"] == {"id": "17"}
    assert scrubbed["request"]["headers"] == {"Content-Type": "text/html"}
    assert scrubbed["request"]["method"] == "POST"
    # What the developer needs stays: the exception's type, the function, the query's shape.
    assert scrubbed["exception"]["values"][0]["type"] == "ValueError"
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]["function"] == "f"
    assert "SELECT … WHERE email" in scrubbed["breadcrumbs"]["values"][0]["message"]


def test_an_event_without_the_optional_parts_passes():
    assert scrub_event({"message": "plain"}, None) == {"message": "plain"}


def _sentry_client(**env):
    code = (
        "import django; django.setup(); import sentry_sdk; "
        "c = sentry_sdk.get_client(); o = c.options if c.is_active() else {}; "
        "print(c.is_active(), o.get('send_default_pii'), "
        "getattr(o.get('before_send'), '__name__', None))"
    )
    return subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env=production_env(DATABASE_URL="sqlite:///:memory:", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("dsn", "expected"),
    [
        ("", "False None None"),
        ("https://public@sentry.example.invalid/1", "True False scrub_event"),
    ],
)
def test_sentry_is_off_unless_a_dsn_is_set(dsn, expected):
    result = _sentry_client(SENTRY_DSN=dsn)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
