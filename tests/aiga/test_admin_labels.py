"""People read labels, not codes: every list, filter and record page of the admin, over the
demo data and as the demo secretariat user, shows a choice by its label, JSON as lines or a
table, a language by its name, a source as the record it names, an audit action and a
status change in words, an e-mail by its template's description, and no token hash."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory

from aiga.mail import registered_defaults
from members.models import User
from tests.helpers import force_login_verified

SECRETARIAT = "jimukyoku@example.jp"
RECORDS_PER_MODEL = 3
# Models the secretariat cannot open (superusers only) or that hold no people's values.
SKIP = {"auth.group", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


class _Shown(HTMLParser):
    """The texts a person reads as values: list cells, read-only fields, filter choices."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._stack: list[bool] = []
        self._buffer: list[str] = []
        self._in_filter = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if attrs.get("id") == "changelist-filter":
            self._in_filter = 1
        value = (
            tag == "td"
            or (tag == "th" and "field-" in " ".join(classes))
            or (tag == "div" and "readonly" in classes)
            or (tag == "li" and self._in_filter)
        )
        if tag in ("td", "th", "div", "li", "nav"):
            self._stack.append(value)
            if value:
                self._buffer.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th", "div", "li", "nav") and self._stack:
            if self._stack.pop():
                self.texts.append(" ".join(self._buffer.pop().split()))
            if tag == "nav":
                self._in_filter = 0

    def handle_data(self, data):
        if self._buffer:
            self._buffer[-1] += data


def _codes() -> set[str]:
    """Every stored choice code whose label differs from it (smb, with_board, ja …)."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]+", value):
                    if value != str(label):
                        codes.add(value)
    return codes


RAW = [
    (re.compile(r"^[\[{]\s*[\"\[{]"), "raw JSON"),
    (re.compile(r"token.hash|トークン", re.I), "a token hash"),
    (re.compile(r"^[a-z_]+:\d+$"), "a source code like application:17"),
    (re.compile(r"^[a-z_]+(\.[a-z_]+)+$"), "an audit action code"),
    (re.compile(r"[a-z_]{3,} → |→ [a-z_]{3,}"), "a status code in a transition"),
    (re.compile(r"言語: ?(ja|en)\b|^(ja|en)$"), "a language code"),
]


def _offences(texts: list[str], codes: set[str], keys: set[str]) -> list[str]:
    found = []
    for text in texts:
        if text in codes or text in keys:
            found.append(f"code {text!r}")
            continue
        for pattern, what in RAW:
            if pattern.search(text):
                found.append(f"{what}: {text[:80]!r}")
    return found


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", interactive=False, verbosity=0)
        from conftest import restore_reference_data

        restore_reference_data()


def _pages(user):
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in SKIP or not model_admin.has_view_permission(request):
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        yield base
        for record in model_admin.get_queryset(request).order_by("-pk")[:RECORDS_PER_MODEL]:
            yield f"{base}{record.pk}/change/"


@pytest.mark.django_db
def test_the_admin_shows_labels_not_codes(client, demo):
    user = User.objects.get(email=SECRETARIAT)
    force_login_verified(client, user)
    codes, keys = _codes(), set(registered_defaults())
    wrong, asked = [], 0
    for url in _pages(user):
        response = client.get(url)
        assert response.status_code == 200, url
        asked += 1
        page = response.content.decode()
        parser = _Shown()
        parser.feed(page)
        wrong += [f"{url}: {offence}" for offence in _offences(parser.texts, codes, keys)]
        if re.search(r"token.hash", page, re.I):
            wrong.append(f"{url}: a token hash is shown")
    assert asked > 40
    if wrong:
        pytest.fail("\n".join(sorted(set(wrong))), pytrace=False)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("smb", True),
        ("中小企業会員", False),
        ('["a@example.jp", "b@example.jp"]', True),
        ("a@example.jp", False),
        ("application:17", True),
        ("入会申込 APP-00017", False),
        ("invoice.sent", True),
        ("with_board → rejected", True),
        ("理事会審議中 → 不承認", False),
        ("ja", True),
        ("日本語", False),
    ],
)
def test_the_walker_tells_codes_from_labels(text, refused):
    assert bool(_offences([text], {"smb"}, set())) is refused
