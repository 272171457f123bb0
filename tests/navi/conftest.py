"""Fixtures of the Navi tests: a small version in the content format (not the real content)."""

from pathlib import Path

import pytest
import yaml

from navi import content_format as fmt
from navi.services.versions import version_load
from tests.factories import UserFactory

FIXTURE = Path(__file__).parent / "fixtures" / "ver9.0.yaml"


@pytest.fixture
def raw():
    """The fixture file as a mapping, to change before parsing."""
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def parse(raw_data, **kwargs) -> fmt.Version:
    version, errors = fmt.parse_data(raw_data, **kwargs)
    assert errors == [], errors
    return version


@pytest.fixture
def secretariat(db):
    return UserFactory(groups=["Secretariat"])


@pytest.fixture
def published(db, raw):
    """ver9.0, published, loaded as `navi_load` loads it."""
    return version_load(data=parse(raw), actor=None)


@pytest.fixture
def draft(db, raw):
    raw = dict(raw, version="9.5", status="draft", published_on=None)
    return version_load(data=parse(raw), actor=None)
