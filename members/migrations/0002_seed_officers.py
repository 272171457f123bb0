"""The officers (directors and the auditor) experts name as their recommender."""

from django.db import migrations

# Fictional people only: the brochure's officers are real and are not used here.
OFFICERS = [
    ("青葉 一郎", "アオバ イチロウ", "representative_director", "架空大学 教授"),
    ("川村 桜子", "カワムラ サクラコ", "executive_director", "架空総合研究所 フェロー"),
    ("森田 健", "モリタ ケン", "director", "架空テック株式会社 取締役"),
    ("星野 美咲", "ホシノ ミサキ", "director", "架空法律事務所 弁護士"),
    ("大空 誠", "オオゾラ マコト", "auditor", "架空監査法人 公認会計士"),
]



def seed(apps, schema_editor):
    Officer = apps.get_model("members", "Officer")
    for order, (name, kana, role, title) in enumerate(OFFICERS, start=1):
        Officer.objects.get_or_create(
            name=name, defaults={"name_kana": kana, "role": role, "title": title, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
