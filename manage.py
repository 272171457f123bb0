#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiga.settings")
    if "SECRET_KEY" not in os.environ and "DEBUG" not in os.environ:
        # A development checkout with nothing configured (no .env either): run commands such
        # as makemigrations in debug mode. Production sets SECRET_KEY, so it never gets here,
        # and gunicorn (aiga/wsgi.py) still refuses to start without one.
        from pathlib import Path

        if not (Path(__file__).resolve().parent / ".env").exists():
            os.environ["DEBUG"] = "true"
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
