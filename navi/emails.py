"""E-mails of the Navi: the member representatives are told when their company's
self-assessment is submitted (they are often executives who never log in)."""

from django import template

from aiga.mail import MailDefault
from navi.scoring import TIERS

register = template.Library()


@register.filter
def navi_tier(code):
    """leader / challenge / startline → リーダー企業 … in the language being rendered."""
    for tier in TIERS:
        if tier.key == code:
            return str(tier.name)
    return ""


TEMPLATES = [
    MailDefault(
        key="navi.assessment_submitted",
        description="AIガバナンスナビの自己診断の提出のお知らせ（会員代表者へ）",
        subject_ja="【AIガバナンス協会】AIガバナンスナビ ver{{ version }} 自己診断提出のお知らせ",
        body_ja="""{{ organisation }} のAIガバナンスナビ（ver{{ version }}）の自己診断が提出されましたので、お知らせいたします。

　提出日時：{{ submitted_at|jdatetime }}
{% if submitted_by %}　提出者　：{{ submitted_by }} 様
{% endif %}　全体スコア：{{ score }}点
　評価　　：{{ tier|navi_tier }}

領域別のスコアと各項目のご回答は、会員ページでご覧いただけます。
{{ result_url }}

全体スコアよりも、項目別に取組の「穴」を確認いただくことをお勧めしております。""",
        subject_en="[AIGA] AI Governance Navi ver{{ version }}: self-assessment submitted",
        body_en="""The AI Governance Navi (ver{{ version }}) self-assessment of {{ organisation }} has been submitted.

Submitted: {{ submitted_at|jdatetime }}{% if submitted_by %} by {{ submitted_by }}{% endif %}
Overall score: {{ score }}
Tier: {{ tier|navi_tier }}

The scores by area and each answer are in the member portal:
{{ result_url }}""",
        variables="addressee, organisation, version, submitted_at, submitted_by, score, tier, "
        "answered, result_url",
    ),
]
