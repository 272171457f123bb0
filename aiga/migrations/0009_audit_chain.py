"""Audit entries hold ids, not personal data, and are chained by hash; on PostgreSQL a
trigger refuses UPDATE and DELETE of them (SQLite: the model refuses, see the README)."""

import django.utils.timezone
from django.db import migrations, models

# Actions whose note held a person's name, e-mail address or IP address, and data keys that
# held addresses or names: emptied before the chain is computed over the existing entries.
PERSONAL_NOTES = {
    "auth.locked_out",
    "portal.invitation",
    "contact.add",
    "contact.billing_addressee",
    "mailing_list.subscribe",
    "mailing_list.unsubscribe",
}
PERSONAL_DATA_KEYS = {"invoice.sent": ("to", "cc"), "change_notice.approve": ("requested_by",)}


def scrub_and_chain(apps, schema_editor):
    from aiga.audit import entry_hash

    AuditEntry = apps.get_model("aiga", "AuditEntry")
    prev = ""
    batch = []
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.action in PERSONAL_NOTES:
            entry.note = ""
        for key in PERSONAL_DATA_KEYS.get(entry.action, ()):
            entry.data.pop(key, None)
        entry.prev_hash = prev
        entry.hash = prev = entry_hash(entry, entry.prev_hash)
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["note", "data", "prev_hash", "hash"])
            batch = []
    if batch:
        AuditEntry.objects.bulk_update(batch, ["note", "data", "prev_hash", "hash"])


APPEND_ONLY = """
CREATE OR REPLACE FUNCTION aiga_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% of a row of % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER aiga_auditentry_append_only BEFORE UPDATE OR DELETE ON aiga_auditentry
    FOR EACH ROW EXECUTE FUNCTION aiga_refuse_change();
"""
APPEND_ONLY_REVERSE = """
DROP TRIGGER IF EXISTS aiga_auditentry_append_only ON aiga_auditentry;
DROP FUNCTION IF EXISTS aiga_refuse_change();
"""


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # None: the % in RAISE are not parameters

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('aiga', '0008_heartbeats_failure_notices_outbox_recovered'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='auditentry',
            name='object_repr',
        ),
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='ハッシュ'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='前の記録のハッシュ'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='created_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='日時'),
        ),
        migrations.RunPython(scrub_and_chain, migrations.RunPython.noop),
        migrations.RunPython(postgresql_only(APPEND_ONLY), postgresql_only(APPEND_ONLY_REVERSE)),
    ]
