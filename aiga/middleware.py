from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

from aiga.uploads import MAX_DOCUMENT_BYTES


class JapaneseFirstMiddleware:
    """Japanese unless the visitor chose English with the language switcher.

    Django's LocaleMiddleware would otherwise follow the browser's Accept-Language, and
    an English browser would get a half-translated mix on a Japanese-first site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """413 for a request whose declared body is larger than MAX_REQUEST_BYTES, answered
    from the Content-Length header before a byte of the body is read.

    The body itself is read only up to the declared length (Django's LimitedStream), and the
    uploaded files are counted while they stream in (aiga.uploads.SizeLimitUploadHandler).
    A body sent without a length (Transfer-Encoding: chunked) would be ignored by Django, so
    the request is refused with 411 rather than handled as if it had no data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH")
        if declared:
            if not declared.isascii() or not declared.isdigit():
                return HttpResponseBadRequest(
                    "Content-Length が正しくありません。 / Invalid Content-Length.",
                    content_type="text/plain; charset=utf-8",
                )
            if int(declared) > settings.MAX_REQUEST_BYTES:
                return request_too_large()
        elif request.META.get("HTTP_TRANSFER_ENCODING"):
            return HttpResponse(
                "Content-Length のない送信は受け付けていません。 / "
                "A request body needs a Content-Length header.",
                status=411,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def request_too_large() -> HttpResponse:
    """The 413 page: plain and bilingual like the 500 page, since it is answered before the
    session, the user and the language are known."""
    mb = 1024 * 1024
    context = {"limit_mb": settings.MAX_REQUEST_BYTES // mb, "file_mb": MAX_DOCUMENT_BYTES // mb}
    content = render_to_string("413.html", context)
    return HttpResponse(content, status=413)
