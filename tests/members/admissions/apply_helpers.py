"""Shared set-up for the application tests: a valid form as a person would type it."""

import re

from stdnum.jp import cn

from members.admissions.models import AgreementDocument
from members.models import Industry, Officer


def corporate_number(base: str = "701040108999") -> str:
    base = base[-12:]
    return cn.calc_check_digit(base) + base


def form_data(**overrides) -> dict:
    industry = Industry.objects.get_or_create(name="情報通信業")[0]
    data = {
        "category": "corporate",
        "legal_name": "架空テクノロジー株式会社",
        "legal_name_kana": "かくうてくのろじー",  # hiragana, converted
        "name_en": "Kakuu Technology Inc.",
        "corporate_number": corporate_number(),
        "postal_code": "〒１０４－００６１",
        "prefecture": "",
        "city": "",
        "address_line": "",
        "website": "example.jp",
        "capital_kind": "plain",
        "share_capital": "５０，０００，０００",
        "parent_name": "",
        "parent_ratio": "",
        "industry": str(industry.pk),
        "ai_role": "both",
        "legal_family_name": "青山",
        "legal_given_name": "次郎",
        "legal_title": "代表取締役",
        "rep_family_name": "緑川",
        "rep_given_name": "花子",
        "rep_family_name_kana": "ﾐﾄﾞﾘｶﾜ",
        "rep_given_name_kana": "はなこ",
        "rep_title": "CTO",
        "rep_department": "技術本部",
        "rep_email": "hanako＠example.jp",
        "rep_phone": "０３－１２３４－５６７８",
        "prac_same": "on",
        "bill_same": "other",
        "bill_department": "経理部",
        "bill_family_name": "白石",
        "bill_given_name": "三郎",
        "bill_email": "billing@example.jp",
        "bill_cc": "cc1@example.jp, cc2@example.jp",
        "mailing_list_emails": "hanako@example.jp\nteam@example.jp",
        "list_publicly": "on",
        "applicant_name": "緑川 花子",
        "applicant_title": "CTO",
        "applicant_email": "hanako@example.jp",
        "authorised": "on",
        "action": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def expert_data(**overrides) -> dict:
    officer = Officer.objects.filter(is_active=True).first()
    data = {
        "category": "expert",
        "legal_name": "架空大学",
        "recommender": str(officer.pk),
        "expert_profile": "AI倫理の研究者です。",
        "rep_family_name": "黒田",
        "rep_given_name": "直子",
        "rep_family_name_kana": "くろだ",
        "rep_given_name_kana": "なおこ",
        "rep_email": "naoko@example.ac.jp",
        "rep_phone": "090-1234-5678",
        "applicant_name": "黒田 直子",
        "applicant_email": "naoko@example.ac.jp",
        "authorised": "on",
        "action": "submit",
    }
    data.update(overrides)
    return data


def agree(client, name="緑川 花子"):
    response = client.get("/apply/")
    ids = re.findall(r'name="(doc_\d+)"', response.content.decode())
    assert len(ids) == AgreementDocument.Kind.values.__len__()
    response = client.post("/apply/", {**{i: "on" for i in ids}, "agreed_by_name": name})
    assert response.status_code == 302 and response["Location"] == "/apply/form/"
    return response


ERROR = r'<(?:p|span) id="error_\d+_id_{field}"><strong>([^<]+)</strong>'


def errors(response) -> list[str]:
    """Every field error on the page (crispy-forms puts each under its field)."""
    return re.findall(ERROR.format(field=r"\w+"), response.content.decode())


def field_error(response, field: str) -> str:
    """The first error shown under one field ("" when none); the field must be on the page."""
    html = response.content.decode()
    assert f'id="id_{field}' in html, f"field {field} not on the page"
    found = re.findall(ERROR.format(field=re.escape(field)), html)
    return found[0] if found else ""
