"""The documents an applicant agrees to (第1.0版), with their English reference titles."""

import datetime

from django.db import migrations

SITE = "https://www.ai-governance.jp/"

DOCUMENTS = [
    (
        "action_agenda",
        "AIガバナンス行動目標 共同宣言",
        "「AIガバナンス行動目標」を共同宣言し、協会の活動に参画することに合意します。",
        "https://www.ai-governance.jp/ai-governance-action-agenda",
    ),
    ("articles", "定款", "一般社団法人AIガバナンス協会の定款に合意します。", SITE),
    ("membership_rules", "会員規程", "会員規程に定める会員の権利と義務に合意します。", SITE),
    ("confidentiality", "秘密保持誓約", "協会の活動で知り得た秘密情報を保持することを誓約します。", SITE),
    ("privacy", "個人情報保護方針", "協会の個人情報保護方針に基づく個人情報の取扱いに同意します。", SITE),
    (
        "antisocial",
        "反社会的勢力排除に関する誓約",
        "反社会的勢力に該当せず、今後も関係を持たないことを誓約します。",
        SITE,
    ),
]

ENGLISH = {
    "action_agenda": (
        "Joint declaration of the AI Governance Action Agenda",
        "I join the declaration of the AI Governance Action Agenda and agree to take part in "
        "the association's activities.",
    ),
    "articles": ("Articles of association", "I agree to the articles of association."),
    "membership_rules": (
        "Membership rules",
        "I agree to the rights and duties of members set out in the membership rules.",
    ),
    "confidentiality": (
        "Confidentiality pledge",
        "I pledge to keep confidential the information learnt through the association's "
        "activities.",
    ),
    "privacy": (
        "Privacy policy",
        "I agree to the handling of personal information under the association's privacy policy.",
    ),
    "antisocial": (
        "Pledge to exclude anti-social forces",
        "I pledge that we are not, and will not associate with, anti-social forces.",
    ),
}



def seed(apps, schema_editor):
    AgreementDocument = apps.get_model("admissions", "AgreementDocument")
    for kind, title, text, url in DOCUMENTS:
        title_en, text_en = ENGLISH[kind]
        AgreementDocument.objects.get_or_create(
            kind=kind,
            version="1.0",
            defaults={
                "title": title,
                "text": text,
                "title_en": title_en,
                "text_en": text_en,
                "url": url,
                "effective_date": datetime.date(2025, 4, 1),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("admissions", "0002_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
