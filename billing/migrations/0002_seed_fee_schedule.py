import datetime

from django.db import migrations

# The brochure's fee table (ご入会案内), in force since the association's founding.
SCHEDULE = [
    ("regular", 100_000, 500_000, 250_000),
    ("smb", 50_000, 100_000, 50_000),
    ("expert", 0, 0, 0),
]


def seed(apps, schema_editor):
    FeeSchedule = apps.get_model("billing", "FeeSchedule")
    for tier, admission, first, second in SCHEDULE:
        FeeSchedule.objects.get_or_create(
            tier=tier,
            effective_from=datetime.date(2024, 10, 1),
            defaults={
                "admission_fee": admission,
                "annual_fee_first_half": first,
                "annual_fee_second_half": second,
                "note": "ご入会案内の会費表",
            },
        )


def unseed(apps, schema_editor):
    FeeSchedule = apps.get_model("billing", "FeeSchedule")
    FeeSchedule.objects.filter(effective_from=datetime.date(2024, 10, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_fee_schedule")]
    operations = [migrations.RunPython(seed, unseed)]
