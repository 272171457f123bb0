"""Fixtures every test package uses."""

import pytest

from billing.models import IssuerProfile


@pytest.fixture
def issuer(db):
    profile = IssuerProfile.current()
    profile.registration_number = "T1234567890123"
    profile.person_in_charge = "事務局 鈴木"
    profile.save()
    return profile
