"""Private files: kept outside the public media URL, served only by permission-checking views."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404

from aiga.uploads import CONTENT_TYPES


class PrivateStorage(FileSystemStorage):
    """File storage under PRIVATE_MEDIA_ROOT. It has no URL of its own: `url()` refuses; a
    file field's value links to the admin's permission-checked download instead
    (aiga.uploads.GuardedFieldFile)."""

    is_private = True

    def __init__(self, **kwargs):
        kwargs.pop("location", None)
        kwargs.pop("base_url", None)
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")

    def deconstruct(self):
        return ("aiga.files.PrivateStorage", (), {})


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


def serve_private_file(fieldfile, *, filename: str | None = None, as_attachment: bool = True):
    """Stream a private file. The caller has already checked permission. Downloads (the
    default, and the only way uploaded documents are served) are sandboxed; inline is for
    the PDFs this system wrote itself."""
    if not fieldfile:
        raise Http404("No file.")
    try:
        handle = fieldfile.storage.open(fieldfile.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("File missing.") from exc
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=filename or os.path.basename(fieldfile.name),
    )
    response["Cache-Control"] = "private, no-store"
    return _user_file_headers(response) if as_attachment else _nosniff(response)


def _nosniff(response):
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _user_file_headers(response):
    """What a person uploaded never runs as part of this site, whatever it turns out to be."""
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return _nosniff(response)


def serve_user_image(fieldfile, *, cache: str = "public, max-age=3600"):
    """An uploaded image (aiga.uploads re-encoded it), shown inline but sandboxed; anything
    not stored as PNG, JPEG or WebP is not served at all."""
    extension = os.path.splitext(fieldfile.name or "")[1].lstrip(".").lower()
    content_type = CONTENT_TYPES.get(extension)
    if not fieldfile or content_type is None or content_type == "application/pdf":
        raise Http404("No image.")
    try:
        handle = fieldfile.open("rb")
    except OSError as exc:
        raise Http404("File missing.") from exc
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = cache
    return _user_file_headers(response)
