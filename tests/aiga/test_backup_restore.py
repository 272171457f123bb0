"""The restore drill: back up a database with an issued invoice and its PDF, restore it into a
new, empty database and empty folders, and check the copy — row counts, the PDF's bytes —
independently of the code that made it (psycopg and hashlib, not aiga.backup)."""

import hashlib
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from billing.services import invoices as invoicing
from tests.billing.invoice_helpers import issue
from tests.factories import ContactFactory, OrganisationFactory
from tests.helpers import database_url_for_test_db, manage, production_env

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _admin_dsn(name: str) -> str:
    s = connection.settings_dict
    auth = s.get("USER") or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{name}"


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(_admin_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(_admin_dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def invoice_with_pdf(issuer):
    organisation = OrganisationFactory(legal_name="復元テスト株式会社")
    ContactFactory(organisation=organisation, is_billing_contact=True)
    invoice = issue(organisation)
    return invoicing.invoice_render_pdf(invoice_id=invoice.pk)


def _env(database_url, root: Path):
    return production_env(
        DATABASE_URL=database_url,
        PRIVATE_MEDIA_ROOT=str(root / "private"),
        MEDIA_ROOT=str(root / "media"),
    )


def _count(dsn: str, table: str) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def test_a_backup_restores_into_an_empty_database_and_verifies(
    invoice_with_pdf, empty_database, tmp_path
):
    invoice = invoice_with_pdf
    original = Path(settings.PRIVATE_MEDIA_ROOT) / invoice.pdf.name
    original_sha = hashlib.sha256(original.read_bytes()).hexdigest()
    (Path(settings.MEDIA_ROOT) / "logos").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "logos" / "a.png").write_bytes(b"public file")
    source_env = production_env(
        DATABASE_URL=database_url_for_test_db(),
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    backup = tmp_path / "backup"
    made = manage("backup", "--to", str(backup), env=source_env)
    assert made.returncode == 0, made.stderr

    restored_root = tmp_path / "restored"
    restored_dsn = _admin_dsn(empty_database)
    done = manage("restore", "--from", str(backup), env=_env(restored_dsn, restored_root))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Restore verified." in done.stdout
    assert "OK   audit chain" in done.stdout

    source_dsn = database_url_for_test_db()
    for table in (
        "billing_invoice",
        "billing_invoiceline",
        "members_organisation",
        "aiga_auditentry",
    ):
        assert _count(restored_dsn, table) == _count(source_dsn, table) > 0, table
    restored_pdf = restored_root / "private" / invoice.pdf.name
    assert hashlib.sha256(restored_pdf.read_bytes()).hexdigest() == original_sha
    assert invoice.pdf_sha256 == original_sha
    assert (restored_root / "media" / "logos" / "a.png").read_bytes() == b"public file"

    # The drill notices a damaged copy: a PDF changed after the restore fails the check.
    restored_pdf.write_bytes(b"%PDF-1.7 damaged")
    again = manage(
        "restore", "--from", str(backup), "--verify-only", env=_env(restored_dsn, restored_root)
    )
    assert again.returncode == 1
    assert "FAIL stored PDFs" in again.stdout and "FAIL files" in again.stdout
    assert "OK   row counts" in again.stdout
    assert "OK   audit chain" in again.stdout

    # …and an audit entry altered behind the trigger's back breaks the chain.
    last_hash = "SELECT hash FROM aiga_auditentry ORDER BY id DESC LIMIT 1"
    with psycopg.connect(source_dsn) as source, psycopg.connect(restored_dsn) as restored:
        assert restored.execute(last_hash).fetchone() == source.execute(last_hash).fetchone()
    with psycopg.connect(restored_dsn, autocommit=True) as restored:
        restored.execute("SET session_replication_role = replica")
        restored.execute(
            "UPDATE aiga_auditentry SET note = 'altered' "
            "WHERE id = (SELECT min(id) FROM aiga_auditentry)"
        )
    tampered = manage(
        "restore", "--from", str(backup), "--verify-only", env=_env(restored_dsn, restored_root)
    )
    assert tampered.returncode == 1
    assert "FAIL audit chain" in tampered.stdout


def test_a_restore_refuses_a_database_that_is_not_empty(invoice_with_pdf, tmp_path):
    env = production_env(
        DATABASE_URL=database_url_for_test_db(),
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    backup = tmp_path / "backup"
    assert manage("backup", "--to", str(backup), env=env).returncode == 0
    before = _count(database_url_for_test_db(), "billing_invoice")
    refused = manage(
        "restore", "--from", str(backup), env={**env, "MEDIA_ROOT": str(tmp_path / "m")}
    )
    assert refused.returncode == 1
    assert "not empty" in refused.stderr
    assert _count(database_url_for_test_db(), "billing_invoice") == before


def test_a_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old").write_text("x")
    env = production_env(DATABASE_URL=database_url_for_test_db())
    result = manage("backup", "--to", str(tmp_path), env=env)
    assert result.returncode == 1 and "not empty" in result.stderr
