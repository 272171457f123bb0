import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0008_protect_people"),
        ("members", "0007_contact_is_active_protect"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="application",
            name="application_one_in_progress_per_corporate_number",
        ),
        migrations.AddField(
            model_name="application",
            name="duplicate_of_organisation",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="members.organisation",
                verbose_name="同じ法人番号の会員",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="duplicate_of_application",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="admissions.application",
                verbose_name="同じ法人番号の手続中の申込",
            ),
        ),
    ]
