"""Test set-up shared by the whole suite.

- Tests marked `postgres` need PostgreSQL, `worker` a real Redis and Celery worker,
  `browser` headless Chromium. Without them they are skipped with the reason; with
  CI=true a skipped test is a failure.
- The run ends with how many tests ran on PostgreSQL and through a real worker.
"""

import os
import shutil

import pytest

_counts = {"postgres": 0, "worker": 0, "browser": 0}


def _database_vendor():
    from django.db import connection

    return connection.vendor


def pytest_collection_modifyitems(config, items):
    broker = os.environ.get("TEST_BROKER_URL", "")
    chromium = shutil.which("chromium") or os.path.exists("/usr/bin/chromium")
    for item in items:
        if item.get_closest_marker("postgres") and _database_vendor() != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if item.get_closest_marker("worker") and not broker.startswith("redis"):
            item.add_marker(
                pytest.mark.skip(reason="needs Redis: set TEST_BROKER_URL (make test does)")
            )
        if item.get_closest_marker("browser") and not chromium:
            item.add_marker(pytest.mark.skip(reason="needs Chromium: apt-get install chromium"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI=true, which is a failure: {report.longrepr}"
    if report.when == "call" and report.passed:
        uses_db = "django_db" in item.keywords or "db" in getattr(item, "fixturenames", ())
        if uses_db and _database_vendor() == "postgresql":
            _counts["postgres"] += 1
        if item.get_closest_marker("worker"):
            _counts["worker"] += 1
        if item.get_closest_marker("browser"):
            _counts["browser"] += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    terminalreporter.write_sep("-", "where the tests ran")
    terminalreporter.write_line(
        f"{_counts['postgres']} tests ran on PostgreSQL; "
        f"{_counts['worker']} through a real Celery worker; "
        f"{_counts['browser']} in headless Chromium."
    )
    path = os.environ.get("AIGA_TEST_COUNTS_FILE")
    if path:
        with open(path, "w") as handle:
            handle.write(
                f"{_counts['postgres']} tests ran on PostgreSQL; "
                f"{_counts['worker']} through a real Celery worker; "
                f"{_counts['browser']} in headless Chromium.\n"
            )


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Each test writes private files, media and e-mails into its own folder, and starts
    with an empty cache (the rate limits count in it)."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)  # no language left over from another test
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def password():
    from tests.factories import PASSWORD

    return PASSWORD


REFERENCE_DATA_MIGRATIONS = [
    ("billing.migrations.0003_seed", "seed_schedule"),
    ("billing.migrations.0003_seed", "create_profile"),
    ("members.migrations.0002_seed_officers", "seed"),
    ("members.admissions.migrations.0003_seed_agreements", "seed"),
    ("members.admissions.migrations.0010_agreement_full_text", "fill"),
    ("navi.migrations.0002_load_content", "load"),  # the Navi's versions (navi/content/)
]


def restore_reference_data():
    """Put back what the data migrations seed (fee schedule, issuer, documents, officers,
    e-mail templates, groups). Transactional tests flush the database after they run."""
    import importlib

    from django.apps import apps

    from aiga.mail import ensure_default_templates
    from members.roles import ensure_groups

    for module_name, function in REFERENCE_DATA_MIGRATIONS:
        getattr(importlib.import_module(module_name), function)(apps, None)
    ensure_default_templates()
    ensure_groups()


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        restore_reference_data()


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """The live server's request threads can outlive their tests and keep a PostgreSQL
    session open, which stops the test database from being dropped at the end."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql" or not connection.settings_dict["NAME"].startswith(
        "test_"
    ):
        return  # no test database was set up in this run
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
