"""Demo data of the Navi: the rounds (一斉自己診断) as the association ran them — the ver1.0
trial (recorded as history), September 2025 on ver1.1 and April 2026 on ver2.0, each closed
with at least ten fictional companies' submitted assessments (developers/providers and
users), and an open autumn-2026 round on ver2.0 in which the bank (member-bank@example.jp)
is answering, its earlier answers carried over.

Written through the services, as the secretariat and the respondents would. Idempotent: a
round is made once (by its name). The answers are chosen so that the ver1.1 overall average
is near the brochure's 2.50 and 透明性・アカウンタビリティ確保 is among the lowest areas; the
trial's dates are the secretariat's reading (事務局案)."""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from members.models import Contact, Membership, Organisation, User
from members.services.member_numbers import member_number_assign
from navi import round_dates, scoring
from navi.models import NaviAssessment, NaviRound
from navi.selectors.versions import version_by_number, versions_with_content
from navi.services import assessments as services
from navi.services import rounds as rounds_services

# Fictional companies that answer the Navi (members since before the trial): five that
# develop or provide AI, five that use it.
NAVI_COMPANIES = [
    # corporate number, name, kana, what it does with AI, membership category
    (
        "9100000000011",
        "株式会社あおぞらデータサイエンス",
        "アオゾラデータサイエンス",
        "developer",
        "smb",
    ),
    ("9100000000012", "ミドリ機械学習株式会社", "ミドリキカイガクシュウ", "developer", "smb"),
    ("9100000000013", "株式会社ソラテックAI", "ソラテックエーアイ", "developer", "regular"),
    ("9100000000014", "株式会社やまびこ音声技術", "ヤマビコオンセイギジュツ", "developer", "smb"),
    (
        "9100000000015",
        "北斗AIソリューションズ株式会社",
        "ホクトエーアイソリューションズ",
        "developer",
        "regular",
    ),
    ("9100000000016", "東西海上保険株式会社", "トウザイカイジョウホケン", "user", "regular"),
    ("9100000000017", "株式会社さくら物流", "サクラブツリュウ", "user", "regular"),
    ("9100000000018", "株式会社いずみ製作所", "イズミセイサクショ", "user", "regular"),
    ("9100000000019", "株式会社つばめ商事", "ツバメショウジ", "user", "regular"),
    (
        "9100000000020",
        "中央ライフ生命保険株式会社",
        "チュウオウライフセイメイホケン",
        "user",
        "regular",
    ),
]

# Per company: what it does with AI, its use cases, and its overall level (points, 0–4) in
# the September 2025 round; each round shifts it (the membership improving). The twelve
# ver1.1 respondents' overall scores average about 2.50 (the brochure's 全体平均).
PROFILES = {
    "株式会社みなと未来銀行": (
        "user",
        "社内向け生成AIチャット\n与信審査モデル\nコールセンターの応対要約",
        3.2,
    ),
    "ひかりAIラボ株式会社": ("both", "法人向け文書要約API\n画像検品モデル", 2.5),
    "株式会社サンプル銀行": ("user", "融資稟議書の作成支援\n不正取引検知", 2.5),
    "みらいAIラボ株式会社": ("developer", "需要予測モデルの受託開発", 2.3),
    "合同会社ことのはデータ": ("developer", "日本語コーパスの提供\n音声認識モデル", 1.9),
    "株式会社あおぞらデータサイエンス": ("developer", "需要予測モデルの提供", 2.9),
    "ミドリ機械学習株式会社": ("developer", "画像認識モデルの受託開発", 2.2),
    "株式会社ソラテックAI": ("developer", "生成AIプラットフォームの提供", 2.7),
    "株式会社やまびこ音声技術": ("developer", "音声認識エンジンの提供", 1.9),
    "北斗AIソリューションズ株式会社": ("developer", "業務AIエージェントの開発", 3.0),
    "東西海上保険株式会社": ("user", "保険金支払査定の支援\n社内向け生成AIチャット", 2.6),
    "株式会社さくら物流": ("user", "配送ルートの最適化", 2.2),
    "株式会社いずみ製作所": ("user", "外観検査の自動化", 2.3),
    "株式会社つばめ商事": ("user", "需要予測\n問い合わせ対応の自動化", 2.5),
    "中央ライフ生命保険株式会社": ("user", "引受審査の支援\nコールセンターの応対要約", 2.3),
}
DEFAULT_PROFILE = ("both", "社内向け生成AIチャット", 2.5)
# Where the members stand apart from their overall level: transparency is where the
# brochure says members feel the gap.
AREA_OFFSET = {
    "rules": 0.35,
    "people": 0.1,
    "organisation": 0.05,
    "risks": 0.15,
    "transparency": -0.45,
}

