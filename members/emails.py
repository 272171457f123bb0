"""The register's e-mails (the portal invitation, the notice of a log-in lock-out, the
password reset, a board meeting's new date to the directors and to the applicants told the
old one), and the label filters other apps' templates use (a membership's category, a
meeting's name)."""

from django import template
from django.utils.translation import gettext as _

from aiga.mail import MailDefault, choice_label
from aiga.templatetags.aiga_format import amount
from members.models import CHANGE_FIELDS, Membership

register = template.Library()


@register.filter
def membership_category(code):
    """regular / smb / expert → 正会員（通常枠）… in the language being rendered."""
    return choice_label(Membership.Category, code)


@register.filter
def board_meeting_name(meeting):
    """{"kind": "held", "title": "", "number": 12} → 「第12回理事会」 (the title when it has
    one; a written resolution says so), in the language being rendered."""
    if not meeting:
        return ""
    if meeting.get("title"):
        return meeting["title"]
    written = meeting.get("kind") == "written"
    if meeting.get("number"):
        label = _("第%(number)s回理事会（書面決議）") if written else _("第%(number)s回理事会")
        return label % {"number": meeting["number"]}
    return _("理事会（書面決議）") if written else _("理事会")


@register.filter
def change_field(code):
    """A 変更届's field code as its label, in the language being rendered."""
    label = CHANGE_FIELDS.get(code)
    return str(label) if label is not None else code


@register.filter
def change_value(value, field=""):
    """A 変更届's raw value as text: yen for the capital, a percentage for the ratio, and
    「（なし）」 for nothing."""
    if value is None or value == "":
        return _("（なし）")
    if field == "share_capital":
        return amount(value)
    if field == "parent_ratio":
        return f"{value}%"
    return value


CHANGE_ROWS_JA = """{% for row in changes %}・{{ row.field|change_field }}: {{ row.old|change_value:row.field }} → {{ row.new|change_value:row.field }}
{% endfor %}"""
CHANGE_ROWS_EN = CHANGE_ROWS_JA.replace("・", "- ")

