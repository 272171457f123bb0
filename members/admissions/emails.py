"""The joining flow's e-mails, and the filters their templates use to write stored codes as
labels in the language being rendered (the outbox stores raw values only)."""

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from aiga.mail import MailDefault, choice_label
from aiga.templatetags.aiga_format import amount, jdate, jdatetime
from members import choices
from members.admissions.models import Application, ApplicationContact
from members.admissions.services.review import field_label
from members.models import BoardMeeting

register = template.Library()


@register.filter
def application_category(code):
    return choice_label(Application.Category, code)


@register.filter
def field_labels(names):
    """Changed fields of an application (their names) as labels: 「法人名、資本金」."""
    labels = [field_label(name) for name in names or []]
    return _("、").join(labels) if labels else _("（変更なし）")


@register.filter
def meeting_label(meeting):
    """{"date": "2026-04-15", "kind": "held", "title": ""} → 「理事会（2026年4月15日）」."""
    if not meeting:
        return ""
    title = meeting.get("title") or (
        _("理事会（書面決議）") if meeting.get("kind") == BoardMeeting.Kind.WRITTEN else _("理事会")
    )
    return f"{title} {jdate(meeting.get('date'))}"


def _line(label: str, value) -> str:
    """「法人名：…」 ("Corporate name: …"); "" when there is nothing to say."""
    value = str(value or "").strip()
    return _("%(label)s：%(value)s") % {"label": label, "value": value} if value else ""


def _aside(text) -> str:
    """A remark after a value: 「（…）」 in Japanese, " (…)" in English; "" for nothing."""
    text = str(text or "").strip()
    return _("（%(text)s）") % {"text": text} if text else ""


def _capital(data) -> str:
    kind = data.get("capital_kind") or choices.CapitalKind.PLAIN
    value = amount(data["share_capital"]) if data.get("share_capital") is not None else ""
    if kind == choices.CapitalKind.PLAIN:
        return value
    return " ".join(part for part in (choice_label(choices.CapitalKind, kind), value) if part)


def _fee_estimate(data) -> list[str]:
    if data.get("quoted_total") is None:
        return []
    tier = choice_label(choices.Tier, data["quoted_tier"]) if data.get("quoted_tier") else ""
    total = amount(data["quoted_total"]) + _aside(_("入会費と年会費の合計"))
    return [
        _line(_("会費の目安"), " ".join(part for part in (tier, total) if part)),
        _("　※ 会費は理事会承認日により変わる場合があります。"),
    ]


def _contact_line(contact, roles, english: bool) -> str:
    role_text = _("・").join(str(roles[r]) for r in contact.get("roles", []) if r in roles)
    kana = "" if english else _aside(contact.get("kana"))
    details = " ".join(
        contact[k] for k in ("department", "title", "email", "phone") if contact.get(k)
    )
    return _line(role_text or _("ご担当者"), f"{contact.get('name', '')}{kana} {details}")


@register.filter
def application_summary(data):
    """The submitted application (`services.applications.application_summary`) as text, in
    the language being rendered: labels, never codes; a line only for what was given."""
    if not data:
        return ""
    english = (translation.get_language() or "ja").startswith("en")
    roles = dict(ApplicationContact.ROLE_FIELDS)
    lines = [
        _line(_("受付番号"), data.get("reference")),
        _line(_("会員種別"), application_category(data.get("category"))),
    ]
    if data.get("category") == "corporate":
        parent = _("なし")
        if data.get("parent_name"):
            ratio = f"{data['parent_ratio']}%" if data.get("parent_ratio") else ""
            parent = data["parent_name"] + _aside(ratio)
        kana = "" if english else _aside(data.get("legal_name_kana"))
        postal = data.get("postal_code", "")
        address = (
            f"{postal} {data.get('address', '')}"
            if english
            else f"〒{postal} {data.get('address', '')}"
        )
        industry = (data.get("industry_en") if english else "") or data.get("industry")
        lines += [
            _line(_("法人名"), f"{data.get('legal_name', '')}{kana}"),
            _line(_("英文名称"), data.get("name_en")),
            _line(_("法人番号"), data.get("corporate_number")),
            _line(_("所在地"), address),
            _line(_("ウェブサイト"), data.get("website")),
            _line(_("資本金"), _capital(data)),
            _line(_("親会社"), parent),
            _line(_("業種"), industry),
            _line(_("AIとの関わり"), choice_label(choices.AIRole, data.get("ai_role"))),
            *_fee_estimate(data),
        ]
    else:
        lines += [
            _line(_("所属"), data.get("legal_name")),
            _line(_("推薦する理事・監事"), data.get("recommender")),
            _line(_("ご経歴・ご専門"), data.get("expert_profile")),
        ]
    lines += [_contact_line(contact, roles, english) for contact in data.get("contacts", [])]
    applicant = data.get("applicant", {})
    who = " ".join(p for p in (applicant.get("name"), applicant.get("title")) if p)
    lines += [
        _line(_("メーリングリスト登録アドレス"), ", ".join(data.get("mailing_list", []))),
        _line(
            _("会員一覧ページへの掲載"),
            _("同意する") if data.get("list_publicly") else _("同意しない"),
        ),
        _line(_("申込者"), f"{who} <{applicant.get('email', '')}>"),
    ]
    for consent in data.get("consents", []):
        title = (consent.get("title_en") if english else "") or consent.get("title", "")
        agreed = _("%(title)s（第%(version)s版、%(agreed_at)s 同意）") % {
            "title": title,
            "version": consent.get("version", ""),
            "agreed_at": jdatetime(consent.get("agreed_at")),
        }
        lines.append(_line(_("同意した文書"), agreed))
    return "\n".join(line for line in lines if line)


