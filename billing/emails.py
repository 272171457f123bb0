"""E-mail templates of billing: the invoice and the credit note, each with its PDF attached."""

from django import template

from aiga.mail import MailDefault
from aiga.templatetags.aiga_format import amount

register = template.Library()


@register.filter
def invoice_lines(lines):
    """[{"description", "amount"}] → 「・入会費 100,000円」 lines (¥100,000 in English)."""
    return "\n".join(f"・{line['description']} {amount(line['amount'])}" for line in lines or [])


_VARIABLES = (
    "addressee, invoice_number, subject, total, issue_date, due_date, member_number, "
    "cancelled_number, cancelled_issue_date, reason, replacement_number, replacement_issue_date, "
    "lines"
)

TEMPLATES = [
    MailDefault(
        key="billing.invoice_issued",
        description="請求書の送付（PDF添付）",
        subject_ja="【AIガバナンス協会】請求書送付のご案内（{{ invoice_number }}）",
        body_ja="""{{ subject }}につきまして、請求書を添付のPDFにてお送りいたします。
ご査収くださいますようお願い申し上げます。

　請求書番号：{{ invoice_number }}
　件名　　　：{{ subject }}
　ご請求金額：{{ total|amount }}
　発行日　　：{{ issue_date|jdate }}
　お支払期限：{{ due_date|jdate }}

お振込先は請求書に記載しております。
お振込の際は、ご依頼人名の前に{% if member_number %}会員番号（{{ member_number }}）{% else %}請求書番号（{{ invoice_number }}）{% endif %}を
ご記入くださいますようお願いいたします。
なお、振込手数料は貴社にてご負担くださいますようお願いいたします。""",
        subject_en="[AI Governance Association] Invoice {{ invoice_number }}",
        body_en="""Please find attached our invoice {{ invoice_number }} ({{ total|amount }}),
due on {{ due_date|jdate }}. Bank details are on the invoice. Please put your
{% if member_number %}member number ({{ member_number }}){% else %}invoice number ({{ invoice_number }}){% endif %}
before the payer's name when you transfer.""",
        variables=_VARIABLES,
    ),
    MailDefault(
        key="billing.credit_note_issued",
        description="請求取消通知書の送付（PDF添付）",
        subject_ja="【AIガバナンス協会】請求取消のご通知（{{ cancelled_number }}）",
        body_ja="""先般お送りいたしました請求書（請求書番号：{{ cancelled_number }}、\
{{ cancelled_issue_date|jdate }}付）に誤りがございましたため、同請求書を取り消し、
請求取消通知書（{{ invoice_number }}）を添付のPDFにてお送りいたします。
{% if reason %}
取消の理由：{{ reason }}
{% endif %}
{% if replacement_number %}訂正後の請求書（請求書番号：{{ replacement_number }}、{{ replacement_issue_date|jdate }}付）を\
別途お送りいたしますので、お手数ですが、訂正後の請求書にてお手続きくださいますようお願い申し上げます。
取り消した請求書へのお支払いは不要です。{% else %}取り消した請求書へのお支払いは不要です。{% endif %}

ご迷惑をおかけいたしましたことを、深くお詫び申し上げます。""",
        subject_en="[AI Governance Association] Cancellation of invoice {{ cancelled_number }}",
        body_en="""Our invoice {{ cancelled_number }} of {{ cancelled_issue_date|jdate }} contained an error, so we
have cancelled it; the cancellation notice {{ invoice_number }} is attached.
{% if reason %}
Reason: {{ reason }}
{% endif %}
{% if replacement_number %}The corrected invoice {{ replacement_number }} of {{ replacement_issue_date|jdate }} is sent
separately: please pay that one. {% endif %}No payment is due on the cancelled invoice.
We apologise for the inconvenience.""",
        variables=_VARIABLES,
    ),
    MailDefault(
        key="billing.payment_received",
        description="入金確認のお知らせ（請求書が入金済になったとき。新規会員の初回請求書を除く）",
        subject_ja="【AIガバナンス協会】ご入金確認のお知らせ（{{ invoice_number }}）",
        body_ja="""下記のご請求につきまして、ご入金を確認いたしました。
お手続きいただき、誠にありがとうございました。

　請求書番号：{{ invoice_number }}
　件名　　　：{{ subject }}
　ご請求金額：{{ total|amount }}
　ご入金額　：{{ paid_amount|amount }}（{{ paid_on|jdate }}）
{% if fee_written_off %}　振込手数料：{{ fee_written_off|amount }}（差し引かれていた振込手数料は当協会にて処理いたしました）
{% endif %}
領収書は、会員ポータルの請求書一覧からお取り出しいただけます。
{{ portal_url }}""",
        subject_en="[AI Governance Association] Payment received ({{ invoice_number }})",
        body_en="""We have received your payment for invoice {{ invoice_number }} ({{ total|amount }}):
{{ paid_amount|amount }} on {{ paid_on|jdate }}.{% if fee_written_off %}
The transfer fee of {{ fee_written_off|amount }} deducted by the bank has been settled on our side.{% endif %}
Thank you very much.

You can download the receipt from the invoice list in the member portal:
{{ portal_url }}""",
        variables=_VARIABLES + ", paid_on, paid_amount, fee_written_off, portal_url",
    ),
    MailDefault(
        key="billing.reminder",
        description="お支払いのお願い（督促。請求書PDFを再添付）【文面は事務局案】",
        subject_ja="【AIガバナンス協会】{% if step == 'second' %}【再送】{% endif %}"
        "お支払いのお願い（{{ invoice_number }}）",
        body_ja="""{% if step == 'second' %}先日もご案内いたしましたが、{% endif %}\
下記のご請求につきまして、お支払期限を過ぎておりますが、
本日現在ご入金の確認ができておりません。
お忙しいところ恐れ入りますが、お手続きくださいますようお願い申し上げます。

　請求書番号：{{ invoice_number }}
　件名　　　：{{ subject }}
　ご請求金額：{{ total|amount }}
　お支払期限：{{ due_date|jdate }}

請求書を再度添付いたしますので、ご確認ください。
行き違いでお支払いいただいている場合はご容赦ください。""",
        subject_en="[AI Governance Association] Payment reminder ({{ invoice_number }})",
        body_en="""Our invoice {{ invoice_number }} ({{ total|amount }}) was due on {{ due_date|jdate }}
and we have not yet been able to confirm your payment. We would be grateful if you could
arrange it. The invoice is attached again.
If your payment has crossed with this message, please accept our apologies.""",
        variables=_VARIABLES + ", step, days_overdue",
    ),
]
