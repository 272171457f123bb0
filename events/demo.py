"""Demo events: one upcoming event of every kind (through the service, as the secretariat
would add them), a past All-Hands with its slides, an invited round table another company
is not invited to, and the bank's registrations. All people and companies are fictional.
Idempotent: an event whose title exists is left as it is."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from aiga.pdf import render_pdf
from events.models import Event, EventKind, EventMaterial, Registration, Speaker
from events.services.agenda import agenda_fill
from events.services.events import event_create
from members.models import Contact, Organisation, User


def _at(days: int, hour: int, minute: int = 0, *, hours: float = 1.5):
    day = timezone.localdate() + datetime.timedelta(days=days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return start, start + datetime.timedelta(hours=hours)


def _event(kind_key, title, days, hour, *, hours=1.5, speakers=(), invited=(), **fields):
    existing = Event.objects.filter(title=title).first()
    if existing is not None:
        return existing
    kind = EventKind.objects.get(key=kind_key)
    starts_at, ends_at = _at(days, hour, hours=hours)
    event = Event(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        audience=fields.pop("audience", kind.default_audience),
        **fields,
    )
    event_create(event=event, actor=None)
    event.invited_organisations.set(invited)
    for order, speaker in enumerate(speakers):
        Speaker.objects.create(event=event, order=order, **speaker)
    return event


def _slides(event, title):
    if event.materials.filter(title=title).exists():
        return
    pdf = render_pdf("events/demo_material_pdf.html", {"event": event, "material_title": title})
    material = EventMaterial(
        event=event, title=title, recording_url="https://video.example.jp/aiga-demo"
    )
    material.file.save("slides.pdf", ContentFile(pdf), save=True)


def seed(stdout):
    bank = Organisation.objects.get(legal_name="株式会社みなと未来銀行")
    startup = Organisation.objects.get(legal_name="ひかりAIラボ株式会社")
    other = Organisation.objects.filter(legal_name="合同会社ことのはデータ").first()
    expert = Contact.objects.filter(email="member-expert@example.jp").first()
    founder = Contact.objects.filter(email="member-startup@example.jp").first()
    online = {"is_online": True, "meeting_url": "https://meet.example.jp/aiga-demo"}

    all_hands = _event(
        "all_hands",
        "AIGA Monthly All-Hands（デモ）",
        14,
        16,
        venue="AIGA事務局 会議室",
        **online,
    )
    all_hands.segments.filter(title__contains="研究会").update(
        presenter=bank, note="生成AI利用ルールの全社展開"
    )
    _event(
        "kenkyukai",
        "AIガバナンス研究会：スタートアップのリスク評価の実際",
        21,
        17,
        speakers=[{"kind": Speaker.Kind.MEMBER_CONTACT, "contact": founder, "title": "CEO"}]
        if founder
        else [],
        **online,
    )
    _event(
        "expert_study",
        "AI法とAI基本計画 ― 企業実務への影響",
        28,
        15,
        speakers=[{"kind": Speaker.Kind.EXPERT_MEMBER, "contact": expert, "title": "弁護士"}]
        if expert
        else [],
        **online,
    )
    _event(
        "standup",
        "Stand-Up：AIエージェント導入の座談会",
        35,
        18,
        organiser=startup,
        venue="ひかりAIラボ株式会社 渋谷オフィス",
    )
    commons = _event(
        "commons",
        "AIGコモンズ：生成AIのインシデント対応",
        10,
        14,
        hours=2,
        audience="invited",
        invited=[bank, startup],
        capacity=12,
        venue="AIGA事務局 会議室",
    )
    _event(
        "spotlight",
        "AIエージェントの安全性評価の最前線",
        7,
        12,
        hours=0.5,
        speakers=[
            {
                "kind": Speaker.Kind.OUTSIDE,
                "affiliation": "架空総合研究所",
                "name": "山本",
                "title": "主任研究員",
            }
        ],
        **online,
    )
    _event("meetup", "AIGA Meetup #3", 60, 18, hours=2.5, venue="東京都内（詳細は後日）")
    _event(
        "symposium",
        "年次シンポジウム2027（デモ）",
        90,
        13,
        hours=5,
        venue="東京都内のホール",
        capacity=300,
        summary="「AIガバナンスナビ」自己診断結果の報告と、経営・政策の専門家によるパネル討論。",
    )
    _event("external", "活動成果の記者発表会（デモ）", 45, 11, hours=1)

    past = _event(
        "all_hands",
        "AIGA Monthly All-Hands（先月・デモ）",
        -30,
        16,
        report="活動報告、新規会員2社の自己紹介、ニュースの共有、会員事例紹介を実施しました。",
        **online,
    )
    _slides(past, "活動報告スライド")
    if other is not None:
        closed = _event(
            "commons",
            "AIGコモンズ：招待企業のみの会（デモ）",
            -20,
            14,
            audience="invited",
            invited=[other],
        )
        _slides(closed, "議論のまとめ")

    user = User.objects.filter(email="member-bank@example.jp").first()
    if user is not None:
        now = timezone.now()
        for event, agreed in ((all_hands, None), (commons, now)):
            Registration.objects.get_or_create(
                event=event,
                user=user,
                defaults={
                    "contact": user.contact,
                    "organisation": user.contact.organisation,
                    "ground_rule_agreed_at": agreed,
                },
            )
    _places_and_attendance(bank, startup, past)
    if not all_hands.introductions.exists():
        agenda_fill(event=all_hands, actor=None)  # the members issued since last month's
    return [
        "events: /events/ (public), /portal/events/ (members), /admin/events/event/",
        "events: the reception /secretariat/events/<id>/checkin/ and the All-Hands' agenda "
        "(the admin's event page links them), /secretariat/events/engagement/",
    ]


def _register(event, contact, **fields):
    registration = Registration.objects.filter(event=event, contact=contact).first()
    if registration is None:
        registration = Registration.objects.create(
            event=event,
            contact=contact,
            user=contact.user,
            organisation=contact.organisation,
            email_confirmed_at=timezone.now(),
            **fields,
        )
    return registration


def _guest(event, name, organisation_name, email, **fields):
    if not Registration.objects.filter(event=event, email=email).exists():
        Registration.objects.create(
            event=event,
            name=name,
            organisation_name=organisation_name,
            email=email,
            email_confirmed_at=timezone.now(),
            **fields,
        )


def _places_and_attendance(bank, startup, past):
    """A Spotlight that is full with someone waiting, guests and the press for the
    symposium, and last month's All-Hands with who came, who did not and a walk-in."""
    now = timezone.now()
    bank_people = list(bank.contacts.filter(is_active=True).exclude(email="").order_by("pk"))
    startup_people = list(startup.contacts.filter(is_active=True).exclude(email="").order_by("pk"))
    spotlight = Event.objects.filter(title="AIエージェントの安全性評価の最前線").first()
    if spotlight is not None and bank_people and startup_people:
        spotlight.capacity = 2
        spotlight.per_organisation_limit = 3
        spotlight.save(update_fields=["capacity", "per_organisation_limit"])
        for contact in bank_people[:2]:
            _register(spotlight, contact)
        _register(spotlight, startup_people[0], status="waitlisted", waitlisted_at=now)
    symposium = Event.objects.filter(title="年次シンポジウム2027（デモ）").first()
    if symposium is not None:
        symposium.press_requires_approval = True
        symposium.save(update_fields=["press_requires_approval"])
        _guest(symposium, "中村 由美", "架空省 AI政策室", "nakamura@gov.example.jp",
               category="government")  # fmt: skip
        _guest(symposium, "高橋 健", "架空経済新聞", "takahashi@press.example.jp",
               category="press", status="awaiting_approval")  # fmt: skip
        _guest(symposium, "小林 彩", "個人", "kobayashi@example.com", category="guest")
        for contact in bank_people[:1]:
            _register(symposium, contact)
    for index, contact in enumerate(bank_people[:3] + startup_people[:1]):
        attendance = "no_show" if index == 2 else "attended"
        _register(past, contact, attendance=attendance,
                  checked_in_at=now if attendance == "attended" else None)  # fmt: skip
    _guest(past, "渡辺 翔", "架空大学", "watanabe@univ.example.jp", category="guest",
           is_walk_in=True, attendance="attended", checked_in_at=now)  # fmt: skip
