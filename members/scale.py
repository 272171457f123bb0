"""The register at scale (`manage.py seed_scale`): member companies of both tiers and
experts, their memberships, contacts with their roles, portal users, the public listings.

Every name is fictional, made from the word lists below; corporate numbers carry a valid
check digit. Rows are written with bulk_create (no history rows): the services would take
minutes at scale 100. What later apps need is left in `ctx.shared`:

- "organisations": the members, in admission order (member numbers AIGA-0001… follow it);
- "memberships": {organisation id: its current Membership};
- "billing_contacts": {organisation id: the Contact invoices go to};
- "staff": the secretariat user the other apps record as the actor;
- "officers": the active directors and auditor (experts' recommenders).

`company()` and `person()` are public so that later apps (applications) draw from the
same names.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from stdnum.jp import cn

from members import roles
from members.demo import INDUSTRIES
from members.meeting_dates import monthly_meeting_date
from members.models import (
    Contact,
    Industry,
    MemberListing,
    Membership,
    Officer,
    Organisation,
    User,
)

# At --scale 1, today's association.
CORPORATE_MEMBERS = 110
EXPERT_MEMBERS = 20
ENDED_MEMBERS = 4  # left at the end of a fiscal year: their rows stay, status ended
REGULAR_SHARE = 0.55  # of corporate members, the rest SMB/startup
LISTED_SHARE = 0.6  # of corporate members, on the public members' page
PORTAL_SHARE = 0.7  # of member representatives, with a portal log-in
FOUNDED = datetime.date(2024, 10, 15)  # the first board meeting that admitted members
ENDED_ON = datetime.date(2025, 9, 30)  # the ended members left with the fiscal year 2024
SCALE_DOMAIN = "example.jp"

# (kanji, kana, romaji)
FAMILY_NAMES = [
    ("佐藤", "サトウ", "sato"), ("鈴木", "スズキ", "suzuki"), ("高橋", "タカハシ", "takahashi"),
    ("田中", "タナカ", "tanaka"), ("伊藤", "イトウ", "ito"), ("渡辺", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"), ("中村", "ナカムラ", "nakamura"),
    ("小林", "コバヤシ", "kobayashi"), ("加藤", "カトウ", "kato"), ("吉田", "ヨシダ", "yoshida"),
    ("山田", "ヤマダ", "yamada"), ("佐々木", "ササキ", "sasaki"), ("山口", "ヤマグチ", "yamaguchi"),
    ("松本", "マツモト", "matsumoto"), ("井上", "イノウエ", "inoue"), ("木村", "キムラ", "kimura"),
    ("林", "ハヤシ", "hayashi"), ("斎藤", "サイトウ", "saito"), ("清水", "シミズ", "shimizu"),
    ("山崎", "ヤマザキ", "yamazaki"), ("森", "モリ", "mori"), ("池田", "イケダ", "ikeda"),
    ("橋本", "ハシモト", "hashimoto"), ("阿部", "アベ", "abe"), ("石川", "イシカワ", "ishikawa"),
    ("前田", "マエダ", "maeda"), ("藤田", "フジタ", "fujita"), ("小川", "オガワ", "ogawa"),
    ("岡田", "オカダ", "okada"), ("後藤", "ゴトウ", "goto"), ("長谷川", "ハセガワ", "hasegawa"),
    ("村上", "ムラカミ", "murakami"), ("近藤", "コンドウ", "kondo"), ("石井", "イシイ", "ishii"),
    ("坂本", "サカモト", "sakamoto"), ("遠藤", "エンドウ", "endo"), ("青木", "アオキ", "aoki"),
    ("藤井", "フジイ", "fujii"), ("西村", "ニシムラ", "nishimura"), ("福田", "フクダ", "fukuda"),
    ("太田", "オオタ", "ota"), ("三浦", "ミウラ", "miura"), ("岡本", "オカモト", "okamoto"),
]  # fmt: skip
GIVEN_NAMES = [
    ("大輔", "ダイスケ", "daisuke"), ("健太", "ケンタ", "kenta"), ("翔太", "ショウタ", "shota"),
    ("拓也", "タクヤ", "takuya"), ("直樹", "ナオキ", "naoki"), ("誠", "マコト", "makoto"),
    ("浩二", "コウジ", "koji"), ("剛", "ツヨシ", "tsuyoshi"), ("隆", "タカシ", "takashi"),
    ("亮", "リョウ", "ryo"), ("恵子", "ケイコ", "keiko"), ("美咲", "ミサキ", "misaki"),
    ("陽子", "ヨウコ", "yoko"), ("真由美", "マユミ", "mayumi"), ("愛", "アイ", "ai"),
    ("彩", "アヤ", "aya"), ("優子", "ユウコ", "yuko"), ("由美", "ユミ", "yumi"),
    ("麻衣", "マイ", "mai"), ("千尋", "チヒロ", "chihiro"), ("和也", "カズヤ", "kazuya"),
    ("智子", "トモコ", "tomoko"), ("裕子", "ユウコ", "yuko"), ("修", "オサム", "osamu"),
    ("聡", "サトシ", "satoshi"), ("玲奈", "レナ", "rena"), ("悠斗", "ユウト", "yuto"),
    ("結衣", "ユイ", "yui"), ("康弘", "ヤスヒロ", "yasuhiro"), ("紀子", "ノリコ", "noriko"),
]  # fmt: skip
# The first part of a company name.
STEMS = [
    ("さくら", "サクラ", "sakura"), ("みなと", "ミナト", "minato"), ("東都", "トウト", "toto"),
    ("未来", "ミライ", "mirai"), ("ひかり", "ヒカリ", "hikari"), ("青葉", "アオバ", "aoba"),
    ("大和", "ヤマト", "yamato"), ("北斗", "ホクト", "hokuto"), ("富士", "フジ", "fuji"),
    ("若葉", "ワカバ", "wakaba"), ("日本橋", "ニホンバシ", "nihonbashi"),
    ("丸の内", "マルノウチ", "marunouchi"), ("浪速", "ナニワ", "naniwa"),
    ("中央", "チュウオウ", "chuo"), ("瑞穂", "ミズホ", "mizuho"), ("あさひ", "アサヒ", "asahi"),
    ("かもめ", "カモメ", "kamome"), ("つばさ", "ツバサ", "tsubasa"), ("いろは", "イロハ", "iroha"),
    ("ことのは", "コトノハ", "kotonoha"), ("しらかば", "シラカバ", "shirakaba"),
    ("北辰", "ホクシン", "hokushin"), ("白鷺", "シラサギ", "shirasagi"),
    ("千代田", "チヨダ", "chiyoda"), ("湊", "ミナト", "minato"), ("相模", "サガミ", "sagami"),
    ("武蔵", "ムサシ", "musashi"), ("信濃", "シナノ", "shinano"), ("筑紫", "ツクシ", "tsukushi"),
    ("陸奥", "ムツ", "mutsu"), ("エヌ・ティー", "エヌティー", "nt"),
    ("アルファ", "アルファ", "alpha"), ("ノヴァ", "ノヴァ", "nova"),
    ("クオリア", "クオリア", "qualia"), ("ミライズ", "ミライズ", "miraiz"),
    ("リンクス", "リンクス", "lynx"), ("オリオン", "オリオン", "orion"),
    ("ベガ", "ベガ", "vega"), ("シリウス", "シリウス", "sirius"), ("アトラス", "アトラス", "atlas"),
]  # fmt: skip
# The second part: (kanji, kana, romaji, English word, industry, AI role).
TRADES = [
    ("銀行", "ギンコウ", "bank", "Bank", "銀行業", "user"),
    ("信託銀行", "シンタクギンコウ", "trust", "Trust Bank", "銀行業", "user"),
    ("生命保険", "セイメイホケン", "life", "Life Insurance", "保険業", "user"),
    ("損害保険", "ソンガイホケン", "sonpo", "Insurance", "保険業", "user"),
    ("証券", "ショウケン", "securities", "Securities", "その他", "user"),
    ("電機", "デンキ", "electric", "Electric", "製造業", "both"),
    ("製作所", "セイサクショ", "works", "Works", "製造業", "user"),
    ("化学", "カガク", "chemical", "Chemical", "製造業", "user"),
    ("自動車", "ジドウシャ", "motors", "Motors", "製造業", "both"),
    ("商事", "ショウジ", "shoji", "Trading", "その他", "user"),
    ("通信", "ツウシン", "telecom", "Telecom", "情報通信業", "both"),
    ("システムズ", "システムズ", "systems", "Systems", "情報通信業", "developer"),
    ("ソリューションズ", "ソリューションズ", "solutions", "Solutions", "情報通信業", "developer"),
    ("データ", "データ", "data", "Data", "情報通信業", "developer"),
    ("テクノロジーズ", "テクノロジーズ", "tech", "Technologies", "AI開発・提供", "developer"),
    ("AIラボ", "エーアイラボ", "ailab", "AI Lab", "AI開発・提供", "developer"),
    ("ロボティクス", "ロボティクス", "robotics", "Robotics", "AI開発・提供", "both"),
    ("アナリティクス", "アナリティクス", "analytics", "Analytics", "AI開発・提供", "developer"),
    ("コンサルティング", "コンサルティング", "consulting", "Consulting",
     "コンサルティング・専門サービス", "both"),
    ("総合研究所", "ソウゴウケンキュウショ", "research", "Research Institute",
     "コンサルティング・専門サービス", "both"),
    ("監査法人", "カンサホウジン", "audit", "Audit", "コンサルティング・専門サービス", "user"),
    ("メディカル", "メディカル", "medical", "Medical", "その他", "user"),
    ("エナジー", "エナジー", "energy", "Energy", "その他", "user"),
    ("ホールディングス", "ホールディングス", "hd", "Holdings", "その他", "user"),
]  # fmt: skip
# (prefecture, city, postal code's first three digits, towns)
PLACES = [
    ("東京都", "千代田区", "100", ["丸の内", "大手町", "有楽町", "内幸町"]),
    ("東京都", "中央区", "104", ["銀座", "八重洲", "京橋", "日本橋"]),
    ("東京都", "港区", "105", ["虎ノ門", "芝浦", "六本木", "港南"]),
    ("東京都", "渋谷区", "150", ["渋谷", "恵比寿", "神宮前", "道玄坂"]),
    ("東京都", "新宿区", "160", ["西新宿", "新宿", "四谷", "高田馬場"]),
    ("東京都", "品川区", "141", ["大崎", "西五反田", "東品川"]),
    ("神奈川県", "横浜市西区", "220", ["みなとみらい", "高島", "北幸"]),
    ("大阪府", "大阪市北区", "530", ["梅田", "中之島", "堂島"]),
    ("大阪府", "大阪市中央区", "541", ["本町", "北浜", "淀屋橋"]),
    ("愛知県", "名古屋市中村区", "450", ["名駅", "椿町"]),
    ("福岡県", "福岡市博多区", "812", ["博多駅前", "中洲"]),
    ("京都府", "京都市下京区", "600", ["烏丸通", "四条通"]),
    ("宮城県", "仙台市青葉区", "980", ["一番町", "中央"]),
    ("北海道", "札幌市中央区", "060", ["北一条西", "大通西"]),
]  # fmt: skip
DEPARTMENTS = ["経営企画部", "デジタル戦略部", "DX推進室", "リスク管理部", "法務部", "総務部"]
TITLES = ["部長", "室長", "課長", "マネージャー", "担当部長"]
EXPERT_TITLES = ["教授", "准教授", "弁護士", "公認会計士", "研究員", "客員研究員"]
AFFILIATIONS = ["東都大学", "みなと法律事務所", "北斗総合研究所", "未来技術研究機構", "浪速大学"]


@dataclass
class Person:
    family: str
    given: str
    family_kana: str
    given_kana: str
    romaji: str

    @property
    def full_name(self) -> str:
        return f"{self.family} {self.given}"


def person(rng) -> Person:
    family, family_kana, family_r = rng.choice(FAMILY_NAMES)
    given, given_kana, given_r = rng.choice(GIVEN_NAMES)
    return Person(family, given, family_kana, given_kana, f"{given_r}.{family_r}")


def corporate_number(rng, used: set[str]) -> str:
    """A fresh 13-digit corporate number whose check digit is valid (python-stdnum)."""
    while True:
        base = f"{rng.randrange(10**11, 10**12):012d}"
        number = cn.calc_check_digit(base) + base
        if number not in used:
            used.add(number)
            return number


def company(rng, used_names: set[str], used_numbers: set[str]) -> dict:
    """A fictional company's particulars: name with its reading and an English name, a
    corporate number, an address, a web site and the industry its trade implies."""
    for attempt in itertools.count():
        parts = [rng.choice(STEMS)]
        if attempt >= 3:  # the simple names taken (at large scales): two words, as in life
            parts.append(rng.choice(STEMS))
        trade, trade_kana, trade_r, trade_en, industry, ai_role = rng.choice(TRADES)
        stem = "".join(p[0] for p in parts)
        stem_kana = "".join(p[1] for p in parts)
        stem_r = "-".join(p[2] for p in parts)
        if attempt >= 100:  # never at the scales we use; it only has to end
            stem, stem_r = f"{stem}{attempt}", f"{stem_r}{attempt}"
        base = f"{stem}{trade}"
        if base not in used_names:
            break
    used_names.add(base)
    serial = len(used_names)
    form = rng.random()
    if form < 0.55:
        legal_name, name_en = f"株式会社{base}", f"{stem_r.title()} {trade_en} Co., Ltd."
    elif form < 0.92:
        legal_name, name_en = f"{base}株式会社", f"{stem_r.title()} {trade_en} Inc."
    else:
        legal_name, name_en = f"合同会社{base}", f"{stem_r.title()} {trade_en} LLC"
    prefecture, city, code, towns = rng.choice(PLACES)
    town = rng.choice(towns)
    address = f"{city}{town}{rng.randint(1, 4)}-{rng.randint(1, 20)}-{rng.randint(1, 30)}"
    if rng.random() < 0.6:
        address += f" {stem}ビル{rng.randint(2, 30)}階"
    domain = f"{stem_r}-{trade_r}{serial}.{SCALE_DOMAIN}"
    return {
        "kind": Organisation.Kind.CORPORATE,
        "legal_name": legal_name,
        "legal_name_kana": f"{stem_kana}{trade_kana}",
        "name_en": name_en,
        "corporate_number": corporate_number(rng, used_numbers),
        "postal_code": f"{code}-{rng.randint(0, 9999):04d}",
        "prefecture": prefecture,
        "city": city,
        "address_line": address[len(city) :],
        "address": address,
        "website": f"https://www.{domain}/",
        "domain": domain,
        "industry_name": industry,
        "ai_role": ai_role,
    }


def capital_for(rng, tier: str) -> int:
    """Share capital that the fee rules put in the given tier (over ¥100m: regular)."""
    if tier == Membership.Category.REGULAR:
        return rng.choice([3, 5, 10, 30, 50, 100, 300, 1000]) * 100_000_000
    return rng.choice([5, 10, 20, 30, 50, 80, 100]) * 1_000_000


def admission_days(today: datetime.date) -> list[datetime.date]:
    """Every monthly meeting day from the founding up to last month's."""
    days, year, month = [], FOUNDED.year, FOUNDED.month
    while True:
        day = monthly_meeting_date(year, month)
        if day >= today:
            return days
        days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _industries() -> dict[str, Industry]:
    found = {}
    for order, (name, name_en) in enumerate(INDUSTRIES):
        found[name], _ = Industry.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "order": order}
        )
    return found


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _officers(ctx) -> list[Officer]:
    existing = list(Officer.objects.filter(is_active=True))
    if existing:
        return existing
    rows = [
        (Officer.Role.REPRESENTATIVE_DIRECTOR, "代表理事"),
        (Officer.Role.EXECUTIVE_DIRECTOR, "業務執行理事"),
        *[(Officer.Role.DIRECTOR, "理事")] * 6,
        (Officer.Role.AUDITOR, "監事"),
    ]
    officers = []
    for order, (role, title) in enumerate(rows, start=1):
        p = person(ctx.random)
        officers.append(
            Officer(
                name=p.full_name,
                name_kana=f"{p.family_kana} {p.given_kana}",
                title=f"{ctx.random.choice(AFFILIATIONS)} {title}",
                role=role,
                order=order,
            )
        )
    return Officer.objects.bulk_create(officers)


