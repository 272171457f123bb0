"""Foundation demo data: staff of every role, member companies of both tiers, an expert.

All companies and people are fictional.
"""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from aiga.pdf import render_pdf
from members import roles
from members.models import (
    ChangeNotice,
    Contact,
    Industry,
    MemberListing,
    Membership,
    Organisation,
    OrganisationDocument,
    User,
)
from members.services.change_notices import change_notice_submit
from members.services.two_factor import totp_device_install

DEMO_PASSWORD = "aiga-demo-2026"
# The authenticator key of the demo's secretariat and board accounts (README): add it to an
# authenticator app, or print the current code with `manage.py demo_totp`.
DEMO_TOTP_SECRET = "AIGADEMOAIGADEMOAIGADEMOAIGADEMO"
INDUSTRIES = [
    ("銀行業", "Banking"),
    ("保険業", "Insurance"),
    ("情報通信業", "Telecommunications and IT"),
    ("製造業", "Manufacturing"),
    ("AI開発・提供", "AI development"),
    ("コンサルティング・専門サービス", "Consulting and professional services"),
    ("大学・研究機関", "Universities and research"),
    ("その他", "Other"),
]


def _user(email, full_name, groups=()):
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    roles.grant_groups(user, groups)
    return user


def _organisation(corporate_number, **fields):
    if corporate_number:
        org, _ = Organisation.objects.get_or_create(
            corporate_number=corporate_number, defaults=fields
        )
    else:
        org, _ = Organisation.objects.get_or_create(
            legal_name=fields["legal_name"], kind=fields.get("kind"), defaults=fields
        )
    return org


def _contact(org, email, family, given, family_kana, given_kana, user=None, **roles_and_fields):
    contact, _ = Contact.objects.get_or_create(
        organisation=org,
        email=email,
        defaults={
            "family_name": family,
            "given_name": given,
            "family_name_kana": family_kana,
            "given_name_kana": given_kana,
            "user": user,
            **roles_and_fields,
        },
    )
    return contact


NOTICE_TITLE = "会員登録内容のお知らせ"


def _membership_notice(org, membership):
    """A document the member finds in the portal: the secretariat's notice of its register
    entry, dated the day after joining (a PDF, rendered once)."""
    if OrganisationDocument.objects.filter(organisation=org, title=NOTICE_TITLE).exists():
        return
    pdf = render_pdf(
        "members/demo_membership_notice_pdf.html",
        {
            "organisation": org,
            "membership": membership,
            "issued_on": membership.admission_date + datetime.timedelta(days=1),
            "association": settings.ASSOCIATION,
        },
    )
    document = OrganisationDocument(organisation=org, title=NOTICE_TITLE)
    document.file.save("membership-notice.pdf", ContentFile(pdf), save=True)


def _demo_certificate(org, user):
    from members.models import MembershipCertificate
    from members.services.certificates import certificate_issue

    if not MembershipCertificate.objects.filter(organisation=org).exists():
        certificate_issue(organisation=org, language="ja", actor=user)


