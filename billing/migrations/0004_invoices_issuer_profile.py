from django.db import migrations

from billing.models.invoices import DEFAULT_INVOICE_NOTES, DEFAULT_TAX_NOTICE

PLACEHOLDER = "（事務局で設定してください）"


def create_profile(apps, schema_editor):
    IssuerProfile = apps.get_model("billing", "IssuerProfile")
    if IssuerProfile.objects.exists():
        return
    IssuerProfile.objects.create(
        name_ja="一般社団法人AIガバナンス協会",
        name_en="AI Governance Association",
        postal_code="104-0061",
        address="東京都中央区銀座1-12-4 N&E BLD.7階",
        email="office@example.org",
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
    dependencies = [("billing", "0003_invoices")]

    operations = [migrations.RunPython(create_profile, migrations.RunPython.noop)]