def holds_data() -> bool:
    """seed_scale refuses a database with organisations: it never mixes with real data."""
    return Organisation.objects.exists()


def seed(ctx) -> None:
    rng = ctx.random
    roles.ensure_groups()
    industries = _industries()
    staff, _ = User.objects.get_or_create(
        email="scale-secretariat@example.jp", defaults={"full_name": "事務局 規模"}
    )
    roles.grant_groups(staff, [roles.SECRETARIAT])
    officers = _officers(ctx)

    corporate = ctx.count(CORPORATE_MEMBERS, minimum=2)
    experts = ctx.count(EXPERT_MEMBERS, minimum=1)
    ended = ctx.count(ENDED_MEMBERS, minimum=1)
    days = admission_days(ctx.today)
    used_names: set[str] = set(Organisation.objects.values_list("legal_name", flat=True))
    used_numbers: set[str] = set(
        Organisation.objects.exclude(corporate_number="").values_list("corporate_number", flat=True)
    )

    # What to make, then in admission order (the member numbers follow it).
    plans = []
    for index in range(corporate + ended + experts):
        is_expert = index >= corporate + ended
        # The founding meeting admitted a third of today's members; the rest joined since.
        day = days[0] if rng.random() < 0.33 else rng.choice(days)
        has_ended = corporate <= index < corporate + ended
        if has_ended:  # left when the fiscal year 2024 ended
            day = rng.choice([d for d in days if d < ENDED_ON])
        if is_expert:
            tier = Membership.Category.EXPERT
        elif rng.random() < REGULAR_SHARE:
            tier = Membership.Category.REGULAR
        else:
            tier = Membership.Category.SMB
        plans.append((day, index, tier, has_ended))
    plans.sort()

    organisations, extras = [], []
    # After the highest number given (with --force, on top of what is there).
    used = Organisation.objects.exclude(member_number=None).values_list("member_number", flat=True)
    first = max((int(n.split("-", 1)[1]) for n in used), default=0) + 1
    for number, (day, _index, tier, has_ended) in enumerate(plans, start=first):
        if tier == Membership.Category.EXPERT:
            p = person(rng)
            particulars = {
                "kind": Organisation.Kind.INDIVIDUAL,
                "legal_name": p.full_name,
                "legal_name_kana": f"{p.family_kana} {p.given_kana}",
                "name_en": f"{p.romaji.split('.')[0].title()} {p.romaji.split('.')[1].title()}",
            }
            extra = {"person": p, "domain": f"expert{number}.{SCALE_DOMAIN}"}
        else:
            data = company(rng, used_names, used_numbers)
            capital = capital_for(rng, tier)
            has_parent = rng.random() < 0.15
            particulars = {
                key: data[key]
                for key in (
                    "kind", "legal_name", "legal_name_kana", "name_en", "corporate_number",
                    "postal_code", "prefecture", "address", "website", "ai_role",
                )
            }  # fmt: skip
            particulars.update(
                industry=industries[data["industry_name"]],
                share_capital=capital,
                has_parent=has_parent,
                # SMB members with a parent hold 50% or less; a regular one may be owned.
                parent_name=f"{rng.choice(STEMS)[0]}ホールディングス株式会社" if has_parent else "",
                parent_ratio=(
                    Decimal(rng.choice(["20", "33.4", "50"] if tier == "smb" else ["66.7", "100"]))
                    if has_parent
                    else None
                ),
            )
            extra = {"domain": data["domain"]}
        organisations.append(Organisation(member_number=f"AIGA-{number:04d}", **particulars))
        extras.append((day, tier, has_ended, extra))
    organisations = Organisation.objects.bulk_create(organisations)

    memberships, contacts, listings = [], [], []
    for org, (day, tier, has_ended, extra) in zip(organisations, extras, strict=True):
        # Issued when the first invoice was paid (experts pay none: a few days after).
        issued = _aware(day + datetime.timedelta(days=rng.randint(10, 45)))
        end = ENDED_ON if has_ended else None
        memberships.append(
            Membership(
                organisation=org,
                category=tier,
                admission_date=day,
                end_date=end,
                issued_at=issued if issued < ctx.now else ctx.now,
                status=Membership.Status.ENDED if end else Membership.Status.ACTIVE,
            )
        )
        contacts.extend(_contacts(rng, org, extra))
        if org.is_corporate and rng.random() < LISTED_SHARE and not end:
            listings.append(
                MemberListing(
                    organisation=org,
                    display_name=org.legal_name,
                    website=org.website,
                    is_listed=True,
                    listed_at=issued,
                )
            )
    memberships = Membership.objects.bulk_create(memberships)
    _portal_users(rng, contacts)
    contacts = Contact.objects.bulk_create(contacts)
    MemberListing.objects.bulk_create(listings)
    for membership in memberships:
        ctx.audit(
            action="membership.issued",
            target=membership,
            data={"organisation": membership.organisation_id, "category": membership.category},
        )

    billing_contacts = {}
    for contact in contacts:
        if contact.is_billing_contact:
            billing_contacts.setdefault(contact.organisation_id, contact)
    ctx.shared.update(
        organisations=organisations,
        memberships={m.organisation_id: m for m in memberships},
        billing_contacts=billing_contacts,
        staff=staff,
        officers=officers,
        industries=industries,
        used_names=used_names,
        used_numbers=used_numbers,
    )
    ctx.write(
        f"members: {len(organisations)} organisations ({corporate} corporate, {ended} ended, "
        f"{experts} experts), {len(contacts)} contacts, {len(listings)} listed"
    )