# The opening of a letter to an applicant (a first contact, not 「いつも…」).
THANKS_FOR_APPLYING_JA = (
    "このたびは一般社団法人AIガバナンス協会への入会をお申込みいただき、誠にありがとうございます。"
)
THANKS_FOR_APPLYING_EN = "Thank you for applying for membership of the AI Governance Association."

TEMPLATES = [
    MailDefault(
        key="application_draft_link",
        description="入会申込の下書きを再開するためのリンク（申込者宛）",
        subject_ja="【AIガバナンス協会】入会申込の下書きを保存しました",
        opening_ja="このたびは一般社団法人AIガバナンス協会への入会をご検討いただき、"
        "誠にありがとうございます。",
        opening_en="Thank you for your interest in joining the AI Governance Association.",
        body_ja="""入会申込フォームの下書きを保存しました。
下記のリンクから、入力の続きを再開していただけます。

{{ resume_url }}

このリンクは {{ expires_at|jdatetime }} まで有効です（{{ days }}日間）。
リンクはこの下書き専用です。第三者に転送しないようご注意ください。
期限が切れた場合は、入会申込ページから新しいリンクをお求めいただけます。""",
        subject_en="[AIGA] Your membership application draft has been saved",
        body_en="""Your draft membership application has been saved.
You can continue where you left off with the link below.

{{ resume_url }}

The link is valid until {{ expires_at|jdatetime }} ({{ days }} days) and opens only this draft.""",
        variables="addressee, resume_url, expires_at, days",
    ),
    MailDefault(
        key="application_received",
        description="入会申込の受付確認（申込者宛。申込内容の写しと今後の流れ）",
        subject_ja="【AIガバナンス協会】入会のお申込みを受け付けました（{{ reference }}）",
        opening_ja=THANKS_FOR_APPLYING_JA,
        opening_en=THANKS_FOR_APPLYING_EN,
        body_ja="""下記の内容でお申込みを受け付けました。

■ お申込み内容
{{ summary|application_summary }}

■ 今後の流れ
1. 事務局にてお申込み内容を確認いたします。不備等がございましたら、個別にご連絡のうえ補正をお願いいたします。
2. {% if next_meeting %}{{ next_meeting.date|jdate_weekday }}開催予定の理事会において入会審査を行う予定です\
（確認の状況により、翌月以降の理事会での審査となる場合がございます）。{% else %}\
直近の理事会（毎月中旬頃）において入会審査を行います。{% endif %}
{% if is_expert %}3. 審査結果をお知らせし、会員資格発行のご案内をお送りいたします（有識者会員の会費はございません）。\
{% else %}3. 審査結果とあわせて、会費のご請求書をお送りいたします。
4. 会費のお支払いを確認でき次第、入会手続は完了となります。
5. 会員ロゴの掲載やメーリングリストへの登録についてご案内いたします。{% endif %}{% if withdraw_url %}

■ お申込みの取下げ
審査の結果が出るまでの間、お申込みを取り下げる場合は、下記のページからお手続きください。
{{ withdraw_url }}{% endif %}""",
        subject_en="[AIGA] We have received your membership application ({{ reference }})",
        body_en="""We have received your application as follows.

{{ summary|application_summary }}

Next steps
1. The secretariat checks the application and asks you for corrections if anything is missing.
2. {% if next_meeting %}The board is to decide on it at its meeting on \
{{ next_meeting.date|jdate_weekday }} (or at a later one, depending on the checks).{% else %}\
The board decides on it at its next meeting (held around the middle of each month).{% endif %}
{% if is_expert %}3. We let you know the result and issue your membership (expert members pay no fees).\
{% else %}3. With the result, we send you the invoice for the fees.
4. Your membership starts once the fees are paid.{% endif %}{% if withdraw_url %}

To withdraw the application before the board decides, use this page:
{{ withdraw_url }}{% endif %}""",
        variables="addressee, reference, name, category, summary, is_expert, withdraw_url, "
        "next_meeting",
    ),
    MailDefault(
        key="application_notice_secretariat",
        description="入会申込の受付通知（事務局宛）",
        subject_ja="【入会申込】{{ name }}（{{ category|application_category }}）{{ reference }}",
        body_ja="""新しい入会申込を受け付けました。管理画面で内容をご確認ください。

{{ admin_url }}

{{ summary|application_summary }}""",
        variables="addressee, reference, name, category, summary, admin_url",
        letter=False,
    ),
]