def seed(stdout):
    roles.ensure_groups()
    industries = {}
    for order, (name, name_en) in enumerate(INDUSTRIES):
        industries[name], _ = Industry.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "order": order}
        )

    for staff in (
        _user("jimukyoku@example.jp", "事務局 花子", [roles.SECRETARIAT]),
        _user("riji@example.jp", "理事 一郎", [roles.BOARD]),
        _user("jimukyokucho@example.jp", "事務局長 次郎", [roles.BOARD, roles.SECRETARIAT]),
    ):
        if not TOTPDevice.objects.filter(user=staff, confirmed=True).exists():
            totp_device_install(user=staff, secret=DEMO_TOTP_SECRET)

    # A regular-tier member: a fictional bank with large capital.
    bank = _organisation(
        "2010001000005",
        kind=Organisation.Kind.CORPORATE,
        legal_name="株式会社みなと未来銀行",
        legal_name_kana="ミナトミライギンコウ",
        name_en="Minato Mirai Bank, Ltd.",
        postal_code="100-0005",
        prefecture="東京都",
        address="千代田区丸の内9-9-9 みなとビル",
        industry=industries["銀行業"],
        share_capital=120_000_000_000,
        ai_role=Organisation.AIRole.USER,
        member_number="AIGA-0001",
    )
    Membership.objects.get_or_create(
        organisation=bank,
        admission_date=datetime.date(2024, 10, 15),
        defaults={"category": Membership.Category.REGULAR, "issued_at": timezone.now()},
    )
    bank_user = _user("member-bank@example.jp", "青木 真理")
    _contact(
        bank,
        "member-bank@example.jp",
        "青木",
        "真理",
        "アオキ",
        "マリ",
        user=bank_user,
        title="デジタル戦略部長",
        department="デジタル戦略部",
        is_member_representative=True,
        is_practical_contact=True,
        is_navi_respondent=True,
    )
    _contact(
        bank,
        "ceo@minatomirai-bank.example.jp",
        "大森",
        "健一",
        "オオモリ",
        "ケンイチ",
        title="代表取締役社長",
        is_legal_representative=True,
    )
    _contact(
        bank,
        "keiri@minatomirai-bank.example.jp",
        "金子",
        "真理",
        "カネコ",
        "マリ",
        department="経理部",
        is_billing_contact=True,
        cc_emails=["ap@minatomirai-bank.example.jp"],
    )

    # An SMB/startup member.
    startup = _organisation(
        "4010401000008",
        kind=Organisation.Kind.CORPORATE,
        legal_name="ひかりAIラボ株式会社",
        legal_name_kana="ヒカリエーアイラボ",
        name_en="Hikari AI Lab Inc.",
        postal_code="150-0002",
        prefecture="東京都",
        address="渋谷区渋谷8-8-8",
        industry=industries["AI開発・提供"],
        share_capital=30_000_000,
        ai_role=Organisation.AIRole.BOTH,
        member_number="AIGA-0002",
    )
    Membership.objects.get_or_create(
        organisation=startup,
        admission_date=datetime.date(2025, 4, 16),
        defaults={"category": Membership.Category.SMB, "issued_at": timezone.now()},
    )
    startup_user = _user("member-startup@example.jp", "石田 拓海")
    _contact(
        startup,
        "member-startup@example.jp",
        "石田",
        "拓海",
        "イシダ",
        "タクミ",
        user=startup_user,
        title="代表取締役CEO",
        is_legal_representative=True,
        is_member_representative=True,
        is_practical_contact=True,
        is_billing_contact=True,
        is_event_participant=True,
    )

    # An expert member: the individual behind the membership.
    expert_org = _organisation(
        "",
        kind=Organisation.Kind.INDIVIDUAL,
        legal_name="森本 さくら",
        legal_name_kana="モリモト サクラ",
        name_en="Sakura Morimoto",
        member_number="AIGA-0003",
    )
    Membership.objects.get_or_create(
        organisation=expert_org,
        admission_date=datetime.date(2025, 1, 16),
        defaults={"category": Membership.Category.EXPERT, "issued_at": timezone.now()},
    )
    expert_user = _user("member-expert@example.jp", "森本 さくら")
    _contact(
        expert_org,
        "member-expert@example.jp",
        "森本",
        "さくら",
        "モリモト",
        "サクラ",
        user=expert_user,
        title="弁護士",
        is_member_representative=True,
        is_practical_contact=True,
        is_event_participant=True,
    )

    # Both companies consented to the public members' page; the expert did not.

    for org, site in ((bank, "https://minatomirai-bank.example.jp"), (startup, "")):
        MemberListing.objects.get_or_create(
            organisation=org,
            defaults={
                "display_name": org.legal_name,
                "website": site,
                "is_listed": True,
                "listed_at": timezone.now(),
            },
        )

    # The portal's self-service: the startup raised capital past ¥100m, so its 変更届 waits
    # for the secretariat, flagged as crossing the SMB line.
    _change_notice_demo(startup)

    # Each member with a log-in has a document in the portal (invoices: billing/demo.py).
    for org in (bank, startup, expert_org):
        _membership_notice(org, org.memberships.order_by("admission_date").first())

    # Papers (issue 28): the bank has asked for a membership certificate once.
    _demo_certificate(bank, bank_user)

    return [
        f"password for every demo user: {DEMO_PASSWORD}",
        f"second factor of the secretariat and board users: authenticator key {DEMO_TOTP_SECRET}"
        " (`manage.py demo_totp` prints the current code)",
        "secretariat (事務局)            jimukyoku@example.jp       → /admin/",
        "board (理事)                    riji@example.jp            → /board/",
        "board + secretariat (事務局長)  jimukyokucho@example.jp    → /accounts/roles/",
        "member, regular tier (通常枠)   member-bank@example.jp     → /portal/",
        "member, SMB tier (SMB枠)        member-startup@example.jp  → /portal/",
        "member, expert (有識者会員)     member-expert@example.jp   → /portal/",
        "self-service: /portal/profile/ (変更届, 担当者, ロゴ, 個人設定); the startup's "
        "変更届 waits in /admin/members/changenotice/",
    ]


def _change_notice_demo(organisation):
    if ChangeNotice.objects.filter(organisation=organisation).exists():
        return
    contact = organisation.contacts.filter(is_member_representative=True).first()
    change_notice_submit(
        organisation=organisation,
        actor=contact.user,
        values={"share_capital": 150_000_000},
        member_note="第三者割当増資により資本金が増加しました。",
    )