def contact_rows(rng, *, corporate: bool, domain: str, expert: Person | None = None) -> list:
    """The people of a company (or the expert), as PersonParticulars field dicts: a legal
    representative, the member representative, a practical contact, a billing contact —
    one person may hold several roles, as in a small company."""
    if not corporate:
        p = expert or person(rng)
        return [
            _person_fields(p, f"{p.romaji}@{domain}", title=rng.choice(EXPERT_TITLES),
                           is_member_representative=True, is_practical_contact=True)
        ]  # fmt: skip
    ceo, rep = person(rng), person(rng)
    rows = [
        _person_fields(ceo, f"{ceo.romaji}@{domain}", title="代表取締役社長",
                       is_legal_representative=True),
        _person_fields(rep, f"{rep.romaji}@{domain}", title=rng.choice(TITLES),
                       department=rng.choice(DEPARTMENTS), is_member_representative=True,
                       is_practical_contact=rng.random() < 0.5),
    ]  # fmt: skip
    if not rows[1].get("is_practical_contact"):
        staff = person(rng)
        rows.append(
            _person_fields(staff, f"{staff.romaji}@{domain}", department=rows[1]["department"],
                           is_practical_contact=True)
        )  # fmt: skip
    if rng.random() < 0.7:
        rows.append(
            {
                **_person_fields(person(rng), f"keiri@{domain}", department="経理部",
                                 is_billing_contact=True),
                "cc_emails": [f"ap@{domain}"] if rng.random() < 0.3 else [],
            }
        )  # fmt: skip
    else:
        rows[1]["is_billing_contact"] = True
    # Avoid two people of one company sharing an address (the same name drawn twice).
    seen: set[str] = set()
    for index, row in enumerate(rows):
        if row["email"] in seen:
            row["email"] = row["email"].replace("@", f"{index}@")
        seen.add(row["email"])
    return rows


