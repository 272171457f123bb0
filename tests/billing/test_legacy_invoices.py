"""Invoices issued before the system: outside the numbered series, never changed by hand."""

import datetime

import pytest
from django.db import IntegrityError

from billing.models import Invoice, LegacyInvoice
from tests.factories import OrganisationFactory


def test_a_legacy_invoice_keeps_its_number_and_is_not_an_invoice_of_the_series(db):
    org = OrganisationFactory()
    legacy = LegacyInvoice.objects.create(
        organisation=org,
        fiscal_year=2026,
        number="AIGA-2025-117",
        issue_date=datetime.date(2026, 10, 1),
        total=220000,
    )
    assert legacy.number == "AIGA-2025-117"
    assert not legacy.is_paid
    assert not Invoice.objects.exists()
    with pytest.raises(IntegrityError):
        LegacyInvoice.objects.create(
            organisation=org,
            fiscal_year=2026,
            number="AIGA-2025-117",
            issue_date=datetime.date(2026, 10, 1),
            total=1,
        )


def test_the_legacy_invoice_list_is_read_only_for_the_secretariat(admin_client):
    response = admin_client.get("/admin/billing/legacyinvoice/add/")
    assert response.status_code == 403
    assert admin_client.get("/admin/billing/legacyinvoice/").status_code == 200
