"""E-mails of events: registration confirmed (with the .ics), on the wait-list, moved up
from it, a guest's address to confirm, the reminder the day before, and the thanks with
the materials afterwards. The online meeting's URL goes to the confirmed only."""

from aiga.mail import OPENING_EN, OPENING_JA, MailDefault

WHEN_JA = """　イベント：{{ event_title }}
　日時　　：{{ starts_at|jdatetime }}{% if ends_at %} 〜 {{ ends_at|jdatetime }}{% endif %}
{% if venue %}　会場　　：{{ venue }}
{% endif %}{% if is_online %}　形式　　：オンライン
{% endif %}{% if meeting_url %}　参加URL ：{{ meeting_url }}
{% endif %}"""
WHEN_EN = """Event: {{ event_title_en }}
When: {{ starts_at|jdatetime }}{% if ends_at %} – {{ ends_at|jdatetime }}{% endif %}
{% if venue %}Venue: {{ venue }}
{% endif %}{% if is_online %}Online
{% endif %}{% if meeting_url %}Meeting URL: {{ meeting_url }}
{% endif %}"""
VARIABLES = (
    "addressee, person, event_title, event_title_en, starts_at, ends_at, venue, is_online, "
    "meeting_url, event_url, is_guest"
)
GUEST_OPENING_JA = "このたびはお申込みいただき、誠にありがとうございます。"
GUEST_OPENING_EN = "Thank you for registering."
# A member hears from the association all the time; a guest (press, government, the public)
# may never have: their letters open with thanks for the registration instead.
OPENING_FOR_ALL_JA = (
    "{% if is_guest %}" + GUEST_OPENING_JA + "{% else %}" + OPENING_JA + "{% endif %}"
)
OPENING_FOR_ALL_EN = (
    "{% if is_guest %}" + GUEST_OPENING_EN + "{% else %}" + OPENING_EN + "{% endif %}"
)

