from aiga.mail import MailDefault

TEMPLATES = [
    MailDefault(
        key="generic_notice",
        description="事務局からの一般的なお知らせ",
        subject_ja="【AIガバナンス協会】{{ subject }}",
        body_ja="{{ message }}",
        subject_en="[AIGA] {{ subject_en|default:subject }}",
        body_en="{{ message_en|default:message }}",
        variables="addressee, subject, message, subject_en, message_en",
    ),
]

TEMPLATES.append(
    MailDefault(
        key="system_failure",
        description="システムの障害のお知らせ（事務局宛て）",
        subject_ja="【会員管理システム】障害のお知らせ（{{ failures|length }}件）",
        body_ja="""会員管理システムで次の障害を検知しました。管理画面で内容をご確認ください。
{% for failure in failures %}
・{{ failure.kind }}：{{ failure.detail }}{% if failure.url %}
  {{ failure.url }}{% endif %}{% endfor %}

管理画面：{{ admin_url }}""",
        subject_en="[AIGA membership system] {{ failures|length }} failure(s) detected",
        body_en="""The membership system detected the following failures. Please check them in the admin.
{% for failure in failures %}
- {{ failure.kind_en }}{% if failure.url %}: {{ failure.url }}{% endif %}{% endfor %}

Admin: {{ admin_url }}""",
        variables="failures, admin_url",
        letter=False,
    )
)
