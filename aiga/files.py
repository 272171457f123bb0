"""Private files: kept outside the public media URL, served only by permission-checking views."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404


class PrivateStorage(FileSystemStorage):
    """File storage under PRIVATE_MEDIA_ROOT. It has no URL: `url()` refuses."""

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
    """Stream a private file. The caller has already checked permission."""
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
    response["X-Content-Type-Options"] = "nosniff"
    return response
