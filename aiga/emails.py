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
