"""Demo applications (fictional companies): drafts and submitted ones of each category.

Idempotent: each application is found by its applicant e-mail address. Register as
"members.seed_applications" in members/management/commands/seed_demo.py SEEDERS.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from stdnum.jp import cn

from members.application_selectors import current_documents
from members.application_services import ConsentInput, application_save_draft, application_submit
from members.applications import Application, Officer
from members.models import Industry


def _cn(base: str) -> str:
    return cn.calc_check_digit(base) + base


def _company(name, kana, number, capital, email, **extra):
    industry = Industry.objects.get_or_create(name="情報通信業")[0]
    data = {
        "category": "corporate",
        "legal_name": name,
        "legal_name_kana": kana,
        "name_en": "",
        "corporate_number": number,
        "postal_code": "104-0061",
        "prefecture": "東京都",
        "city": "中央区",
        "address_line": "銀座9-9-9 架空ビル",
        "website": "https://example.jp",
        "capital_kind": "plain",
        "share_capital": capital,
        "has_parent": False,
        "industry": industry,
        "ai_role": "both",
        "mailing_list_emails": [email],
        "list_publicly": True,
        "applicant_name": "見本 太郎",
        "applicant_title": "部長",
        "applicant_email": email,
        "authorised": True,
    }
    data.update(extra)
    contacts = [
        {"family_name": "見本", "given_name": "一郎", "title": "代表取締役",
         "is_legal_representative": True},
        {"family_name": "見本", "given_name": "太郎", "family_name_kana": "ミホン",
         "given_name_kana": "タロウ", "email": email, "phone": "03-0000-0000", "title": "部長",
         "is_member_representative": True, "is_practical_contact": True,
         "is_billing_contact": True, "cc_emails": []},
    ]  # fmt: skip
    return data, contacts


def _expert(name, kana_family, kana_given, email):
    family, given = name.split(" ")
    data = {
        "category": "expert",
        "legal_name": "架空大学",
        "recommender": Officer.objects.filter(is_active=True).first(),
        "expert_profile": "AIガバナンスの研究者（架空の人物）",
        "applicant_name": name,
        "applicant_email": email,
        "authorised": True,
        "mailing_list_emails": [email],
    }
    contacts = [
        {"family_name": family, "given_name": given, "family_name_kana": kana_family,
         "given_name_kana": kana_given, "email": email, "phone": "090-0000-0000",
         "is_member_representative": True},
    ]  # fmt: skip
    return data, contacts


def seed(stdout) -> list[str]:
    consent = ConsentInput(
        document_ids=[d.pk for d in current_documents()],
        agreed_by_name="見本 太郎",
        agreed_at=timezone.now() - datetime.timedelta(days=3),
    )
    plans = [
        ("draft", _company("架空下書商事株式会社", "カクウシタガキショウジ", _cn("900000000001"),
                           30_000_000, "draft-corp@example.jp")),
        ("submit", _company("架空システムズ株式会社", "カクウシステムズ", _cn("900000000002"),
                            500_000_000, "apply-regular@example.jp")),
        ("submit", _company("架空スタートアップ株式会社", "カクウスタートアップ",
                            _cn("900000000003"), 10_000_000, "apply-smb@example.jp")),
        ("draft", _expert("見本 花子", "ミホン", "ハナコ", "draft-expert@example.jp")),
        ("submit", _expert("試験 次郎", "シケン", "ジロウ", "apply-expert@example.jp")),
    ]  # fmt: skip
    created = 0
    for how, (data, contacts) in plans:
        if Application.objects.filter(applicant_email=data["applicant_email"]).exists():
            continue
        if how == "draft":
            application_save_draft(
                application_id=None, data=data, contacts=contacts, consent=consent
            )
        else:
            application_submit(application_id=None, data=data, contacts=contacts, consent=consent)
        created += 1
    stdout.write(f"Applications: {created} created (drafts and submitted, both categories).")
    return []
