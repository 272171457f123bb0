"""The association's history as the brochure prints it. The Spotlight talks have no dates
in it: they are marked 日付未確認, never given one. Dates without a time are 時刻未確認."""

import datetime
from zoneinfo import ZoneInfo

from django.db import migrations

TOKYO = ZoneInfo("Asia/Tokyo")

# (number, title, speaker) — speaker: (kind, affiliation, name, title)
SPOTLIGHT = [
    (1, "AI制度研究会「中間取りまとめ（案）について」", ("expert_member", "", "殿村", "弁護士")),
    (2, "DeepSeekのリスク", ("outside", "シスコシステムズ", "大柴", "理事")),
    (3, "経産省発行のAI契約チェックリストについて", ("outside", "経済産業省", "宇田川", "調整官")),
    (4, "「AI事業者ガイドライン（第1.1版）」公開 改定のポイントと企業実務への期待とは",
     ("expert_member", "", "福岡", "弁護士")),
    (5, "グローバル先進企業の事例から考える、あるべきAIガバナンスとは",
     ("outside", "野村総合研究所", "渡辺翔太", "")),
    (6, "施行が進むEU AI Act、対応のポイント", ("outside", "中央大学", "実積", "教授")),
]

# (kind, date or None, number, title, fields, speakers, press outlets)
DATED = [
    ("external", datetime.date(2024, 2, 21), None, "自民党AIPT登壇",
     {"summary": "AIガバナンスを社会実装に移すにあたり、AI活用の現場に最も近い団体であるAIGAが"
                 "積極的に政策や技術標準の議論の場に参画する方向性を提言。個人情報等関係法令の"
                 "議論への参加、AISI含む国内外の関連機関とのコラボレーションなどへの期待が"
                 "寄せられた。"},
     [], ["PR TIMES"]),
    ("meetup", datetime.date(2024, 3, 21), 1, "AIGA Meetup #1", {}, [], []),
    ("external", datetime.date(2024, 4, 19), None, "駐日EU代表部イベント", {}, [], []),
    ("external", datetime.date(2024, 6, 17), None, "村井官房副長官（当時）との対談イベント", {},
     [("outside", "", "村井", "官房副長官（当時）")], []),
    ("symposium", datetime.date(2024, 10, 25), None, "一社設立記念シンポジウム",
     {"summary": "新体制のご紹介と役員挨拶、「AIガバナンスナビ」のトライアル報告セッションを実施。"
                 "産学官を横断し、AIガバナンス領域のリーダーが登場（自民党（デジタル大臣）、"
                 "日本マイクロソフト、KDDI、博報堂DYホールディングス、AI Safety Institute、"
                 "GPAI東京専門家支援センター、産業技術総合研究所）。"},
     [], ["EnterpriseZine", "NIKKEI Tech Foresight", "日経XTECH"]),
    ("external", datetime.date(2024, 12, 19), None, "記者発表会",
     {"summary": "行動目標・パブコメ提出などの活動成果についてリリース。今後の活動強化において、"
                 "A) 行動目標へのコミットメント拡大、B) AIガバナンスの実践知の蓄積・深化、"
                 "C) 政策形成の場への参画・知見提供を目指す方向性を発表。"},
     [], ["PR TIMES"]),
    ("meetup", datetime.date(2025, 3, 17), 2, "AIGA Meetup #2", {}, [], []),
    ("external", None, None, "EU標準化団体、Yale大学などの海外有識者とのセッション", {}, [], []),
    ("symposium", datetime.date(2025, 11, 28), None, "年次シンポジウム",
     {"summary": "「AIガバナンスナビ」自己診断結果の報告セッション。経営・政策など多様な分野の"
                 "専門家が議論を実施。ネットワーキングセッションも開催。",
      "participants_note": "会員企業・メディア・政府関係者など180名以上が参加"},
     [], []),
]


def _when(day):
    if day is None:
        return {"starts_at": None, "date_unconfirmed": True}
    start = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=TOKYO)
    return {"starts_at": start, "time_unconfirmed": True}


def load(apps, schema_editor):
    EventKind = apps.get_model("events", "EventKind")
    Event = apps.get_model("events", "Event")
    Speaker = apps.get_model("events", "Speaker")
    PressCoverage = apps.get_model("events", "PressCoverage")
    kinds = {kind.key: kind for kind in EventKind.objects.all()}

    def add(kind_key, day, number, title, fields, people, outlets):
        kind = kinds[kind_key]
        event, created = Event.objects.get_or_create(
            kind=kind,
            title=title,
            defaults={
                "number": number,
                "audience": kind.default_audience,
                **_when(day),
                **fields,
            },
        )
        if not created:
            return
        for order, (speaker_kind, affiliation, name, speaker_title) in enumerate(people):
            Speaker.objects.create(
                event=event,
                order=order,
                kind=speaker_kind,
                affiliation=affiliation,
                name=name,
                title=speaker_title,
            )
        for outlet in outlets:
            PressCoverage.objects.create(event=event, outlet=outlet)

    for number, title, speaker in SPOTLIGHT:
        add("spotlight", None, number, title, {}, [speaker], [])
    for row in DATED:
        add(*row)


class Migration(migrations.Migration):
    dependencies = [("events", "0002_seed_kinds")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
