"""No Docker engine runs here, so the compose file is checked as data."""

import yaml

from tests.helpers import ROOT


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_exist_with_health_checks():
    services = _compose()["services"]
    assert set(services) >= {"db", "redis", "web", "worker", "beat"}
    for name in ("db", "redis", "web", "worker", "beat"):
        assert "test" in services[name]["healthcheck"], name


def test_images_and_commands():
    services = _compose()["services"]
    assert services["db"]["image"].startswith("postgres")
    assert services["redis"]["image"].startswith("redis")
    assert "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]


def test_app_services_get_database_and_broker():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert env["CELERY_BROKER_URL"].startswith("redis://"), name
        assert env["DEBUG"] == "false"
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"


def test_named_volumes():
    data = _compose()
    assert set(data["volumes"]) >= {"pgdata", "redisdata", "media"}
    assert "pgdata:/var/lib/postgresql/data" in data["services"]["db"]["volumes"]
    assert any(v.startswith("redisdata:") for v in data["services"]["redis"]["volumes"])
    assert any(v.startswith("media:") for v in data["services"]["web"]["volumes"])


def test_app_services_share_a_redis_cache_for_rate_limits():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["CACHE_URL"].startswith("redis://"), name