TEMPLATES = [
    MailDefault(
        key="change_notice_submitted",
        description="変更届の受付（事務局宛）",
        subject_ja="【変更届】{{ organisation }} から変更届が提出されました"
        "{% if crosses_smb_line %}（会員区分の確認が必要）{% endif %}",
        body_ja="""{{ organisation }} の {{ requested_by }} 様から、変更届（No.{{ notice_id }}）が提出されました。

"""
        + CHANGE_ROWS_JA
        + """{% if crosses_smb_line %}
※ 資本金または親会社の出資比率の変更により、SMB・スタートアップ枠の基準をまたぎます。\
{% if tier_from_next_year %}次年度からの会員区分をご判断ください（当年度の会費は変わりません）。\
{% else %}会員区分と、その変更時期をご判断ください。{% endif %}
{% endif %}
管理画面で内容を確認し、承認または差戻しをお願いします。
{{ admin_url }}""",
        subject_en="[AIGA] Change notice from {{ organisation }}",
        body_en="""{{ requested_by }} of {{ organisation }} filed change notice No.{{ notice_id }}.

"""
        + CHANGE_ROWS_EN
        + """{% if crosses_smb_line %}
Note: the change of capital or parent share crosses the SMB/startup line; please decide the tier\
{% if tier_from_next_year %} from the next fiscal year{% endif %}.
{% endif %}
{{ admin_url }}""",
        variables="addressee, organisation, notice_id, submitted_at, changes, requested_by, "
        "crosses_smb_line, tier_from_next_year, admin_url",
        letter=False,
    ),
    MailDefault(
        key="change_notice_approved",
        description="変更届の承認と登録内容への反映のお知らせ（届出者宛）",
        subject_ja="【AIガバナンス協会】変更届を承認し、登録内容に反映しました",
        body_ja="""{{ organisation }} 様からご提出いただいた変更届（No.{{ notice_id }}）を承認し、
下記のとおり登録内容に反映いたしました。

"""
        + CHANGE_ROWS_JA
        + """
会員ポータルでご確認いただけます。
{{ portal_url }}""",
        subject_en="[AIGA] Your change notice has been approved",
        body_en="""We have approved change notice No.{{ notice_id }} of {{ organisation }} and updated our register:

"""
        + CHANGE_ROWS_EN
        + """
{{ portal_url }}""",
        variables="addressee, organisation, notice_id, submitted_at, changes, portal_url",
    ),
    MailDefault(
        key="change_notice_returned",
        description="変更届の差戻しのお知らせ（届出者宛）",
        subject_ja="【AIガバナンス協会】変更届の差戻しについて",
        body_ja="""{{ organisation }} 様からご提出いただいた変更届（No.{{ notice_id }}）について、
下記の理由により差し戻させていただきます。登録内容は変更しておりません。

差戻しの理由：{{ reason }}

お手数ですが、内容をご確認のうえ、会員ポータルから改めてご提出ください。
{{ portal_url }}""",
        subject_en="[AIGA] Your change notice has been returned",
        body_en="""We have returned change notice No.{{ notice_id }} of {{ organisation }}; the register is unchanged.

Reason: {{ reason }}

Please file it again from the member portal:
{{ portal_url }}""",
        variables="addressee, organisation, notice_id, submitted_at, changes, reason, portal_url",
    ),
    MailDefault(
        key="portal_invitation",
        description="会員ポータルへのご招待（パスワード設定用の1回限りのリンク）",
        subject_ja="【AIガバナンス協会】会員ポータルへのご招待",
        body_ja="""{% if is_expert %}有識者会員として{% else %}{{ organisation }} のご担当者として{% endif %}、
AIガバナンス協会 会員ポータルにご招待いたします。
下記のリンクから、パスワードのご設定をお願いいたします。ご設定後、会員ポータルにログインいただけます。

{{ invitation_url }}

このリンクは1回限り有効で、{{ expires_at|jdatetime }} まで（{{ days }}日間）ご利用いただけます。
リンクはご本人専用です。第三者に転送しないようご注意ください。
期限が切れた場合は、事務局に新しい招待をご依頼ください。""",
        subject_en="[AIGA] Your invitation to the member portal",
        body_en="""You are invited to the AIGA member portal {% if is_expert %}as an expert member{% else %}as a contact of {{ organisation }}{% endif %}.
Set your password with the link below (single use, valid until {{ expires_at|jdatetime }}):

{{ invitation_url }}""",
        variables="addressee, organisation, member_number, is_expert, invitation_url, "
        "expires_at, days",
    ),
    MailDefault(
        key="login_locked_out",
        description="ログイン失敗が続いたため、接続元からのログインを一時停止したことの本人へのお知らせ",
        subject_ja="【AIガバナンス協会】ログインの失敗が続いたため、ログインを一時停止しました",
        body_ja="""ご登録のアカウント（{{ email }}）に対し、誤ったパスワードによるログインの試行が続けて行われたため、
その接続元からのログインを一時的に停止しました。

日時：{{ attempted_at|jdatetime }}
接続元のIPアドレス：{{ ip_address|default:"不明" }}

この接続元からのログインは、{{ cooloff_minutes }}分ほど停止されます。その後は通常どおりログインいただけます。

お心当たりがない場合は、第三者がパスワードを試している可能性があります。
お手数ですが、下記のページからパスワードを再設定してください。

{{ password_reset_url }}""",
        subject_en="[AIGA] Log-in paused after repeated failed attempts",
        body_en="""There were repeated failed log-in attempts, with wrong passwords, to your account ({{ email }}),
so log-in from the address they came from has been paused.

Time: {{ attempted_at|jdatetime }} (Japan time)
IP address: {{ ip_address|default:"unknown" }}

Log-in from this address is paused for about {{ cooloff_minutes }} minutes; after that you can log in as usual.

If this was not you, someone may be trying to guess your password. Please reset your password here:

{{ password_reset_url }}""",
        variables="addressee, email, attempted_at, ip_address, cooloff_minutes, password_reset_url",
    ),
    MailDefault(
        key="password_reset",
        description="パスワード再設定用のリンク（ご本人の申請により送信）",
        subject_ja="【AIガバナンス協会】パスワード再設定のご案内",
        body_ja="""ご登録のアカウント（{{ email }}）について、パスワード再設定のお申し込みを受け付けました。
下記のリンクから新しいパスワードを設定してください。

{{ reset_url }}

このリンクは{{ hours }}時間有効で、パスワードを設定すると使えなくなります。
リンクはご本人専用です。第三者に転送しないようご注意ください。
お心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。""",
        subject_en="[AIGA] Resetting your password",
        body_en="""We received a request to reset the password of your account ({{ email }}).
Set a new password with the link below:

{{ reset_url }}

The link is valid for {{ hours }} hours and stops working once the password is set.
If you did not ask for this, please ignore this e-mail; your password stays as it is.""",
        variables="addressee, email, reset_url, hours",
    ),
    MailDefault(
        key="board_meeting_moved",
        description="理事会の開催日の変更のお知らせ（理事宛）",
        subject_ja="【AIガバナンス協会】理事会の開催日が変更されました（{{ meeting|board_meeting_name }}）",
        body_ja="""理事会の開催日が変更されましたので、お知らせいたします。

理事会: {{ meeting|board_meeting_name }}
変更前: {{ old_date|jdate }}
変更後: {{ new_date|jdate }}

お手数ですが、ご予定の変更をお願いいたします。
理事会のカレンダーを購読されている場合は、カレンダーの予定も自動的に更新されます。

{{ board_url }}""",
        subject_en="[AIGA] The date of a board meeting has changed ({{ meeting|board_meeting_name }})",
        body_en="""The date of a board meeting has changed.

Meeting: {{ meeting|board_meeting_name }}
Was: {{ old_date|jdate }}
Now: {{ new_date|jdate }}

Please update your diary. A subscribed board calendar updates itself.

{{ board_url }}""",
        variables="addressee, meeting, old_date, new_date, board_url",
    ),
    MailDefault(
        key="board_meeting_moved_applicant",
        description="入会審査を行う理事会の開催日の変更のお知らせ（開催日をお知らせ済みの申込者宛）",
        subject_ja="【AIガバナンス協会】入会審査を行う理事会の開催日が変更になりました（{{ reference }}）",
        opening_ja="このたびは一般社団法人AIガバナンス協会への入会をお申込みいただき、"
        "誠にありがとうございます。",
        opening_en="Thank you for applying for membership of the AI Governance Association.",
        body_ja="""受付番号 {{ reference }} のお申込みについて、入会審査を行う理事会の開催日が
下記のとおり変更になりましたので、お知らせいたします。

変更前: {{ old_date|jdate }}
変更後: {{ new_date|jdate }}

審査の結果は、理事会の後に改めてお知らせいたします。
ご迷惑をおかけいたしますが、ご了承くださいますようお願いいたします。""",
        subject_en="[AIGA] The board meeting reviewing your application has moved ({{ reference }})",
        body_en="""The board meeting that reviews your application {{ reference }} has moved.

Was: {{ old_date|jdate }}
Now: {{ new_date|jdate }}

We will let you know the result after the meeting.""",
        variables="addressee, reference, name, meeting, old_date, new_date",
    ),
]

