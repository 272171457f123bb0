import datetime
import io

import pytest
from pypdf import PdfReader

from billing.pdf import FONT_POSTSCRIPT_NAME
from billing.services import invoices as invoicing
from tests.billing.invoice_helpers import DUES_LINES, EVENT_LINE, issue

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    return text.replace(" ", "").replace("\n", "")


def _fonts(content: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(content))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def rendered(issuer, organisation):
    invoice = issue(organisation, lines=[*DUES_LINES, EVENT_LINE])
    return invoicing.invoice_render_pdf(invoice_id=invoice.pk)


def test_pdf_contains_the_japanese_lines_and_amounts(rendered):
    content = rendered.pdf.read()
    assert content.startswith(b"%PDF")
    text = _text(content)
    for expected in [
        "請求書",
        "AIGA-2025-0001",
        "みらいAIラボ株式会社経理部佐藤花子様",
        "会員番号：AIGA-0901",
        "2025年度入会費・年会費",
        "2026年4月15日",
        "2026年5月29日",
        "入会費",
        "年会費（2026年4月1日～2026年9月30日）",
        "¥360,998",
        "¥100,000",
        "¥999",
        "T1234567890123",
        "振込手数料は貴社にてご負担ください",
        "お振込の際はご依頼人名の前に会員番号をご記入ください",
        "消費税法基本通達5-5-3",
        "不課税",
    ]:
        assert expected in text, expected


def test_pdf_embeds_the_shipped_font(rendered):
    fonts = _fonts(rendered.pdf.read())
    assert fonts, "no font in the PDF"
    assert all(name.split("+")[-1] == FONT_POSTSCRIPT_NAME for name in fonts), fonts


def test_pdf_is_stored_once_with_its_sha256(rendered):
    import hashlib

    first = rendered.pdf.read()
    assert rendered.pdf_sha256 == hashlib.sha256(first).hexdigest()
    again = invoicing.invoice_render_pdf(invoice_id=rendered.pk)
    assert again.pdf.name == rendered.pdf.name
    assert again.pdf.read() == first


def test_admin_download_gives_the_same_bytes(client, rendered):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(f"/admin/billing/invoice/{rendered.pk}/pdf/?dl=1")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == rendered.pdf.read()
    client.logout()
    assert client.get(f"/admin/billing/invoice/{rendered.pk}/pdf/").status_code == 302


def test_dues_only_invoice_without_registration_is_not_presented_as_qualified(organisation):
    invoice = issue(organisation)
    invoice = invoicing.invoice_render_pdf(invoice_id=invoice.pk)
    text = _text(invoice.pdf.read())
    assert "適格請求書" not in text
    assert "登録番号" not in text
    assert "消費税法基本通達5-5-3" in text


def test_credit_note_pdf_is_titled_as_cancellation(issuer, organisation):
    original = issue(organisation)
    credit, replacement = invoicing.invoice_cancel(
        invoice=original,
        actor=None,
        reason="区分誤り",
        issue_date=datetime.date(2026, 4, 20),
        replacement_lines=[{**DUES_LINES[0], "unit_price": 50_000}],
    )
    text = _text(invoicing.invoice_render_pdf(invoice_id=credit.pk).pdf.read())
    assert "請求取消通知書" in text
    assert "AIGA-CN-2025-0001" in text
    assert "AIGA-2025-0001を下記のとおり取り消します" in text
    assert "取消金額¥350,000" in text
    assert "-¥" not in text  # a cancellation prints what it cancels, not minus amounts
    assert "適格返還請求書" not in text
    assert "AIGA-2025-0002" in text  # names the replacement
    replacement_text = _text(invoicing.invoice_render_pdf(invoice_id=replacement.pk).pdf.read())
    assert "請求書番号AIGA-2025-0001に代わるものです" in replacement_text


def test_transfer_reference_is_the_invoice_number_before_a_member_number_exists():
    from types import SimpleNamespace

    from billing.pdf import invoice_notes

    issuer = {
        "invoice_notes": "振込手数料は貴社にてご負担ください。\n"
        "お振込の際はご依頼人名の前に会員番号をご記入ください。"
    }
    new = SimpleNamespace(member_number="", number="AIGA-2026-0007")
    assert invoice_notes(new, issuer)[1] == (
        "お振込の際はご依頼人名の前に請求書番号（AIGA-2026-0007）をご記入ください。"
    )
    member = SimpleNamespace(member_number="AIGA-0012", number="AIGA-2026-0008")
    assert (
        invoice_notes(member, issuer)[1] == "お振込の際はご依頼人名の前に会員番号をご記入ください。"
    )