# Review and board (steps 3 and 4).
TEMPLATES += [
    MailDefault(
        key="application_correction_request",
        description="申請内容の補正のお願い（申込者宛。修正用リンク付き）",
        subject_ja="【AIガバナンス協会】入会申込内容の補正のお願い（{{ reference }}）",
        opening_ja=THANKS_FOR_APPLYING_JA,
        opening_en=THANKS_FOR_APPLYING_EN,
        body_ja="""事務局にてお申込み内容を確認いたしましたところ、下記の点について補正をお願いしたく、
ご連絡いたしました（第{{ round }}回）。

■ 補正をお願いする内容
{{ message }}

下記のリンクからお申込み内容を修正のうえ、再度ご提出くださいますようお願いいたします。

{{ correction_url }}

このリンクは {{ expires_at|jdate }} まで有効です。
{% if next_meeting %}
{{ next_meeting.closes_on|jdate_weekday }}までにご提出いただいた場合は、\
{{ next_meeting.date|jdate_weekday }}開催予定の理事会において入会審査を行う予定です。
それ以降のご提出の場合は、翌月以降の理事会での審査となります。{% endif %}""",
        subject_en="[AIGA] Please correct your membership application ({{ reference }})",
        body_en="""Having reviewed your application, we kindly ask you to
correct the following (round {{ round }}):

{{ message }}

Please correct and resubmit the application with this link (valid until {{ expires_at|jdate }}):

{{ correction_url }}
{% if next_meeting %}
If you resubmit it by {{ next_meeting.closes_on|jdate_weekday }}, the board is to decide on it at its
meeting on {{ next_meeting.date|jdate_weekday }}; later, at a following meeting.{% endif %}""",
        variables="addressee, reference, message, round, correction_url, expires_at, next_meeting",
    ),
    MailDefault(
        key="application_withdrawn",
        description="入会申込の取下げの確認（申込者宛）",
        subject_ja="【AIガバナンス協会】入会のお申込みの取下げを承りました（{{ reference }}）",
        opening_ja="このたびは一般社団法人AIガバナンス協会への入会をご検討いただき、"
        "誠にありがとうございました。",
        opening_en="Thank you for your interest in the AI Governance Association.",
        body_ja="""受付番号 {{ reference }} のお申込みについて、取下げを承りました。
{% if not by_applicant %}（事務局にてお手続きいたしました。）
{% endif %}{% if reason %}
取下げの理由: {{ reason }}
{% endif %}
改めてご入会をご希望の際は、お手数ですが新たにお申込みください。""",
        subject_en="[AIGA] Your membership application has been withdrawn ({{ reference }})",
        body_en="""We have withdrawn application {{ reference }} as requested.{% if reason %}
Reason: {{ reason }}{% endif %}

Thank you for your interest. Should you wish to join later, please apply again.""",
        variables="addressee, reference, name, reason, by_applicant",
    ),
    MailDefault(
        key="application_withdrawn_secretariat",
        description="入会申込の取下げの通知（事務局宛）",
        subject_ja="【入会申込・取下げ】{{ name }} {{ reference }}",
        body_ja="""入会申込が取り下げられました（{% if by_applicant %}申込者による取下げ{% else %}事務局による記録{% endif %}）。

理由: {{ reason|default:"（記載なし）" }}

{{ admin_url }}""",
        variables="addressee, reference, name, reason, by_applicant, admin_url",
        letter=False,
    ),
    MailDefault(
        key="application_resubmitted",
        description="補正後の再提出の受付確認（申込者宛。修正後の申込内容の写し）",
        subject_ja="【AIガバナンス協会】修正後のお申込みを受け付けました（{{ reference }}）",
        opening_ja=THANKS_FOR_APPLYING_JA,
        opening_en=THANKS_FOR_APPLYING_EN,
        body_ja="""補正のお願いにご対応いただき、誠にありがとうございました。
修正後のお申込みを下記の内容で受け付けました（第{{ round }}回補正）。

■ 修正後のお申込み内容
{{ summary|application_summary }}

事務局にて内容を確認のうえ、直近の理事会（毎月中旬頃）での入会審査に進めます。""",
        subject_en="[AIGA] We have received your corrected application ({{ reference }})",
        body_en="""Thank you for correcting your application. We have received it as follows
(correction round {{ round }}).

{{ summary|application_summary }}

The secretariat will check it and put it to the board at its next meeting (mid-month).""",
        variables="addressee, reference, name, category, summary, round, is_expert",
    ),
    MailDefault(
        key="application_resubmitted_secretariat",
        description="補正後の再提出の通知（事務局宛）",
        subject_ja="【入会申込・再提出】{{ name }} {{ reference }}（第{{ round }}回補正）",
        body_ja="""補正依頼に対して、申込者から再提出がありました。

変更された項目: {{ changed|field_labels }}

管理画面で変更点をご確認ください。
{{ admin_url }}""",
        variables="addressee, reference, name, round, changed, admin_url",
        letter=False,
    ),
    MailDefault(
        key="application_rejected",
        description="入会審査の結果のお知らせ（不承認。申込者宛、理由は記載しない）",
        subject_ja="【AIガバナンス協会】入会審査の結果について（{{ reference }}）",
        opening_ja="このたびは一般社団法人AIガバナンス協会への入会をお申込みいただき、"
        "誠にありがとうございました。",
        opening_en=THANKS_FOR_APPLYING_EN,
        # No 「今後とも…」 and no invitation to ask for the reasons: only the signature.
        closing_ja="",
        closing_en="",
        body_ja="""理事会において慎重に審査いたしました結果、誠に残念ながら、
今回はご入会をお受けいたしかねることとなりました。
ご期待に沿えず誠に申し訳ございませんが、何卒ご理解を賜りますようお願い申し上げます。

{% if is_expert %}末筆ながら、{{ name }}様のますますのご活躍をお祈り申し上げます。{% else %}末筆ながら、貴社のますますのご発展を心よりお祈り申し上げます。{% endif %}""",
        subject_en="[AIGA] The result of your membership application ({{ reference }})",
        body_en="""After careful consideration, the board regrets that it is unable to accept your
application on this occasion. We thank you for your interest and wish you every success.""",
        variables="addressee, reference, name, is_expert",
    ),
    MailDefault(
        key="board_carry_over_secretariat",
        description="理事会で決議されなかった申込の次回への持越し（事務局宛）",
        subject_ja="【理事会】{{ meeting|meeting_label }} の議題を次回に持ち越しました",
        body_ja="""{{ meeting|meeting_label }} で決議が記録されなかった入会申込があります。
{% if next_meeting %}次回の {{ next_meeting|meeting_label }} の議題に移しました。{% else %}
予定されている次の理事会がないため、議題に移せていません。
理事会を登録してください。{% endif %}
{% for a in applications %}
・{{ a.reference }} {{ a.name }}{% endfor %}""",
        variables="addressee, meeting, next_meeting, applications",
        letter=False,
    ),
    # ---- steps 5 to 7 (onboarding)
    MailDefault(
        key="application_approved",
        description="審査結果・会費ご請求のご案内（申込者・会員代表者宛。請求書の宛先が同じときは"
        "請求書PDFを添付、異なるときは請求書の送付先を記載）",
        subject_ja="【AIガバナンス協会】入会審査結果{% if not is_expert %}・会費ご請求{% endif %}"
        "のご案内（{{ reference }}）",
        body_ja="""先般お申込みいただきました一般社団法人AIガバナンス協会への入会につきまして、
理事会において審査の結果、ご入会が承認されましたのでお知らせいたします。

入会日: {{ admission_date|jdate }}
会員種別: {{ category|membership_category }}
{% if is_expert %}
有識者会員の皆さまには会費のお支払いはございません。
会員資格の発行について、別途ご案内をお送りいたします。{% else %}
つきましては、入会費および年会費を下記のとおりご請求申し上げます。
{% if invoice_sent_to %}請求書（PDF）は、ご登録の請求書宛先（{{ invoice_sent_to }}）へ別途メールにてお送りいたします。
{% else %}請求書（PDF）を添付いたしますので、お支払期限までにお振込みくださいますようお願いいたします。
{% endif %}

請求書番号: {{ invoice_number }}
{{ lines|invoice_lines }}
ご請求金額: {{ total|amount }}（不課税）
お支払期限: {{ due_date|jdate }}

お振込みを確認でき次第、会員資格発行のお知らせをお送りいたします。{% endif %}""",
        subject_en="[AIGA] Your membership application has been approved ({{ reference }})",
        body_en="""The board has approved your membership of the AI Governance Association.

Admission date: {{ admission_date|jdate }}
Category: {{ category|membership_category }}
{% if is_expert %}Expert members pay no fees; your membership details follow shortly.{% else %}
The invoice {{ invoice_number }} ({{ total|amount }}, due {{ due_date|jdate }}) {% if invoice_sent_to %}is sent separately
to your billing contact ({{ invoice_sent_to }}).{% else %}is attached.{% endif %}
Your membership is issued once the payment is confirmed.{% endif %}""",
        variables="addressee, reference, name, admission_date, category, is_expert, "
        "invoice_number, total, due_date, lines, invoice_sent_to",
    ),
    MailDefault(
        key="membership_issued",
        description="会員資格発行のお知らせ（会員代表者宛）",
        subject_ja="【AIガバナンス協会】会員資格発行のお知らせ（会員番号 {{ member_number }}）",
        body_ja="""{% if not is_expert %}会費のお振込みを確認いたしました。
誠にありがとうございました。
{% endif %}一般社団法人AIガバナンス協会の会員資格を発行いたしましたので、お知らせいたします。

会員名: {{ name }}
会員番号: {{ member_number }}
会員種別: {{ category|membership_category }}
入会日: {{ admission_date|jdate }}

会員ポータル: {{ portal_url }}
ご担当の皆さまには、会員ポータルへのご招待を別途お送りしております。
メーリングリストへの登録、会員一覧ページへの掲載（ご同意いただいた場合）も順次行います。""",
        subject_en="[AIGA] Your membership has been issued (member number {{ member_number }})",
        body_en="""Your membership of the AI Governance Association has been issued.

Member: {{ name }}
Member number: {{ member_number }}
Category: {{ category|membership_category }}
Admission date: {{ admission_date|jdate }}
Member portal: {{ portal_url }}""",
        variables="addressee, name, member_number, category, admission_date, portal_url, is_expert",
    ),
    MailDefault(
        key="membership_issued_secretariat",
        description="新会員の会員資格発行の通知（事務局宛）",
        subject_ja="【新会員】{{ name }}（{{ member_number }}）の会員資格を発行しました",
        body_ja="""会員資格を発行しました。

会員名: {{ name }}
会員番号: {{ member_number }}
会員種別: {{ category|membership_category }}
入会日: {{ admission_date|jdate }}
受付番号: {{ reference }}

{{ admin_url }}""",
        variables="addressee, name, member_number, category, admission_date, reference, admin_url",
        letter=False,
    ),
]