# Withdrawal (退会, issue 28): to the member's 会員代表者, and the secretariat's notice.
_WITHDRAWAL_FACTS_JA = """会員名: {{ organisation }}{% if member_number %}（会員番号 {{ member_number }}）{% endif %}
届出日: {{ notice_date|jdate }}
退会希望日: {{ wished_date|jdate }}
退会日: {{ effective_date|jdate }}"""
_WITHDRAWAL_FACTS_EN = """Member: {{ organisation }}{% if member_number %} (member number {{ member_number }}){% endif %}
Notice given: {{ notice_date|jdate }}
Wished date: {{ wished_date|jdate }}
Effective date (last day of membership): {{ effective_date|jdate }}"""

TEMPLATES += [
    MailDefault(
        key="withdrawal_received",
        description="退会届の受付のお知らせ（会員代表者宛）",
        subject_ja="【AIガバナンス協会】退会届を受け付けました",
        body_ja="""退会届を受け付けました。事務局で内容を確認のうえ、あらためてご連絡いたします。

"""
        + _WITHDRAWAL_FACTS_JA
        + """

退会日は当協会の会員規程に基づき定まります。退会日までは会員として各種サービスをご利用いただけます。
お支払い済みの会費は返金いたしかねますので、ご了承ください。
退会日までは、会員ページから退会届を取り消すことができます。
{{ portal_url }}""",
        subject_en="[AIGA] We have received your notice of withdrawal",
        body_en="""We have received your notice of withdrawal. The secretariat will check it and write to you again.

"""
        + _WITHDRAWAL_FACTS_EN
        + """

The effective date follows the Association's membership rules. Until then you remain a member.
Fees already paid are not refunded.
Until the effective date you can cancel the notice in the member portal:
{{ portal_url }}""",
        variables="addressee, organisation, member_number, notice_date, wished_date, "
        "effective_date, portal_url",
    ),
    MailDefault(
        key="withdrawal_received_secretariat",
        description="退会届の受付の通知（事務局宛）",
        subject_ja="【退会届】{{ organisation }} から退会届が提出されました",
        body_ja="""退会届が提出されました。管理画面で内容を確認し、「確認」してください。

"""
        + _WITHDRAWAL_FACTS_JA
        + """
届出者: {{ submitted_by }}
理由: {{ reason }}

{{ admin_url }}""",
        variables="addressee, organisation, member_number, notice_date, wished_date, "
        "effective_date, submitted_by, reason, admin_url, portal_url",
        letter=False,
    ),
    MailDefault(
        key="withdrawal_confirmed",
        description="退会届の確認のお知らせ（会員代表者宛）",
        subject_ja="【AIガバナンス協会】退会のお手続きについて（退会日のご案内）",
        body_ja="""ご提出いただいた退会届を確認いたしました。下記の退会日をもって退会となります。

"""
        + _WITHDRAWAL_FACTS_JA
        + """

退会日をもって、会員ページへのログイン、メーリングリストの配信、会員一覧ページへの掲載は終了いたします。
退会日までは、会員ページから退会届を取り消すことができます。
{{ portal_url }}""",
        subject_en="[AIGA] Your withdrawal has been confirmed",
        body_en="""We have confirmed your notice of withdrawal. Your membership ends on the effective date below.

"""
        + _WITHDRAWAL_FACTS_EN
        + """

On the effective date, log-in to the member portal, the mailing list and the listing on the members' page end.
Until the effective date you can cancel the notice in the member portal:
{{ portal_url }}""",
        variables="addressee, organisation, member_number, notice_date, wished_date, "
        "effective_date, portal_url",
    ),
    MailDefault(
        key="withdrawal_cancelled",
        description="退会届の取消のお知らせ（会員代表者宛）",
        subject_ja="【AIガバナンス協会】退会届を取り消しました",
        body_ja="""下記の退会届を取り消しました。引き続き会員としてご活動いただけます。

"""
        + _WITHDRAWAL_FACTS_JA,
        subject_en="[AIGA] Your notice of withdrawal has been cancelled",
        body_en="""The notice of withdrawal below has been cancelled. Your membership continues.

"""
        + _WITHDRAWAL_FACTS_EN,
        variables="addressee, organisation, member_number, notice_date, wished_date, "
        "effective_date, portal_url",
    ),
    MailDefault(
        key="withdrawal_completed",
        description="退会のお知らせ（退会日、会員代表者宛）",
        subject_ja="【AIガバナンス協会】退会のお手続きが完了しました",
        body_ja="""本日をもって退会のお手続きが完了しました。これまで当協会の活動にご参加いただき、誠にありがとうございました。

"""
        + _WITHDRAWAL_FACTS_JA
        + """

会員ページへのログイン、メーリングリストの配信、会員一覧ページへの掲載は終了しました。
再度のご入会は、当協会ウェブサイトの入会案内からお申し込みいただけます。""",
        subject_en="[AIGA] Your withdrawal is complete",
        body_en="""Your withdrawal from the Association is complete as of today. Thank you for taking part in the Association's work.

"""
        + _WITHDRAWAL_FACTS_EN
        + """

Log-in to the member portal, the mailing list and the listing on the members' page have ended.
To join again, please apply through the membership page of the Association's web site.""",
        variables="addressee, organisation, member_number, notice_date, wished_date, "
        "effective_date, portal_url",
    ),
    MailDefault(
        key="membership_suspended",
        description="会員資格の停止のお知らせ（会員代表者宛。会費の未納による）【文面は事務局案】",
        subject_ja="【AIガバナンス協会】会員資格の一時停止のお知らせ",
        body_ja="""{{ organisation }}様の会員資格を、下記の理由により一時停止いたしましたので
お知らせいたします。
{% if invoice_number %}
　請求書番号：{{ invoice_number }}
　ご請求金額：{{ total|amount }}
　お支払期限：{{ due_date|jdate }}
{% endif %}
停止の理由：{{ reason }}

ご入金を確認でき次第、会員資格の停止は解除いたします。
行き違いでお支払いいただいている場合はご容赦ください。
ご不明な点がございましたら、事務局までお問い合わせください。""",
        subject_en="[AI Governance Association] Membership suspended",
        body_en="""The membership of {{ organisation }} has been suspended for the following reason:
{{ reason }}
{% if invoice_number %}Invoice {{ invoice_number }} ({{ total|amount }}), due on {{ due_date|jdate }}.
{% endif %}The suspension is lifted as soon as we receive your payment. If you have already
paid, please accept our apologies and disregard this message.""",
        variables="addressee, organisation, member_number, reason, invoice_number, total, due_date",
    ),
    MailDefault(
        key="membership_reinstated",
        description="会員資格の停止解除のお知らせ（会員代表者宛）【文面は事務局案】",
        subject_ja="【AIガバナンス協会】会員資格の停止解除のお知らせ",
        body_ja="""{{ organisation }}様の会員資格の一時停止を解除いたしましたので、お知らせいたします。

解除の理由：{{ reason }}

お手続きいただき、誠にありがとうございました。""",
        subject_en="[AI Governance Association] Membership reinstated",
        body_en="""The suspension of the membership of {{ organisation }} has been lifted ({{ reason }}).
Thank you very much.""",
        variables="addressee, organisation, member_number, reason, invoice_number, total, due_date",
    ),
]

