"""The outbox's `sending` state (claimed, talking to the mail server outside a transaction),
`cancelled` (its link can no longer be issued), and a uuid per row for a stable Message-ID.

The uuid is added in three steps: a column default would give every existing row the same
value, and it must be unique."""

import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    OutboxMessage = apps.get_model("aiga", "OutboxMessage")
    for pk in OutboxMessage.objects.filter(uuid__isnull=True).values_list("pk", flat=True):
        OutboxMessage.objects.filter(pk=pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("aiga", "0004_audit_actor_protect"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="uuid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="outboxmessage",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="sending_started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="送信開始日時"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "送信待ち"),
                    ("sending", "送信中"),
                    ("sent", "送信済み"),
                    ("failed", "送信失敗"),
                    ("cancelled", "送信取りやめ"),
                ],
                db_index=True,
                default="pending",
                max_length=20,
                verbose_name="状態",
            ),
        ),
    ]