TRIAL = (
    "トライアル 一斉自己診断（ver1.0・記録、日付は事務局案）",
    "Trial round (ver1.0, record; dates: secretariat's draft)",
)
ROUNDS = [
    # version, names, opening, closing, shift of every company's level
    ("1.0", TRIAL, datetime.date(2025, 3, 3), datetime.date(2025, 3, 28), -0.3),
    (
        "1.1",
        ("2025年9月 一斉自己診断", "September 2025 round"),
        datetime.date(2025, 9, 1),
        datetime.date(2025, 9, 30),
        0.0,
    ),
    (
        "2.0",
        ("2026年4月 一斉自己診断", "April 2026 round"),
        datetime.date(2026, 4, 6),
        datetime.date(2026, 4, 30),
        0.15,
    ),
]
AUTUMN = ("2026年秋 一斉自己診断", "Autumn 2026 round")

COMMENTS = {
    1: "現状では未着手。来期の計画に含める方向で検討中。",
    2: "所管部署で検討を開始。規程案を作成中。",
    3: "規程を整備し、年1回の研修で周知している。",
    4: "外部専門家の助言を得て、定期的に見直している。",
}


FOUNDING_ADMISSION = datetime.date(2024, 10, 15)


def _navi_companies():
    for number, name, kana, ai_role, category in NAVI_COMPANIES:
        organisation, created = Organisation.objects.get_or_create(
            corporate_number=number,
            defaults={
                "legal_name": name,
                "legal_name_kana": kana,
                "kind": Organisation.Kind.CORPORATE,
                "prefecture": "東京都",
                "address": "千代田区大手町9-9-9（架空）",
                "share_capital": 30_000_000 if category == "smb" else 500_000_000,
                "ai_role": ai_role,
            },
        )
        if not created:
            continue
        # Founding members: admitted at the association's first board meeting after its
        # incorporation (2024-10), issued then — not new members on today's agendas.
        Membership.objects.create(
            organisation=organisation,
            category=category,
            admission_date=FOUNDING_ADMISSION,
            issued_at=datetime.datetime.combine(
                FOUNDING_ADMISSION, datetime.time(10), tzinfo=ZoneInfo("Asia/Tokyo")
            ),
        )
        member_number_assign(organisation=organisation)
        Contact.objects.create(
            organisation=organisation,
            family_name="山田",
            given_name="太郎",
            family_name_kana="ヤマダ",
            given_name_kana="タロウ",
            department="AIガバナンス推進室",
            email=f"navi-{number[-2:]}@example.jp",
            is_member_representative=True,
            is_navi_respondent=True,
        )


