"""Documents are written in their own language whoever causes them, and e-mails in the
recipient's: a director, a secretary or a visitor browsing in English must not freeze English
into an immutable Japanese invoice, credit note or estimate (issue 10)."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from aiga.models import OutboxMessage
from billing.models import Invoice
from billing.selectors import quote_for
from billing.services import estimates
from billing.services import invoices as invoicing
from members.admissions.models import ApplicationContact
from tests.helpers import pdf_text
from tests.members.admissions.board_helpers import secretariat
from tests.members.admissions.onboarding_helpers import decide

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 12)
ENGLISH_WORDS = ("Admission", "Annual", "fee", "Ordinary", "Invoice", "cancel", "Member")


def _english_free(text: str) -> None:
    for word in ENGLISH_WORDS:
        assert word not in text, word


def _approved_in_english(capture, **fields):
    with translation.override("en"), capture(execute=True):
        application, _meeting = decide(MARCH, **fields)
    application.refresh_from_db()
    return application, Invoice.objects.get(application=application)


def test_an_english_speaking_director_approves_and_the_invoice_is_japanese(
    django_capture_on_commit_callbacks,
):
    application, invoice = _approved_in_english(django_capture_on_commit_callbacks)
    assert invoice.subject == "2025年度 入会費・年会費（上期入会）"
    assert [line.description for line in invoice.lines.all()] == [
        "入会費（正会員・通常枠）",
        "年会費（正会員・通常枠、2025年10月1日～2026年9月30日）",
    ]
    assert invoice.issuer["account_type"] == "普通"
    text = pdf_text(invoice.pdf.read())
    assert "請求書" in text and "入会費" in text and "2025年10月1日～2026年9月30日" in text
    assert "普通" in text
    _english_free(text)


def test_the_approval_e_mail_follows_the_applicant_s_language_not_the_director_s(
    django_capture_on_commit_callbacks,
):
    _application, invoice = _approved_in_english(django_capture_on_commit_callbacks)
    (approval,) = [m for m in mail.outbox if "入会審査結果" in m.subject]
    japanese, english = approval.body.split("English follows")
    assert "入会日: 2026年3月12日" in japanese
    assert "会員種別: 正会員（通常枠）" in japanese
    assert "・入会費（正会員・通常枠） 100,000円" in japanese
    assert "ご請求金額: 600,000円（不課税）" in japanese
    assert "12 March" not in japanese and "¥" not in japanese
    assert "Admission date: 12 March 2026" in english
    assert "(¥600,000, due" in english
    assert "年" not in english.split("Admission date:")[1].split("\n")[0]
    message = OutboxMessage.objects.get(purpose="application_approved")
    assert message.context["admission_date"] == "2026-03-12"
    assert message.context["category"] == "regular"
    assert message.attachments[0]["filename"] == invoice.pdf_filename


def test_an_applicant_who_chose_english_gets_english_only(django_capture_on_commit_callbacks):
    with translation.override("ja"), django_capture_on_commit_callbacks(execute=True):
        decide(MARCH, language="en")
    (approval,) = [m for m in mail.outbox if "approved" in m.subject]
    assert "English follows" not in approval.body
    assert "Admission date: 12 March 2026" in approval.body
    assert "Category: Regular member (standard tier)" in approval.body
    assert "入会日" not in approval.body


def test_cancel_and_replace_in_english_gives_japanese_documents(django_capture_on_commit_callbacks):
    _application, invoice = _approved_in_english(django_capture_on_commit_callbacks)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        credit, replacement = invoicing.invoice_cancel(
            invoice=invoice,
            actor=secretariat(),
            reason="請求先の誤り",
            replacement_lines=invoicing.lines_for_quote(
                quote_for(category="corporate", capital=300_000_000, admission_date=MARCH)
            ),
        )
    credit.refresh_from_db()
    replacement.refresh_from_db()
    assert credit.subject == "2025年度 入会費・年会費（上期入会・取消）"
    assert [line.description for line in replacement.lines.all()] == [
        "入会費（正会員・通常枠）",
        "年会費（正会員・通常枠、2025年10月1日～2026年9月30日）",
    ]
    texts = {document.number: pdf_text(document.pdf.read()) for document in (credit, replacement)}
    for text in texts.values():
        _english_free(text)
    assert "取消通知書" in texts[credit.number]
    assert "請求書" in texts[replacement.number]


def test_an_estimate_made_in_english_is_japanese():
    quote = quote_for(category="corporate", capital=50_000_000, admission_date=MARCH)
    with translation.override("en"):
        estimate = estimates.estimate_create(
            quote=quote, addressee="株式会社サンプル", actor=secretariat()
        )
    assert estimate.subject == "2025年度 入会費・年会費（上期入会）"
    assert estimate.assumption.startswith("会員区分：正会員（SMB・スタートアップ枠）")
    assert [line["description"] for line in estimate.lines][0] == (
        "入会費（正会員・SMB・スタートアップ枠）"
    )
    text = pdf_text(estimate.pdf.read())
    assert "御見積書" in text and "入会費" in text
    _english_free(text)


def test_the_applicant_s_copy_is_written_in_each_part_s_language(
    django_capture_on_commit_callbacks,
):
    """The submission summary is stored as raw values and written out per language."""
    from aiga.mail import render_message
    from members.admissions.services.applications import application_summary
    from tests.members.admissions.board_helpers import ApplicationFactory

    application = ApplicationFactory(share_capital=50_000_000, quoted_tier="smb")
    ApplicationContact.objects.filter(application=application).update(is_billing_contact=True)
    with translation.override("en"):
        summary = application_summary(application)
    assert summary["capital_kind"] == "plain" and summary["share_capital"] == 50_000_000
    _subject, body = render_message(
        "application_received",
        {
            "addressee": "x 様",
            "reference": "R",
            "name": "n",
            "category": "corporate",
            "summary": summary,
            "is_expert": False,
        },
    )
    japanese, english = body.split("English follows")
    assert "資本金：50,000,000円" in japanese
    assert "会費の目安：正会員（SMB・スタートアップ枠） 600,000円" in japanese
    assert "会員代表者・実務担当・請求書宛先：申込 太郎" in japanese
    assert "Capital: ¥50,000,000" in english
    assert "資本金" not in english and "：" not in english
