"""A refused request (403) is logged as one line — method, path, user id, reason — without
django.request's traceback; the site has a favicon, linked from its pages and the admin's,
and /favicon.ico answers."""

import logging

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from aiga.views import permission_denied
from members import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_refusal_is_one_line_without_a_traceback(client, caplog):
    director = UserFactory(groups=[roles.BOARD])
    client.force_login(director)
    with caplog.at_level(logging.INFO):
        response = client.get("/portal/?page=2")  # a director is not a member
    assert response.status_code == 403
    refusals = [r for r in caplog.records if "Forbidden" in r.getMessage()]
    assert len(refusals) == 1, [r.getMessage() for r in caplog.records]
    line = refusals[0]
    assert line.levelno == logging.WARNING
    expected = f"Forbidden: GET /portal/ user={director.pk} reason=permission denied"
    assert line.getMessage() == expected
    assert "\n" not in line.getMessage()
    assert not any(r.exc_info for r in caplog.records)


def test_the_line_names_the_reason_and_an_anonymous_user(caplog):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/admin/members/organisation/1/delete/")
    request.user = AnonymousUser()
    with caplog.at_level(logging.INFO):
        response = permission_denied(request, PermissionDenied("ended, not deleted"))
    assert response.status_code == 403
    assert [r.getMessage() for r in caplog.records] == [
        "Forbidden: POST /admin/members/organisation/1/delete/ user=- reason=ended, not deleted"
    ]


def test_a_csrf_refusal_is_still_logged(caplog):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.INFO):
        response = csrf_client.post("/accounts/login/", {"username": "a@example.jp"})
    assert response.status_code == 403
    assert any("CSRF" in r.getMessage() for r in caplog.records)


def test_the_favicon_is_a_vendored_file_and_favicon_ico_answers(client):
    assert finders.find("favicon.ico")
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"


def test_the_site_and_the_admin_link_the_favicon(client):
    link = '<link rel="icon" href="/static/favicon.ico"'
    assert link in client.get("/").content.decode()
    assert link in client.get("/admin/login/").content.decode()
    client.force_login(UserFactory(groups=[roles.SECRETARIAT]))
    assert link in client.get("/admin/").content.decode()
