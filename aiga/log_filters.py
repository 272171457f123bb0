"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class NoPermissionDenied(logging.Filter):
    """Drop django.request's record of a PermissionDenied (a warning with its traceback): the
    403 handler logs the refusal as one line. Other 403s (a CSRF failure) are kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, PermissionDenied)
