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

# Fictional people only: the brochure's officers are real and are not used here.
OFFICERS = [
    ("青葉 一郎", "アオバ イチロウ", "representative_director", "架空大学 教授"),
    ("川村 桜子", "カワムラ サクラコ", "executive_director", "架空総合研究所 フェロー"),
    ("森田 健", "モリタ ケン", "director", "架空テック株式会社 取締役"),
    ("星野 美咲", "ホシノ ミサキ", "director", "架空法律事務所 弁護士"),
    ("大空 誠", "オオゾラ マコト", "auditor", "架空監査法人 公認会計士"),
]


def seed(apps, schema_editor):
    AgreementDocument = apps.get_model("members", "AgreementDocument")
    Officer = apps.get_model("members", "Officer")
    for kind, title, text, url in DOCUMENTS:
        AgreementDocument.objects.get_or_create(
            kind=kind,
            version="1.0",
            defaults={
                "title": title,
                "text": text,
                "url": url,
                "effective_date": datetime.date(2025, 4, 1),
            },
        )
    for order, (name, kana, role, title) in enumerate(OFFICERS, start=1):
        Officer.objects.get_or_create(
            name=name, defaults={"name_kana": kana, "role": role, "title": title, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0002_applications")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
