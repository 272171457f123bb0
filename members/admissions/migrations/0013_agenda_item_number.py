"""Agenda items are numbered within their meeting (第〇号議案): the existing ones in the
order they were added."""

from django.db import migrations, models


def number_within_meeting(apps, schema_editor):
    AgendaItem = apps.get_model("admissions", "AgendaItem")
    counters: dict[int, int] = {}
    for item in AgendaItem.objects.order_by("meeting_id", "added_at", "id"):
        counters[item.meeting_id] = counters.get(item.meeting_id, 0) + 1
        AgendaItem.objects.filter(pk=item.pk).update(number=counters[item.meeting_id])


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0012_application_withdraw_link"),
        ("members", "0010_board_meeting_number"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="agendaitem",
            options={
                "ordering": ["meeting__date", "number", "id"],
                "verbose_name": "議題",
                "verbose_name_plural": "議題",
            },
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="number",
            field=models.PositiveIntegerField(null=True, verbose_name="議案番号"),
        ),
        migrations.RunPython(number_within_meeting, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agendaitem",
            name="number",
            field=models.PositiveIntegerField(
                help_text="理事会ごとの第〇号議案。議題に加えたときに決まります。",
                verbose_name="議案番号",
            ),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("pending", "審議待ち"),
                    ("decided", "決議済み"),
                    ("carried_over", "次回へ持越し"),
                    ("moved", "別の理事会へ変更"),
                    ("removed", "取下げ等"),
                ],
                default="pending",
                max_length=20,
                verbose_name="結果",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(
                fields=("meeting", "number"), name="agenda_item_number_unique"
            ),
        ),
    ]
