"""The kinds of event the brochure describes; the secretariat adds more in the admin."""

from django.db import migrations

ALL_HANDS_SEGMENTS = [
    "AIGAの活動報告",
    "新規会員の自己紹介",
    "最新のニュースの共有",
    "会員事例紹介（AIガバナンス研究会）",
]
COMMONS_RULE = (
    "AIGコモンズは、参加者全員が相互に情報を提供することを前提とした車座の議論の場です。"
    "自社の取組や課題を共有すること、議論の内容を参加者の同意なく外部に公開しないことに"
    "同意のうえ、参加登録してください。"
)

# key, name, name_en, default audience, and the flags that differ from the model's defaults.
KINDS = [
    ("all_hands", "AIGA Monthly All-Hands（月次ミーティング）", "AIGA Monthly All-Hands", "members",
     {"has_segments": True, "default_segments": ALL_HANDS_SEGMENTS,
      "description": "毎月、活動報告・新規会員の自己紹介・最新のニュースの共有・会員事例紹介"
                     "（AIガバナンス研究会）等をコンテンツとする全体会。"}),
    ("kenkyukai", "AIガバナンス研究会", "AI Governance Study Group", "members",
     {"description": "会員企業が自社のガバナンス部門の役割や社内活用事例、研修プログラムなど"
                     "AIガバナンスの取組を紹介する会。All-Handsの一部としても単独でも開催。"}),
    ("expert_study", "有識者勉強会", "Expert study session", "members",
     {"description": "特定の政策や実務トピックについて有識者を招いて行う勉強会。"}),
    ("standup", "AIGA Stand-Up", "AIGA Stand-Up", "members",
     {"requires_organiser": True,
      "description": "会員企業による自主企画。特定テーマでの座談会や研究の紹介、知見の共有など。"}),
    ("commons", "AIGコモンズ", "AIG Commons", "members",
     {"ground_rule": COMMONS_RULE,
      "description": "相互の情報提供を前提に、会員がより具体的な課題について車座で議論する場。"}),
    ("spotlight", "AI GA Spotlight", "AI GA Spotlight", "members",
     {"is_series": True,
      "description": "「30分で、最先端にふれる」をテーマに、有識者から最先端のトピックについて"
                     "伺うラジオ企画。"}),
    ("meetup", "AIGA Meetup", "AIGA Meetup", "public",
     {"is_series": True, "is_highlight": True,
      "description": "AIガバナンスをめぐるステークホルダー・有識者の議論の場。"}),
    ("symposium", "シンポジウム", "Symposium", "public",
     {"is_highlight": True, "description": "会員以外の方も参加できるシンポジウム。"}),
    ("external", "対外活動（登壇・記者発表）", "External appearance", "public",
     {"is_external": True, "description": "協会の活動記録として残す登壇・記者発表など。"}),
]


def seed(apps, schema_editor):
    EventKind = apps.get_model("events", "EventKind")
    for order, (key, name, name_en, audience, flags) in enumerate(KINDS, start=1):
        EventKind.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "name_en": name_en,
                "default_audience": audience,
                "order": order * 10,
                **flags,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
