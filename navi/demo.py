"""Demo data of the Navi: each member company (regular or SMB) has a submitted ver1.1
self-assessment with varied answers, and the bank a ver2.0 one in progress. Written through
the services, as respondents would; idempotent (a company's assessment of a version is
made once)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from members.models import Contact, Organisation
from members.selectors.memberships import current_memberships
from navi import scoring
from navi.models import NaviAssessment
from navi.selectors.versions import version_by_number
from navi.services import assessments as services

# Per company: what it does with AI, its use cases, and how far along each area is (the
# level most answers sit around, 1–4). Others get a middling profile.
PROFILES = {
    "株式会社みなと未来銀行": (
        "user",
        "社内向け生成AIチャット\n与信審査モデル\nコールセンターの応対要約",
        {"rules": 4, "people": 4, "organisation": 3, "risks": 4, "transparency": 3},
    ),
    "ひかりAIラボ株式会社": (
        "both",
        "法人向け文書要約API\n画像検品モデル",
        {"rules": 3, "people": 3, "organisation": 3, "risks": 3, "transparency": 2},
    ),
    "株式会社サンプル銀行": (
        "user",
        "融資稟議書の作成支援\n不正取引検知",
        {"rules": 3, "people": 3, "organisation": 3, "risks": 3, "transparency": 3},
    ),
    "みらいAIラボ株式会社": (
        "developer",
        "需要予測モデルの受託開発",
        {"rules": 3, "people": 2, "organisation": 2, "risks": 3, "transparency": 2},
    ),
    "合同会社ことのはデータ": (
        "developer",
        "日本語コーパスの提供\n音声認識モデル",
        {"rules": 2, "people": 2, "organisation": 2, "risks": 2, "transparency": 1},
    ),
}
DEFAULT_PROFILE = ("both", "社内向け生成AIチャット", {})

COMMENTS = {
    1: "現状では未着手。来期の計画に含める方向で検討中。",
    2: "所管部署で検討を開始。規程案を作成中。",
    3: "規程を整備し、年1回の研修で周知している。",
    4: "外部専門家の助言を得て、定期的に見直している。",
}


def _level(rng: random.Random, centre: int) -> int:
    return max(1, min(4, centre + rng.choice((-1, 0, 0, 0, 1))))


def _respondent(organisation: Organisation):
    contact = (
        organisation.contacts.filter(is_navi_respondent=True, user__isnull=False)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return contact.user if contact else None


def _answer_all(assessment, version, centres, rng, actor, *, share=1.0, areas=None, now):
    for area in version.areas.all():
        if areas is not None and area.key not in areas:
            continue
        for item in area.items.all():
            if not scoring.applies(item.applicability, assessment.ai_role):
                continue
            if rng.random() > share:
                continue
            number = _level(rng, centres.get(area.key, 3))
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


def seed(stdout):
    ver11 = version_by_number("1.1")
    ver20 = version_by_number("2.0")
    if ver11 is None:
        return ["navi: no ver1.1 loaded (manage.py navi_load), no demo assessments"]

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

    members = [
        m.organisation
        for m in current_memberships().select_related("organisation").order_by("organisation_id")
        if m.is_regular_member
    ]
    submitted_at = timezone.now() - datetime.timedelta(days=60)
    for organisation in dict.fromkeys(members):
        if NaviAssessment.objects.filter(organisation=organisation, version=ver11).exists():
            continue
        ai_role, use_cases, centres = PROFILES.get(organisation.legal_name, DEFAULT_PROFILE)
        rng = random.Random(organisation.legal_name)  # noqa: S311 - demo data, not secrets
        actor = _respondent(organisation)
        assessment = services.assessment_start(
            organisation=organisation, version=ver11, actor=actor
        )
        assessment = services.assessment_set_profile(
            assessment=assessment, ai_role=ai_role, use_cases=use_cases, actor=actor
        )
        _answer_all(assessment, ver11, centres, rng, actor, now=submitted_at)
        services.assessment_submit(assessment=assessment, actor=actor, now=submitted_at)

    if bank is not None and ver20 is not None:
        if not NaviAssessment.objects.filter(organisation=bank, version=ver20).exists():
            actor = _respondent(bank)
            assessment = services.assessment_start(organisation=bank, version=ver20, actor=actor)
            ai_role, use_cases, centres = PROFILES[bank.legal_name]
            assessment = services.assessment_set_profile(
                assessment=assessment, ai_role=ai_role, use_cases=use_cases, actor=actor
            )
            rng = random.Random("ver2.0")  # noqa: S311 - demo data
            # Under way: most of the first area, a few of the second.
            _answer_all(assessment, ver20, centres, rng, actor, areas={"rules"}, now=timezone.now())
            _answer_all(
                assessment,
                ver20,
                centres,
                rng,
                actor,
                share=0.4,
                areas={"people"},
                now=timezone.now(),
            )
    return [
        "navi: each member company has a submitted ver1.1 self-assessment; "
        "member-bank@example.jp → /portal/navi/ (ver2.0 in progress)"
    ]
