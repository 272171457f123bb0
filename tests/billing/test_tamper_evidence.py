"""Issued invoices, credit notes, their lines and payments are protected in PostgreSQL too:
raw SQL, which never meets the models' checks, is refused by triggers; the services still do
what they did (status, sending facts, the PDF), and drafts stay editable."""

import datetime
import importlib

import pytest
from django.db import IntegrityError, connection, transaction

from billing.models import Invoice, Payment
from billing.services import invoices as invoicing
from billing.services import payments
from tests.billing.invoice_helpers import DUES_LINES, issue

pytestmark = pytest.mark.django_db


def sql(statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def refused(statement, params=()):
    with pytest.raises(IntegrityError):
        sql(statement, params)
    return True


@pytest.fixture
def issued(issuer, organisation):
    return issue(organisation)


def test_the_migration_allows_exactly_the_fields_the_model_allows():
    migration = importlib.import_module("billing.migrations.0014_tamper_evidence_triggers")
    columns = {Invoice._meta.get_field(name).column for name in Invoice.MUTABLE_AFTER_ISSUE}
    assert set(migration.MUTABLE_AFTER_ISSUE) == columns


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("column", "value"),
    [("total", 1), ("subject", "改ざん"), ("number", "AIGA-2025-9999"), ("issue_date", None)],
)
def test_raw_sql_cannot_change_a_frozen_field_of_an_issued_invoice(issued, column, value):
    assert refused(f"UPDATE billing_invoice SET {column} = %s WHERE id = %s", [value, issued.pk])
    issued.refresh_from_db()
    assert issued.total == 350_000 and issued.number == "AIGA-2025-0001"


@pytest.mark.postgres
def test_raw_sql_cannot_delete_an_issued_invoice_its_lines_or_reopen_it(issued):
    assert refused("DELETE FROM billing_invoice WHERE id = %s", [issued.pk])
    assert refused("UPDATE billing_invoice SET status = 'draft' WHERE id = %s", [issued.pk])
    assert refused(
        "UPDATE billing_invoiceline SET unit_price = 1 WHERE invoice_id = %s", [issued.pk]
    )
    assert refused("DELETE FROM billing_invoiceline WHERE invoice_id = %s", [issued.pk])
    assert issued.lines.count() == 2


@pytest.mark.postgres
def test_the_fields_the_services_set_after_issue_still_change(issued):
    assert (
        sql(
            "UPDATE billing_invoice SET sent_at = now(), sent_to = '[\"a@example.jp\"]', "
            "pdf_error = 'x' WHERE id = %s",
            [issued.pk],
        )
        == 1
    )
    assert sql("UPDATE billing_invoice SET pdf = 'invoices/a.pdf' WHERE id = %s", [issued.pk])
    # …but a PDF once stored is not replaced.
    assert refused("UPDATE billing_invoice SET pdf = 'invoices/b.pdf' WHERE id = %s", [issued.pk])


@pytest.mark.postgres
def test_a_credit_note_is_frozen_too_and_the_cancel_service_works(issued, secretariat):
    credit, _ = invoicing.invoice_cancel(invoice=issued, actor=secretariat, reason="重複請求")
    issued.refresh_from_db()
    assert issued.status == "cancelled" and credit.kind == "credit_note" and credit.number
    assert refused("UPDATE billing_invoice SET total = 0 WHERE id = %s", [credit.pk])
    assert refused("DELETE FROM billing_invoice WHERE id = %s", [credit.pk])


@pytest.mark.postgres
def test_payments_cannot_be_changed_or_deleted_by_raw_sql(issued, secretariat):
    payment = payments.payment_record(
        invoice=issued, paid_on=datetime.date(2026, 4, 30), amount=350_000,
        payer_name="ﾐﾗｲｴｰｱｲﾗﾎﾞ", method="bank_transfer", actor=secretariat,
    )  # fmt: skip
    issued.refresh_from_db()
    assert issued.status == "paid"  # the service moved the invoice on, past the trigger
    assert refused("UPDATE billing_payment SET amount = 1 WHERE id = %s", [payment.pk])
    assert refused("DELETE FROM billing_payment WHERE id = %s", [payment.pk])
    assert Payment.objects.get(pk=payment.pk).amount == 350_000


@pytest.mark.postgres
def test_drafts_stay_editable_and_deletable(issuer, organisation):
    draft = invoicing.invoice_create_draft(
        organisation=organisation, lines=DUES_LINES, subject="下書き", actor=None
    )
    assert sql("UPDATE billing_invoice SET subject = '変更' WHERE id = %s", [draft.pk]) == 1
    assert sql("UPDATE billing_invoiceline SET unit_price = 1 WHERE invoice_id = %s", [draft.pk])
    assert sql("DELETE FROM billing_invoiceline WHERE invoice_id = %s", [draft.pk]) == 2
    assert sql("DELETE FROM billing_invoice WHERE id = %s", [draft.pk]) == 1