# The general assembly's convocation notice (issue 29): to each voting member's 会員代表者,
# with the proxy form (委任状) attached. The wording of the notice is a draft (事務局案).
TEMPLATES += [
    MailDefault(
        key="general_assembly_convocation",
        description="社員総会の招集通知（会員代表者宛、委任状を添付）【事務局案】",
        subject_ja="【AIガバナンス協会】{{ title }} 招集ご通知",
        body_ja="""{{ organisation }} 様（会員番号 {{ member_number }}）

下記のとおり{{ title }}を開催いたしますので、ご出席くださいますようご通知申し上げます。

日時：{{ meeting_date|jdate_weekday }} {{ start_time }}
場所：{{ venue }}

【目的である事項】
{{ agenda }}

議決権は1社1個です（基準日 {{ record_date|jdate }} 現在の正会員）。{% if representative %}議決権は会員代表者の{{ representative }}様が行使されます。{% endif %}
当日ご出席いただけない場合は、添付の委任状にご記入のうえ、開催日の前日までに事務局へご提出ください（一般社団法人及び一般財団法人に関する法律第50条）。{% if votes_in_writing %}
書面または電磁的方法による議決権の行使も可能です。{% endif %}""",
        subject_en="[AIGA] Notice of {{ title }}",
        body_en="""{{ organisation }} (member number {{ member_number }})

We hereby give notice of {{ title }}.

Date and time: {{ meeting_date|jdate_weekday }} {{ start_time }} (Japan time)
Place: {{ venue }}

The agenda is as follows.
{{ agenda }}

Each regular member holds one vote (members as of {{ record_date|jdate }}). If you cannot attend, please return the attached proxy form (委任状) to the secretariat by the day before the meeting.""",
        variables="title, organisation, member_number, meeting_date, start_time, venue, "
        "agenda, record_date, representative, votes_in_writing",
    ),
]
