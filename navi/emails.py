"""E-mails of the Navi: the member representatives are told when their company's
self-assessment is submitted (they are often executives who never log in); the respondents
(or the 会員代表者 where none is named) are invited to a round (一斉自己診断) with its
deadline, and reminded before the close while their company has not submitted."""

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
    MailDefault(
        key="navi.round_invitation",
        description="一斉自己診断のご案内（回答者へ）",
        subject_ja="【AIガバナンス協会】{{ round_ja }}のご案内（締切：{{ closes_on|jdate }}）",
        body_ja="""AIガバナンス協会では、会員の皆さまに一斉にAIガバナンスナビの自己診断をお願いしております。貴社の自己診断をご用意いたしましたので、下記の期間中にご回答・ご提出くださいますようお願い申し上げます。

　名称　　：{{ round_ja }}
　対象の版：AIガバナンスナビ ver{{ version }}
　回答期間：{{ opens_on|jdate }} 〜 {{ closes_on|jdate }}（締切日の23時59分まで）
{% if carried %}
前回ご提出の回答のうち、項目の文言と点数が変わっていない{{ carried }}件は回答を引き継いでおります（「前回回答から引継ぎ・要確認」の印）。内容をご確認のうえ、確認済みにしてください。変更された項目は空欄とし、変更点をお示ししています。
{% endif %}
ご回答は、会員ページの下記のアドレスからお願いいたします。
{{ url }}

集計結果（会員平均との比較）は、締切後に会員ページでご覧いただけます。個社の回答が他の会員に開示されることはありません。""",
        subject_en="[AIGA] {{ round_en }}: please answer by {{ closes_on|jdate }}",
        body_en="""The AI Governance Association asks all its members to take the AI Governance Navi self-assessment together. The self-assessment of {{ organisation }} is ready; please answer and submit it within the period below.

Round: {{ round_en }}
Version: AI Governance Navi ver{{ version }}
Period: {{ opens_on|jdate }} to {{ closes_on|jdate }} (until 23:59 Japan time on the closing day)
{% if carried %}
{{ carried }} answers from your last submission, for items whose text and points are unchanged, have been carried over (marked "carried over – please confirm"). Please review and confirm them. Items that changed start empty, with a note of what changed.
{% endif %}
Please answer in the member portal at:
{{ url }}

The aggregate results (your position against the members' average) are shown in the member portal after the close. No company's answers are disclosed to other members.""",
        variables="addressee, organisation, round_ja, round_en, version, opens_on, closes_on, "
        "carried, url",
    ),
    MailDefault(
        key="navi.round_reminder",
        description="一斉自己診断の締切前のお知らせ（未提出の会員へ）",
        subject_ja="【AIガバナンス協会】{{ round_ja }}：締切（{{ closes_on|jdate }}）が近づいております",
        body_ja="""{{ round_ja }}について、{{ organisation }} の自己診断はまだ提出されておりません。締切が近づいておりますので、ご回答・ご提出をお願い申し上げます。

　対象の版：AIガバナンスナビ ver{{ version }}
　締切　　：{{ closes_on|jdate }}（23時59分まで）

ご回答は、会員ページの下記のアドレスからお願いいたします。
{{ url }}

本メールと行き違いでご提出いただいた場合は、ご容赦ください。""",
        subject_en="[AIGA] {{ round_en }}: the deadline ({{ closes_on|jdate }}) is near",
        body_en="""The self-assessment of {{ organisation }} for {{ round_en }} has not been submitted yet. The deadline is near; please answer and submit it.

Version: AI Governance Navi ver{{ version }}
Deadline: {{ closes_on|jdate }} (23:59 Japan time)

Please answer in the member portal at:
{{ url }}

If you have submitted it in the meantime, please disregard this message.""",
        variables="addressee, organisation, round_ja, round_en, version, opens_on, closes_on, "
        "carried, url",
    ),
]
