"""Board meetings carry a number (第〇回理事会): the existing ones numbered in date order,
held meetings and written resolutions in one series."""

from django.db import migrations, models

import members.models.governance


def number_in_date_order(apps, schema_editor):
    BoardMeeting = apps.get_model("members", "BoardMeeting")
    for n, meeting in enumerate(BoardMeeting.objects.order_by("date", "id"), start=1):
        BoardMeeting.objects.filter(pk=meeting.pk).update(number=n)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_tier_source_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="boardmeeting",
            name="number",
            field=models.PositiveIntegerField(null=True, verbose_name="回"),
        ),
        migrations.RunPython(number_in_date_order, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="boardmeeting",
            name="number",
            field=models.PositiveIntegerField(
                default=members.models.governance.next_meeting_number,
                help_text="第〇回理事会の回数。書面決議も同じ通し番号です。登録時に次の番号が入ります。",
                unique=True,
                verbose_name="回",
            ),
        ),
        migrations.AddField(
            model_name="historicalboardmeeting",
            name="number",
            field=models.PositiveIntegerField(
                db_index=True,
                default=members.models.governance.next_meeting_number,
                help_text="第〇回理事会の回数。書面決議も同じ通し番号です。登録時に次の番号が入ります。",
                verbose_name="回",
            ),
        ),
    ]
