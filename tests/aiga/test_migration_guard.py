"""`migrate` on a database created before the reshape (its history names migrations that
no longer exist) stops with the README's message instead of half-migrating it."""

import sqlite3

from tests.helpers import manage, production_env


def test_migrate_stops_on_a_database_from_before_the_reshape(tmp_path):
    db = tmp_path / "old.sqlite3"
    env = production_env(DATABASE_URL=f"sqlite:///{db}")
    assert manage("migrate", "--verbosity", "0", env=env).returncode == 0
    with sqlite3.connect(db) as conn:  # what the old layout's migrations left behind
        conn.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES "
            "('members', '0002_applications', '2026-11-20 10:00:00'), "
            "('billing', '0002_seed_fee_schedule', '2026-11-20 10:00:00')"
        )
    result = manage("migrate", env=env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "created before the code was reorganised" in output
    assert "billing.0002_seed_fee_schedule, members.0002_applications" in output
    assert "README" in output and "Traceback" not in output


def test_migrate_runs_on_a_current_database(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert manage("migrate", "--verbosity", "0", env=env).returncode == 0
    again = manage("migrate", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No migrations to apply" in again.stdout
