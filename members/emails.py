from aiga.mail import MailDefault

TEMPLATES = [
    MailDefault(
        key="application_draft_link",
        description="入会申込の下書きを再開するためのリンク（申込者宛）",
        subject_ja="【AIガバナンス協会】入会申込の下書きを保存しました",
        body_ja="""入会申込フォームの下書きを保存しました。
下記のリンクから、入力の続きを再開していただけます。

{{ resume_url }}

このリンクは {{ expires_at }} まで有効です（{{ days }}日間）。
リンクはこの下書き専用です。第三者に転送しないようご注意ください。
期限が切れた場合は、入会申込ページから新しいリンクをお求めいただけます。""",
        subject_en="[AIGA] Your membership application draft has been saved",
        body_en="""Your draft membership application has been saved.
You can continue where you left off with the link below.

{{ resume_url }}

The link is valid until {{ expires_at }} ({{ days }} days) and opens only this draft.""",
        variables="addressee, resume_url, expires_at, days",
    ),
    MailDefault(
        key="application_received",
        description="入会申込の受付確認（申込者宛。申込内容の写しと今後の流れ）",
        subject_ja="【AIガバナンス協会】入会のお申込みを受け付けました（{{ reference }}）",
        body_ja="""このたびは一般社団法人AIガバナンス協会への入会をお申込みいただき、
誠にありがとうございます。下記の内容でお申込みを受け付けました。

■ お申込み内容
{{ summary }}

■ 今後の流れ
1. 事務局にて申請内容を確認いたします。不備等がある場合は個別にご連絡し、補正をお願いいたします。
2. 直近の理事会（毎月中旬頃）において入会審査を行います。
{% if is_expert %}3. 審査結果をお知らせし、会員資格発行のご案内をお送りします。
   （有識者会員は会費のお支払いはございません）{% else %}
3. 事務局から審査結果および会費お振込先をお知らせします。
4. 会費のお支払いを確認でき次第、入会手続は完了となります。
5. 会員ロゴの掲載やメーリングリストへの登録についてご案内します。{% endif %}""",
        subject_en="[AIGA] We have received your membership application ({{ reference }})",
        body_en="""Thank you for applying for membership of the AI Governance Association.
We have received your application as follows.

{{ summary }}

Next steps: the secretariat reviews the application (and asks for corrections if needed),
then the board decides at its next meeting (mid-month).{% if not is_expert %} We then send
the result and the invoice; membership starts once the fees are paid.{% endif %}""",
        variables="addressee, reference, name, category, summary, is_expert",
    ),
    MailDefault(
        key="application_notice_secretariat",
        description="入会申込の受付通知（事務局宛）",
        subject_ja="【入会申込】{{ name }}（{{ category }}）{{ reference }}",
        body_ja="""新しい入会申込を受け付けました。管理画面で内容をご確認ください。

{{ admin_url }}

{{ summary }}""",
        variables="addressee, reference, name, category, summary, admin_url",
        letter=False,
    ),
]