def _respondent(organisation: Organisation) -> User | None:
    contact = (
        organisation.contacts.filter(is_navi_respondent=True, user__isnull=False)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return contact.user if contact else None


POINTS_TO_LEVEL = {0: 1, 1: 2, 3: 3, 4: 4}


def _levels_for(count: int, target: float, rng: random.Random) -> list[int]:
    """Levels whose points (0, 1, 3, 4) average near the target, in a shuffled order."""
    target = max(0.0, min(4.0, target))
    chosen, total = [], 0
    for index in range(count):
        want = target * (index + 1) - total
        points = min((0, 1, 3, 4), key=lambda p: (abs(p - want), rng.random()))
        chosen.append(POINTS_TO_LEVEL[points])
        total += points
    rng.shuffle(chosen)
    return chosen


def _answer(assessment, version, level_target, rng, actor, *, now, areas=None, share=1.0):
    for area in version.areas.all():
        if areas is not None and area.key not in areas:
            continue
        items = [
            item
            for item in area.items.all()
            if scoring.applies(item.applicability, assessment.ai_role) and rng.random() <= share
        ]
        target = level_target + AREA_OFFSET.get(area.key, 0) + rng.uniform(-0.2, 0.2)
        for item, number in zip(items, _levels_for(len(items), target, rng), strict=True):
            level = next(level for level in item.levels.all() if level.number == number)
            services.answer_save(
                assessment=assessment,
                item=item,
                level=level,
                comment=COMMENTS[number] if rng.random() < 0.3 else "",
                evidence_url="",
                actor=actor,
                now=now,
            )


def _prepare(assessment, actor, now):
    """The company's profile as it says it, and its carried-over answers confirmed."""
    ai_role, use_cases, _level = PROFILES.get(assessment.organisation.legal_name, DEFAULT_PROFILE)
    assessment = services.assessment_set_profile(
        assessment=assessment, ai_role=ai_role, use_cases=use_cases, actor=actor
    )
    services.answers_confirm(assessment=assessment, actor=actor, now=now)
    return assessment


def _answer_and_submit(assessment, version, shift, rng, now):
    actor = _respondent(assessment.organisation)
    assessment = _prepare(assessment, actor, now)
    level = PROFILES.get(assessment.organisation.legal_name, DEFAULT_PROFILE)[2] + shift
    _answer(assessment, version, level, rng, actor, now=now)
    services.assessment_submit(assessment=assessment, actor=actor, now=now)


def _closed_round(number, names, opens_on, closes_on, shift, secretariat):
    version = version_by_number(number)
    if version is None or NaviRound.objects.filter(title_ja=names[0]).exists():
        return
    round_ = rounds_services.round_schedule(
        version=version,
        title_ja=names[0],
        title_en=names[1],
        opens_on=opens_on,
        closes_on=closes_on,
        actor=secretariat,
    )
    round_ = rounds_services.round_open(round_=round_, actor=secretariat)  # history: no e-mail
    content = versions_with_content().get(pk=version.pk)
    assessments = round_.assessments.select_related("organisation").order_by("organisation_id")
    for index, assessment in enumerate(assessments):
        rng = random.Random(f"{assessment.organisation.legal_name}:{number}")  # noqa: S311 - demo data
        submitted = datetime.datetime.combine(
            opens_on + datetime.timedelta(days=3 + index % 20),
            datetime.time(10 + index % 7),
            round_dates.TOKYO,
        )
        _answer_and_submit(assessment, content, shift, rng, submitted)
    rounds_services.round_close(
        round_=round_, actor=secretariat, now=round_dates.closing_moment(closes_on)
    )


def _autumn_round(secretariat):
    version = version_by_number("2.0")
    if version is None or NaviRound.objects.filter(title_ja=AUTUMN[0]).exists():
        return
    today = timezone.localdate()
    round_ = rounds_services.round_schedule(
        version=version,
        title_ja=AUTUMN[0],
        title_en=AUTUMN[1],
        opens_on=min(datetime.date(2026, 11, 16), today),
        closes_on=max(datetime.date(2026, 12, 18), today + datetime.timedelta(days=14)),
        actor=secretariat,
    )
    round_ = rounds_services.round_open(round_=round_, actor=secretariat)
    content = versions_with_content().get(pk=version.pk)
    now = timezone.now()
    # Five companies have submitted already; the others (the bank among them) are answering.
    early = {company[1] for company in NAVI_COMPANIES[::2]}
    for assessment in round_.assessments.select_related("organisation").order_by("id"):
        name = assessment.organisation.legal_name
        rng = random.Random(f"{name}:autumn")  # noqa: S311 - demo data
        if name in early:
            _answer_and_submit(assessment, content, 0.3, rng, now)
        elif name == "株式会社みなと未来銀行":
            # Under way: the first area confirmed as carried over, a few answers changed.
            actor = _respondent(assessment.organisation)
            services.answers_confirm(assessment=assessment, area_key="rules", actor=actor, now=now)
            people = next(area for area in content.areas.all() if area.key == "people")
            answers = {a.item_id: a for a in assessment.answers.select_related("level")}
            for item in list(people.items.all())[:2]:  # moved up a level since April
                before = answers[item.pk].level.number if item.pk in answers else 2
                number = before + 1 if before < 4 else 3
                services.answer_save(
                    assessment=assessment,
                    item=item,
                    level=next(lv for lv in item.levels.all() if lv.number == number),
                    comment=COMMENTS[number],
                    evidence_url="",
                    actor=actor,
                    now=now,
                )
    # The secretariat has reminded the startup by hand.
    startup = round_.assessments.filter(
        organisation__legal_name="ひかりAIラボ株式会社", status="in_progress"
    ).first()
    if startup is not None:
        rounds_services.round_remind(
            round_=round_, actor=secretariat, organisation=startup.organisation, now=now
        )


def seed(stdout):
    if version_by_number("1.1") is None:
        return ["navi: no ver1.1 loaded (manage.py navi_load), no demo rounds"]

    # The startup's CEO answers himself; the bank has a second respondent, not yet invited.
    Contact.objects.filter(email="member-startup@example.jp").update(is_navi_respondent=True)
    bank = Organisation.objects.filter(legal_name="株式会社みなと未来銀行").first()
    if bank is not None and not bank.contacts.filter(email="risk@minatomirai-bank.example.jp"):
        Contact.objects.create(
            organisation=bank,
            family_name="佐々木",
            given_name="健",
            family_name_kana="ササキ",
            given_name_kana="ケン",
            department="リスク統括部",
            title="AIリスク管理室長",
            email="risk@minatomirai-bank.example.jp",
            is_navi_respondent=True,
        )
    for name, (ai_role, _uses, _level) in PROFILES.items():
        Organisation.objects.filter(legal_name=name, ai_role="").update(ai_role=ai_role)
    _navi_companies()

    secretariat = User.objects.filter(email="jimukyoku@example.jp").first()
    for number, names, opens_on, closes_on, shift in ROUNDS:
        _closed_round(number, names, opens_on, closes_on, shift, secretariat)
    _autumn_round(secretariat)
    in_progress = NaviAssessment.objects.filter(
        organisation=bank, round__title_ja=AUTUMN[0], status="in_progress"
    ).exists()
    return [
        "navi: closed rounds ver1.0 (trial), ver1.1 (2025年9月), ver2.0 (2026年4月) and an open "
        "autumn-2026 round → /admin/navi/naviround/"
        + (
            "; member-bank@example.jp → /portal/navi/ (autumn 2026 in progress, carried over)"
            if in_progress
            else ""
        )
    ]
