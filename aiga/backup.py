"""Backups that restore: a PostgreSQL dump plus the public and private files, and a manifest
written at backup time that the restore drill checks the restored copy against.

`manage.py backup --to DIR` and `manage.py restore --from DIR` (make backup / make restore)
are thin wrappers. The restore verifies the copy with RESTORE_CHECKS, each a function
(manifest, connection alias) → list of problems; a check added here runs in the drill too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

from aiga.audit import audit_chain_verify
from aiga.models import AuditEntry

MANIFEST = "manifest.json"
DUMP = "database.dump"
FILE_ROOTS = {"private": "PRIVATE_MEDIA_ROOT", "public": "MEDIA_ROOT"}


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why."""


def _pg_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    db = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://…).")
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return [*args, "--dbname", db["NAME"]], env


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): sha256_file(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows in each of the models' tables (history tables included)."""
    counts = {}
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    )
    existing = set(connections[alias].introspection.table_names())
    with connections[alias].cursor() as cursor:
        for table in tables:
            if table not in existing:
                continue
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from models
            counts[table] = cursor.fetchone()[0]
    return counts


def backup_create(*, to: Path) -> dict:
    """Dump the database and archive both file roots into `to` (created, must be empty)."""
    to.mkdir(parents=True, exist_ok=True)
    if any(to.iterdir()):
        raise BackupError(f"{to} is not empty: each backup goes into a folder of its own.")
    args, env = _pg_env()
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", to / DUMP] + args,
        check=True,
        env=env,
    )
    files = {}
    for kind, setting in FILE_ROOTS.items():
        root = Path(getattr(settings, setting))
        with tarfile.open(to / f"{kind}.tar.gz", "w:gz") as archive:
            if root.exists():
                archive.add(root, arcname=".")
        files[kind] = _files(root)
    manifest = {
        "tables": table_counts(),
        "files": files,
        "dump_sha256": sha256_file(to / DUMP),
        "audit_chain": _audit_head(),
    }
    (to / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def _database_is_empty(alias: str = "default") -> bool:
    return not connections[alias].introspection.table_names()


def backup_restore(*, source: Path) -> dict:
    """Restore a backup into the configured database, which must be empty, and its files
    into the configured roots, which must be empty or absent. Returns the manifest."""
    manifest_path = source / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{source} holds no {MANIFEST}: not a backup made by manage.py backup.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if sha256_file(source / DUMP) != manifest["dump_sha256"]:
        raise BackupError("The dump does not match its manifest (damaged or replaced).")
    if not _database_is_empty():
        raise BackupError("The database is not empty: restore into a new, empty database.")
    for setting in FILE_ROOTS.values():
        root = Path(getattr(settings, setting))
        if root.exists() and any(root.iterdir()):
            raise BackupError(f"{setting} ({root}) is not empty: restore into empty folders.")
    args, env = _pg_env()
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, source / DUMP],
        check=True,
        env=env,
    )
    for kind, setting in FILE_ROOTS.items():
        root = Path(getattr(settings, setting))
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / f"{kind}.tar.gz", "r:gz") as archive:
            archive.extractall(root, filter="data")
    connections["default"].close()
    return manifest


# ---------------------------------------------------------------- the restore drill's checks


def check_row_counts(manifest: dict) -> list[str]:
    restored = table_counts()
    return [
        f"{table}: {count} rows backed up, {restored.get(table)} restored"
        for table, count in manifest["tables"].items()
        if restored.get(table) != count
    ]


def check_files(manifest: dict) -> list[str]:
    problems = []
    for kind, setting in FILE_ROOTS.items():
        restored = _files(Path(getattr(settings, setting)))
        for name, digest in manifest["files"].get(kind, {}).items():
            if restored.get(name) != digest:
                problems.append(f"{kind} file {name}: missing or different after restore")
    return problems


def check_stored_pdfs(manifest: dict) -> list[str]:
    """Each stored document (a model with `pdf` and `pdf_sha256`: invoices, receipts,
    estimates…) has its file, with the SHA-256 recorded when it was rendered."""
    problems = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if not {"pdf", "pdf_sha256"} <= names or model._meta.proxy:
            continue
        rows = model._base_manager.exclude(pdf="").exclude(pdf_sha256="")
        for pk, name, digest in rows.values_list("pk", "pdf", "pdf_sha256"):
            path = Path(settings.PRIVATE_MEDIA_ROOT) / name
            if not path.exists():
                problems.append(f"{model._meta.label} {pk}: its PDF {name} is missing")
            elif sha256_file(path) != digest:
                problems.append(f"{model._meta.label} {pk}: its PDF's SHA-256 differs")
    return problems


def _audit_head() -> dict:
    last = AuditEntry.objects.order_by("-id").values("id", "hash").first() or {}
    return {"last_id": last.get("id"), "last_hash": last.get("hash", "")}


def check_audit_chain(manifest: dict) -> list[str]:
    """The restored audit log is an unbroken chain (as `manage.py audit_verify` checks) that
    ends where it ended at the backup, so no entry was altered, removed or cut off."""
    _checked, broken = audit_chain_verify()
    if broken is not None:
        return [f"audit entry {broken.entry_id}: the chain is broken ({broken.reason})"]
    expected = manifest.get("audit_chain")
    if expected is None:
        return ["the backup's manifest has no audit chain head (made by an older version)"]
    if _audit_head() != expected:
        return [f"the audit chain ends at {_audit_head()}, the backup's at {expected}"]
    return []


# The drill runs these in order.
RESTORE_CHECKS: list[tuple[str, Callable[[dict], list[str]]]] = [
    ("row counts", check_row_counts),
    ("files", check_files),
    ("stored PDFs", check_stored_pdfs),
    ("audit chain", check_audit_chain),
]


def restore_verify(manifest: dict) -> dict[str, list[str]]:
    """Every check's problems by name (an empty list: the check passed)."""
    return {name: check(manifest) for name, check in RESTORE_CHECKS}


def tool_missing() -> str | None:
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            return tool
    return None