# Papers (issue 28): a new version of a document members must accept.
TEMPLATES += [
    MailDefault(
        key="admissions.document_acceptance_reminder",
        description="会員に同意を求める文書の新しい版への同意のお願い（会員代表者宛）",
        subject_ja="【AIガバナンス協会】「{{ document_title }}」改定版へのご同意のお願い",
        body_ja="""当協会の「{{ document_title }}」を改定いたしました（第{{ version }}版、{{ effective_date|jdate }}施行）。
つきましては、会員代表者として、会員ページにて改定後の内容をご確認のうえ、ご同意くださいますようお願い申し上げます。

会員名: {{ organisation }}
文書: {{ document_title }}（第{{ version }}版）
会員ページ: {{ portal_url }}

すでにご同意いただいている場合は、本メールと行き違いとなりましたことをご容赦ください。""",
        subject_en="[AIGA] Please accept the revised {{ document_title_en|default:document_title }}",
        body_en="""The Association has revised its {{ document_title_en|default:document_title }} (version {{ version }}, in force from {{ effective_date|jdate }}).
As your organisation's member representative, please read the revised text in the member portal and accept it.

Member: {{ organisation }}
Member portal: {{ portal_url }}

If you have already accepted it, please disregard this message.""",
        variables="addressee, organisation, document_title, document_title_en, version, "
        "effective_date, portal_url",
    ),
]
