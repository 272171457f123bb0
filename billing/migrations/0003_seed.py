"""The brochure's fee table and the issuer record the invoices print."""

import datetime

from django.conf import settings
from django.db import migrations

from billing.models.invoices import DEFAULT_INVOICE_NOTES, DEFAULT_TAX_NOTICE

PLACEHOLDER = "（事務局で設定してください）"


# The brochure's fee table (ご入会案内), in force since the association's founding.
SCHEDULE = [
    ("regular", 100_000, 500_000, 250_000),
    ("smb", 50_000, 100_000, 50_000),
    ("expert", 0, 0, 0),
]


def seed_schedule(apps, schema_editor):
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


def unseed_schedule(apps, schema_editor):
    FeeSchedule = apps.get_model("billing", "FeeSchedule")
    FeeSchedule.objects.filter(effective_from=datetime.date(2024, 10, 1)).delete()


def create_profile(apps, schema_editor):
    IssuerProfile = apps.get_model("billing", "IssuerProfile")
    if IssuerProfile.objects.exists():
        return
    IssuerProfile.objects.create(
        name_ja=settings.ASSOCIATION["name"],
        name_en=settings.ASSOCIATION["name_en"],
        postal_code=settings.ASSOCIATION["postal_code"],
        address=settings.ASSOCIATION["address"],
        email=settings.ASSOCIATION["email"],
        # Placeholders: the secretariat sets the real bank account in the admin before issuing.
        bank_name="〇〇銀行" + PLACEHOLDER,
        bank_code="0000",
        branch_name="〇〇支店" + PLACEHOLDER,
        branch_code="000",
        account_type="ordinary",
        account_number="0000000",
        account_holder_kana="シヤ）エーアイガバナンスキヨウカイ" + PLACEHOLDER,
        payment_terms="next_month_end",
        payment_days=30,
        invoice_notes=DEFAULT_INVOICE_NOTES,
        tax_notice=DEFAULT_TAX_NOTICE,
        estimate_valid_days=30,
    )



class Migration(migrations.Migration):
    dependencies = [("billing", "0002_initial")]

    operations = [
        migrations.RunPython(seed_schedule, unseed_schedule),
        migrations.RunPython(create_profile, migrations.RunPython.noop),
    ]
