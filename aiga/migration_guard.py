"""`migrate` refuses a database whose history names migrations this code no longer has.

The round-2 reshape regenerated every app's migrations (no installation held data yet).
A database created before it would otherwise be half-migrated into a broken state; it
must be recreated instead, as the README says."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader

STALE_DATABASE = (
    "This database was created before the code was reorganised: its migration history names "
    "migrations that no longer exist ({names}). No installation holds data yet, so the "
    "database must be recreated, then migrated: see the README, 'A database created before "
    "the reshape'. (このデータベースは構成変更より前に作成されたため、作り直してから migrate "
    "してください。)"
)


def project_app_labels() -> set[str]:
    """This project's own apps (not Django's nor a library's)."""
    return {c.label for c in apps.get_app_configs() if "site-packages" not in c.path}


def stale_migrations(using: str = "default") -> list[str]:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    ours = project_app_labels()
    return sorted(
        f"{app}.{name}"
        for app, name in loader.applied_migrations
        if app in ours and (app, name) not in loader.disk_migrations
    )


def refuse_stale_database(sender, using="default", **kwargs) -> None:
    """pre_migrate receiver: stop before anything is migrated."""
    stale = stale_migrations(using)
    if stale:
        raise CommandError(STALE_DATABASE.format(names=", ".join(stale)))
