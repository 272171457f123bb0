"""Request size (issue "Security II", item 6): a body declared too large is answered 413
before a byte of it is read, an upload is stopped while it streams in, and a body without a
length is refused, so a 400 MB upload is never read whole.

The bodies here are streams that make their bytes up as they are read and count them, so a
test can say how much of a request the server read without holding it in memory."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import RequestDataTooBig
from django.test import Client, RequestFactory

from aiga import uploads
from members.admissions.models import Application
from tests.members.admissions.apply_helpers import agree, form_data

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "fuzzboundary"


class CountingBody:
    """A WSGI input of `length` bytes: `head`, then filler, then `tail`, made up on read."""

    def __init__(self, length: int, head: bytes = b"", tail: bytes = b""):
        self.length, self.head, self.tail = length, head, tail
        self.position = 0
        self.read_bytes = 0

    def _byte_range(self, start: int, end: int) -> bytes:
        filler_end = self.length - len(self.tail)
        out = bytearray()
        for i in range(start, end):
            if i < len(self.head):
                out.append(self.head[i])
            elif i >= filler_end:
                out.append(self.tail[i - filler_end])
            else:
                out.append(0x61)
        return bytes(out)

    def read(self, size: int = -1) -> bytes:
        remaining = self.length - self.position
        size = remaining if size is None or size < 0 else min(size, remaining)
        start, self.position = self.position, self.position + size
        if start >= len(self.head) and self.position <= self.length - len(self.tail):
            chunk = b"a" * size  # the filler, fast
        else:
            chunk = self._byte_range(start, self.position)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def multipart(fields: dict[str, str], *, file_field: str, file_size: int, part_length=None):
    """A multipart body with `fields` and one file of `file_size` bytes (the part may claim
    its own Content-Length, true or false)."""
    head = b""
    for name, value in fields.items():
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    head += (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="{file_field}"; filename="logo.png"\r\n'
        "Content-Type: image/png\r\n"
        + (f"Content-Length: {part_length}\r\n" if part_length is not None else "")
        + "\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return CountingBody(len(head) + file_size + len(tail), head, tail)


def post(client, path, body, **environ):
    extra = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
        "wsgi.input": body,
        **environ,
    }
    return client.generic("POST", path, **extra)


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_the_limit_is_checked_first_and_fits_a_document():
    assert django_settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "aiga.middleware.RequestSizeLimitMiddleware",
    ]
    assert django_settings.FILE_UPLOAD_HANDLERS[0] == "aiga.uploads.SizeLimitUploadHandler"
    assert uploads.MAX_DOCUMENT_BYTES < django_settings.MAX_REQUEST_BYTES <= 100 * MB
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE < django_settings.MAX_REQUEST_BYTES


@pytest.mark.parametrize("path", ["/apply/form/", "/apply/quote/", "/accounts/login/", "/"])
def test_a_body_declared_too_large_is_413_before_it_is_read(client, path):
    body = CountingBody(400 * MB)  # declared; only what is read is ever made
    response = post(client, path, body)
    assert response.status_code == 413
    assert body.read_bytes == 0
    page = response.content.decode()
    assert "送信されたデータが大きすぎます" in page and "too large" in page
    assert "25MB" in page and "20MB" in page


def test_just_over_the_limit_is_413_and_just_under_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1 * MB
    over = CountingBody(MB + 1)
    assert post(client, "/apply/quote/", over).status_code == 413
    assert over.read_bytes == 0
    under = multipart({"share_capital": "5億"}, file_field="extra", file_size=MB - 400)
    assert post(client, "/apply/quote/", under).status_code == 200
    assert under.read_bytes == under.length


def test_a_body_without_a_length_is_refused_unread(client):
    """Django reads nothing of a body without Content-Length (chunked): refuse it plainly
    instead of answering as if the form were empty."""
    agree(client)
    body = multipart(form_data(), file_field="logo", file_size=400 * MB)
    response = post(
        client, "/apply/form/", body, CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked"
    )
    assert response.status_code == 411
    assert body.read_bytes == 0
    assert not Application.objects.exists()


@pytest.mark.parametrize("declared", ["abc", "-1", "1e9", "１２"])
def test_a_content_length_that_is_not_a_number_is_400(client, declared):
    body = CountingBody(10)
    response = post(client, "/apply/quote/", body, CONTENT_LENGTH=declared)
    assert response.status_code == 400
    assert body.read_bytes == 0


@pytest.mark.parametrize("part_length", [None, 10])  # no length, or a false one
def test_an_upload_larger_than_any_field_takes_is_stopped_while_streaming(
    client, monkeypatch, part_length
):
    """The request's length is within the limit, but the file is larger than any field
    accepts: the upload stops soon after the limit, whatever the part claims, and the form
    is not handled without its file."""
    monkeypatch.setattr(uploads, "MAX_DOCUMENT_BYTES", 256 * 1024)
    agree(client)
    body = multipart(form_data(), file_field="logo", file_size=8 * MB, part_length=part_length)
    response = post(client, "/apply/form/", body)
    assert response.status_code == 413
    assert body.read_bytes < 1 * MB  # the limit and a chunk or two, not the 8 MB
    assert not Application.objects.exists()


def test_the_upload_handler_refuses_a_declared_body_too_large_on_its_own(settings):
    """Where the middleware does not run (a request parsed elsewhere), the handler still
    refuses a body declared larger than MAX_REQUEST_BYTES before reading it."""
    settings.MAX_REQUEST_BYTES = 1 * MB
    body = multipart({"a": "b"}, file_field="logo", file_size=4 * MB)
    request = RequestFactory().generic(
        "POST",
        "/apply/form/",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )
    with pytest.raises(RequestDataTooBig):
        request.POST  # noqa: B018 - reading it parses the body
    assert body.read_bytes == 0


def test_form_fields_over_the_memory_limit_are_413_not_400(client):
    size = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    body = CountingBody(size, head=b"share_capital=")
    response = post(client, "/apply/quote/", body, CONTENT_TYPE="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert body.read_bytes == 0


def test_an_upload_within_the_limits_still_arrives(client):
    """A 1 MB file in a multipart body passes the handler untouched (the logo field then
    judges it: not an image)."""
    agree(client)
    body = multipart(form_data(), file_field="logo", file_size=1 * MB)
    response = post(client, "/apply/form/", body)
    assert response.status_code == 200
    assert body.read_bytes == body.length
    assert "画像" in response.content.decode()
    assert not Application.objects.exists()
