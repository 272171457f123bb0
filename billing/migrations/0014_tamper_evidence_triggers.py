"""Issued invoices and credit notes, their lines, and payments protected in the database
too: on PostgreSQL, triggers refuse what the models already refuse, so that raw SQL cannot
change them either. SQLite has no such triggers (the models' checks only; see the README)."""

from django.db import migrations

# Invoice.MUTABLE_AFTER_ISSUE as columns, frozen here as the migration was written
# (tests/billing/test_tamper_evidence.py checks that the model has not moved on).
MUTABLE_AFTER_ISSUE = (
    "status", "sent_at", "sent_to", "pdf", "pdf_sha256", "pdf_error", "cancelled_at", "paid_at",
)

FORWARD = """
CREATE OR REPLACE FUNCTION billing_invoice_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mutable text[] := ARRAY[MUTABLE];
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'invoice % is issued: it cannot be deleted', OLD.number
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'draft' THEN
        RETURN NEW;
    END IF;
    IF (to_jsonb(NEW) - mutable) IS DISTINCT FROM (to_jsonb(OLD) - mutable) THEN
        RAISE EXCEPTION 'invoice % is issued: only its status, sending and PDF may change',
            OLD.number USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.status = 'draft'
        OR (OLD.pdf <> '' AND NEW.pdf IS DISTINCT FROM OLD.pdf)
        OR (OLD.pdf_sha256 <> '' AND NEW.pdf_sha256 IS DISTINCT FROM OLD.pdf_sha256) THEN
        RAISE EXCEPTION 'invoice % is issued: its PDF and issue cannot be undone', OLD.number
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER billing_invoice_frozen BEFORE UPDATE OR DELETE ON billing_invoice
    FOR EACH ROW EXECUTE FUNCTION billing_invoice_frozen();

CREATE OR REPLACE FUNCTION billing_invoiceline_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM billing_invoice
        WHERE id IN (OLD.invoice_id, CASE WHEN TG_OP = 'UPDATE' THEN NEW.invoice_id END)
          AND status <> 'draft'
    ) THEN
        RAISE EXCEPTION 'the lines of an issued invoice cannot be changed'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER billing_invoiceline_frozen BEFORE UPDATE OR DELETE ON billing_invoiceline
    FOR EACH ROW EXECUTE FUNCTION billing_invoiceline_frozen();

CREATE OR REPLACE FUNCTION billing_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% of a row of % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER billing_payment_append_only BEFORE UPDATE OR DELETE ON billing_payment
    FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
""".replace("MUTABLE", ", ".join(f"'{name}'" for name in MUTABLE_AFTER_ISSUE))

REVERSE = """
DROP TRIGGER IF EXISTS billing_payment_append_only ON billing_payment;
DROP FUNCTION IF EXISTS billing_refuse_change();
DROP TRIGGER IF EXISTS billing_invoiceline_frozen ON billing_invoiceline;
DROP FUNCTION IF EXISTS billing_invoiceline_frozen();
DROP TRIGGER IF EXISTS billing_invoice_frozen ON billing_invoice;
DROP FUNCTION IF EXISTS billing_invoice_frozen();
"""


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # None: the % in RAISE are not parameters

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0013_renewal_run_and_reminders"),
    ]

    operations = [
        migrations.RunPython(postgresql_only(FORWARD), postgresql_only(REVERSE)),
    ]
