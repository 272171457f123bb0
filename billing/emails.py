"""E-mail templates of billing: the invoice and the credit note, each with its PDF attached."""

from aiga.mail import MailDefault

_VARIABLES = (
    "addressee, invoice_number, subject, total, issue_date, due_date, member_number, "
    "cancelled_number"
)

TEMPLATES = [
    MailDefault(
        key="billing.invoice_issued",
        description="請求書の送付（PDF添付）",
        subject_ja="【AIガバナンス協会】請求書送付のご案内（{{ invoice_number }}）",
        body_ja="""{{ subject }}につきまして、請求書を添付のPDFにてお送りいたします。
ご査収のほど、よろしくお願い申し上げます。

　請求書番号：{{ invoice_number }}
　件名　　　：{{ subject }}
　ご請求金額：{{ total }}
　発行日　　：{{ issue_date }}
　お支払期限：{{ due_date }}

お振込先は請求書に記載しております。
お振込の際は、ご依頼人名の前に会員番号（{{ member_number }}）を
ご記入くださいますようお願いいたします。
なお、振込手数料は貴社にてご負担くださいますようお願いいたします。""",
        subject_en="[AI Governance Association] Invoice {{ invoice_number }}",
        body_en="""Please find attached our invoice {{ invoice_number }} ({{ total }}),
due on {{ due_date }}. Bank details are on the invoice. Please put your member number
({{ member_number }}) before the payer's name when you transfer.""",
        variables=_VARIABLES,
    ),
    MailDefault(
        key="billing.credit_note_issued",
        description="請求取消通知書の送付（PDF添付）",
        subject_ja="【AIガバナンス協会】請求取消のご通知（{{ cancelled_number }}）",
        body_ja="""先にお送りした請求書（請求書番号：{{ cancelled_number }}）を取り消しましたので、
取消通知書（{{ invoice_number }}）を添付のPDFにてお送りいたします。

取り消した請求書へのお支払いは不要です。
訂正後の請求書をお送りする場合は、別途ご案内いたします。
お手数をおかけし申し訳ございませんが、ご確認のほどよろしくお願い申し上げます。""",
        subject_en="[AI Governance Association] Cancellation of invoice {{ cancelled_number }}",
        body_en="""We have cancelled invoice {{ cancelled_number }}; the cancellation notice
{{ invoice_number }} is attached. No payment is due on the cancelled invoice.""",
        variables=_VARIABLES,
    ),
]