def _person_fields(p: Person, email: str, **fields) -> dict:
    return {
        "family_name": p.family,
        "given_name": p.given,
        "family_name_kana": p.family_kana,
        "given_name_kana": p.given_kana,
        "email": email,
        **fields,
    }


def _contacts(rng, org: Organisation, extra: dict) -> list[Contact]:
    rows = contact_rows(
        rng, corporate=org.is_corporate, domain=extra["domain"], expert=extra.get("person")
    )
    contacts = []
    for row in rows:
        row["phone"] = f"0{rng.randint(3, 6)}-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}"
        contacts.append(
            Contact(
                organisation=org,
                is_navi_respondent=row.get("is_practical_contact", False),
                is_event_participant=rng.random() < 0.4,
                **row,
            )
        )
    return contacts


def _portal_users(rng, contacts: list[Contact]) -> None:
    """A log-in for most member representatives (as if they accepted the invitation)."""
    users = []
    chosen = [c for c in contacts if c.is_member_representative and rng.random() < PORTAL_SHARE]
    unusable = make_password(None)  # one hash for all: nobody logs in with these
    for contact in chosen:
        users.append(User(email=contact.email.lower(), full_name=contact.full_name,
                          password=unusable))  # fmt: skip
    users = User.objects.bulk_create(users)
    for contact, user in zip(chosen, users, strict=True):
        contact.user = user
