"""Every page the site routes answers without a server error, for every role, on demo data,
including ids that do not exist or belong to another organisation."""

import re

import pytest
from django.core.management import call_command
from django.urls import URLResolver, get_resolver

from members.models import User

ROLES = [None, "jimukyoku@example.jp", "riji@example.jp", "member-bank@example.jp"]


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _concrete_urls(value: str) -> set[str]:
    urls = set()
    for route in _routes(get_resolver().url_patterns):
        route = route.replace("^", "").replace("$", "").replace("\\Z", "")
        route = re.sub(r"<int:\w+>|<path:\w+>|<str:\w+>|<\w+>|\(\?P<\w+>[^)]*\)", value, route)
        if "(?" in route or "logout" in route:
            continue
        urls.add("/" + route)
    return urls


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command as flush_command

        flush_command("flush", interactive=False, verbosity=0)
        from conftest import restore_reference_data

        restore_reference_data()


@pytest.mark.django_db
@pytest.mark.parametrize("email", ROLES)
def test_no_page_answers_a_server_error(client, demo, email):
    from billing.models import Invoice

    if email:
        client.force_login(User.objects.get(email=email))
    # A real id (another organisation's for the member) and one that exists nowhere.
    real = str(Invoice.objects.order_by("pk").values_list("pk", flat=True).first())
    failures = []
    for value in (real, "987654"):
        for url in sorted(_concrete_urls(value)):
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((url, response.status_code))
    assert failures == []