TEMPLATES = [
    MailDefault(
        key="events.registration_confirmed",
        description="イベントの参加登録の確認（カレンダーの.ics付き）",
        subject_ja="【AIガバナンス協会】参加登録のご確認：{{ event_title }}",
        body_ja="""{{ person }} 様の下記イベントへの参加登録を承りました。

"""
        + WHEN_JA
        + """
カレンダーに追加いただけるよう、予定（.ics）を添付しております。
イベントの詳細：{{ event_url }}

ご都合が悪くなった場合は、会員ページからキャンセルいただけますと幸いです（キャンセル待ちの方にお席をお譲りします）。""",
        subject_en="[AIGA] Registration confirmed: {{ event_title_en }}",
        body_en="""The registration of {{ person }} for the following event is confirmed.

"""
        + WHEN_EN
        + """
The event is attached as a calendar file (.ics).
Details: {{ event_url }}

If you cannot attend, please cancel in the member portal so that someone on the waiting list can take the place.""",
        variables=VARIABLES,
        opening_ja=OPENING_FOR_ALL_JA,
        opening_en=OPENING_FOR_ALL_EN,
    ),
    MailDefault(
        key="events.registration_waitlisted",
        description="イベントのキャンセル待ちのご連絡",
        subject_ja="【AIガバナンス協会】キャンセル待ちのご連絡：{{ event_title }}",
        body_ja="""{{ person }} 様の下記イベントへのお申込みは、定員に達しているため、キャンセル待ちとして承りました。

"""
        + WHEN_JA
        + """
お席が空き次第、お申込み順に繰り上げ、メールでお知らせいたします。
イベントの詳細：{{ event_url }}""",
        subject_en="[AIGA] Waiting list: {{ event_title_en }}",
        body_en="""The event below is full: {{ person }} is on its waiting list.

"""
        + WHEN_EN
        + """
When a place frees up, people on the list move up in the order they registered, and we tell them by e-mail.
Details: {{ event_url }}""",
        variables=VARIABLES,
        opening_ja=OPENING_FOR_ALL_JA,
        opening_en=OPENING_FOR_ALL_EN,
    ),
    MailDefault(
        key="events.registration_promoted",
        description="キャンセル待ちからの繰り上げのご連絡（カレンダーの.ics付き）",
        subject_ja="【AIガバナンス協会】参加登録確定のご連絡：{{ event_title }}",
        body_ja="""キャンセル待ちでお申込みいただいていた下記イベントにお席が空きましたので、{{ person }} 様の参加登録を確定いたしました。

"""
        + WHEN_JA
        + """
予定（.ics）を添付しております。
イベントの詳細：{{ event_url }}""",
        subject_en="[AIGA] A place for you: {{ event_title_en }}",
        body_en="""A place has become free: the registration of {{ person }} for the following event is now confirmed.

"""
        + WHEN_EN
        + """
The event is attached as a calendar file (.ics).
Details: {{ event_url }}""",
        variables=VARIABLES,
        opening_ja=OPENING_FOR_ALL_JA,
        opening_en=OPENING_FOR_ALL_EN,
    ),
    MailDefault(
        key="events.guest_confirm",
        description="一般公開イベントに申し込んだ方へのメールアドレス確認",
        subject_ja="【AIガバナンス協会】メールアドレスのご確認：{{ event_title }}",
        body_ja="""下記イベントへのお申込みを受け付けました。
お申込みを完了するため、次のリンクを開いてメールアドレスをご確認ください。

{{ confirm_url }}

"""
        + WHEN_JA
        + """
お心当たりのない場合は、本メールを破棄してください。""",
        subject_en="[AIGA] Please confirm your e-mail address: {{ event_title_en }}",
        body_en="""We have received a registration for the event below.
To complete it, please open this link to confirm your e-mail address:

{{ confirm_url }}

"""
        + WHEN_EN
        + """
If you did not register, please ignore this e-mail.""",
        variables=VARIABLES + ", confirm_url",
        opening_ja=GUEST_OPENING_JA,
        opening_en=GUEST_OPENING_EN,
    ),
    MailDefault(
        key="events.reminder",
        description="イベント前日のリマインド",
        subject_ja="【AIガバナンス協会】明日開催：{{ event_title }}",
        body_ja="""{{ person }} 様にご参加登録いただいている下記イベントは、明日の開催です。

"""
        + WHEN_JA
        + """
イベントの詳細：{{ event_url }}

当日お目にかかれますことを楽しみにしております。""",
        subject_en="[AIGA] Tomorrow: {{ event_title_en }}",
        body_en="""A reminder: the event {{ person }} registered for takes place tomorrow.

"""
        + WHEN_EN
        + """
Details: {{ event_url }}""",
        variables=VARIABLES,
        opening_ja=OPENING_FOR_ALL_JA,
        opening_en=OPENING_FOR_ALL_EN,
    ),
    MailDefault(
        key="events.thank_you",
        description="イベント参加のお礼（資料のご案内）",
        subject_ja="【AIガバナンス協会】ご参加のお礼：{{ event_title }}",
        body_ja="""先日は{{ starts_at|jdate }}開催の「{{ event_title }}」にご参加いただき、誠にありがとうございました。
{% if materials %}
当日の資料・録画は次のとおりです（会員ページからもご覧いただけます）。
{% for material in materials %}・{{ material.title }}：{{ material.url }}
{% endfor %}{% endif %}
今後の活動にもぜひご参加ください。""",
        subject_en="[AIGA] Thank you for joining: {{ event_title_en }}",
        body_en="""Thank you for joining "{{ event_title_en }}" on {{ starts_at|jdate }}.
{% if materials %}
The materials and the recording:
{% for material in materials %}- {{ material.title }}: {{ material.url }}
{% endfor %}{% endif %}
We look forward to seeing you again.""",
        variables=VARIABLES + ", materials",
        opening_ja=OPENING_FOR_ALL_JA,
        opening_en=OPENING_FOR_ALL_EN,
    ),
    MailDefault(
        key="events.introduction_invitation",
        description="全体会での新規会員の自己紹介のお願い（会員代表者へ）",
        subject_ja="【AIガバナンス協会】{{ event_title }} での自己紹介のお願い",
        body_ja="""このたびは当協会にご入会いただき、誠にありがとうございます。

下記の全体会（All-Hands）の「新規会員の自己紹介」のコーナーにて、{{ organisation }} 様に自己紹介をお願いしたく、ご連絡いたしました（{{ count }}社中{{ position }}番目を予定しております）。

"""
        + WHEN_JA
        + """
貴社のご紹介とAIガバナンスへの取組を、3分程度でお話しいただけますと幸いです。
ご都合が合わない場合や、ご登壇いただく方が決まりましたら、本メールにご返信ください。
イベントの詳細：{{ event_url }}""",
        subject_en="[AIGA] Introducing {{ organisation }} at {{ event_title_en }}",
        body_en="""Thank you for joining the association.

We would like to invite {{ organisation }} to introduce itself in the "New members" part of the All-Hands below (number {{ position }} of {{ count }}).

"""
        + WHEN_EN
        + """
About three minutes on your company and its work on AI governance would be ideal.
Please reply to this e-mail with who will speak, or if the date does not suit you.
Details: {{ event_url }}""",
        variables=VARIABLES + ", organisation, position, count",
    ),
]
