from django.conf import settings


def test_time_zone_and_language():
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "ja"
    assert [code for code, _ in settings.LANGUAGES] == ["ja", "en"]


def test_custom_user_logs_in_by_email():
    from members.models import User

    assert settings.AUTH_USER_MODEL == "members.User"
    assert User.USERNAME_FIELD == "email"


def test_compiled_english_catalogue_is_committed():
    from pathlib import Path

    mo = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    assert mo.exists() and mo.stat().st_size > 1000


def test_database_connections_persist_and_are_checked_before_reuse():
    """Issue 20: no new PostgreSQL connection per request; a stale one is replaced."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] >= 60
    assert database["CONN_HEALTH_CHECKS"] is True
