"""The invoice, estimate and credit-note documents as a member's 経理部 reads them (issue 19,
items 2–6): the tier on each fee line and the half in the subject, the qualified-invoice
statement only where tax is charged, a cancellation without minus amounts, addresses that
break between their parts only, and the emphasis IPAex can give."""

import datetime
import io

import pytest
from pypdf import PdfReader

from billing.fees import REGULAR, SMB, FeeQuote
from billing.fiscal import Half
from billing.pdf import address_chunks, addressee_chunks
from billing.services import invoices as invoicing
from tests.billing.invoice_helpers import DUES_LINES, EVENT_LINE, issue
from tests.helpers import pdf_text


def _quote(tier, half, fiscal_year, admission_fee, annual_fee):
    return FeeQuote(
        tier=tier,
        half=half,
        fiscal_year=fiscal_year,
        admission_date=datetime.date(fiscal_year, 12, 15),
        date_basis="given",
        admission_fee=admission_fee,
        annual_fee=annual_fee,
        total=admission_fee + annual_fee,
        reasons=(),
    )


# ------------------------------------------------------------------ item 3: tier and half


@pytest.mark.parametrize(
    "tier, half, expected",
    [
        (
            SMB,
            Half.FIRST,
            [
                "入会費（正会員・SMB・スタートアップ枠）",
                "年会費（正会員・SMB・スタートアップ枠、2026年10月1日～2027年9月30日）",
            ],
        ),
        (
            REGULAR,
            Half.SECOND,
            [
                "入会費（正会員・通常枠）",
                "年会費（正会員・通常枠、2027年4月1日～2027年9月30日）",
            ],
        ),
    ],
)
def test_each_fee_line_names_the_tier(tier, half, expected):
    lines = invoicing.lines_for_quote(_quote(tier, half, 2026, 50_000, 100_000))
    assert [line["description"] for line in lines] == expected


@pytest.mark.parametrize(
    "half, with_admission_fee, expected",
    [
        (Half.FIRST, True, "2026年度 入会費・年会費（上期入会）"),
        (Half.SECOND, True, "2026年度 入会費・年会費（下期入会）"),
        (Half.FIRST, False, "2026年度 年会費（上期入会）"),
        (None, True, "2026年度 入会費・年会費"),
    ],
)
def test_the_subject_says_which_half_the_member_joined_in(half, with_admission_fee, expected):
    assert (
        invoicing.fee_invoice_subject(2026, half=half, with_admission_fee=with_admission_fee)
        == expected
    )


def test_a_cancellation_of_a_subject_in_parentheses_takes_the_word_inside():
    assert (
        invoicing.credit_note_subject("2026年度 入会費・年会費（上期入会）")
        == "2026年度 入会費・年会費（上期入会・取消）"
    )
    assert invoicing.credit_note_subject("研修会 参加費") == "研修会 参加費（取消）"


@pytest.mark.django_db
def test_the_invoice_pdf_prints_the_tier_and_the_half(issuer, organisation):
    quote = _quote(SMB, Half.FIRST, 2026, 50_000, 100_000)
    invoice = invoicing.invoice_issue_new(
        organisation=organisation,
        lines=invoicing.lines_for_quote(quote),
        subject=invoicing.fee_invoice_subject(2026, half=Half.FIRST),
        issue_date=datetime.date(2026, 12, 16),
        actor=None,
    )
    content = invoicing.invoice_render_pdf(invoice_id=invoice.pk).pdf.read()
    text = pdf_text(content)
    assert "件名：2026年度入会費・年会費（上期入会）" in text
    assert "入会費（正会員・SMB・スタートアップ枠）" in text
    assert "年会費（正会員・SMB・スタートアップ枠、2026年10月1日" in text
    # The long line wraps, but not inside a date.
    lines = _lines(content)
    assert any("2026年10月1日" in line for line in lines)
    assert any("2027年9月30日" in line for line in lines)


def test_a_date_in_a_line_never_breaks():
    from billing.pdf import nowrap_dates

    assert nowrap_dates("年会費（A&B、2026年10月1日～2027年9月30日）") == (
        '年会費（A&amp;B、<span class="nowrap">2026年10月1日</span>～'
        '<span class="nowrap">2027年9月30日</span>）'
    )


# ------------------------------------------------- item 4: qualified statement, cancellation


@pytest.mark.django_db
def test_an_invoice_of_fees_only_is_not_called_a_qualified_invoice(issuer, organisation):
    invoice = issue(organisation)  # 不課税 lines only, the issuer registered
    text = pdf_text(invoicing.invoice_render_pdf(invoice_id=invoice.pk).pdf.read())
    assert "適格請求書" not in text
    assert text.count("T1234567890123") == 1


@pytest.mark.django_db
def test_an_invoice_with_a_taxable_line_is_a_qualified_invoice(issuer, organisation):
    invoice = issue(organisation, lines=[*DUES_LINES, EVENT_LINE])
    text = pdf_text(invoicing.invoice_render_pdf(invoice_id=invoice.pk).pdf.read())
    assert "本書は適格請求書です" in text
    assert text.count("T1234567890123") == 1


@pytest.mark.django_db
def test_a_correction_is_a_cancellation_and_a_corrected_invoice(issuer, organisation):
    original = issue(organisation, lines=[*DUES_LINES, EVENT_LINE])
    credit, replacement = invoicing.invoice_cancel(
        invoice=original,
        actor=None,
        reason="参加人数の誤り",
        issue_date=datetime.date(2026, 4, 20),
        replacement_lines=[*DUES_LINES, {**EVENT_LINE, "quantity": 2}],
    )
    credit_text = pdf_text(invoicing.invoice_render_pdf(invoice_id=credit.pk).pdf.read())
    # 350,000 of fees and 9,999 + 999 tax cancelled.
    assert "取消金額¥360,998" in credit_text
    assert "-¥" not in credit_text and "−¥" not in credit_text
    assert "適格返還請求書" not in credit_text
    assert "取消理由：参加人数の誤り" in credit_text
    replacement_text = pdf_text(invoicing.invoice_render_pdf(invoice_id=replacement.pk).pdf.read())
    assert "本書は修正した適格請求書です" in replacement_text


@pytest.mark.django_db
def test_a_corrected_invoice_of_fees_only_is_not_called_qualified(issuer, organisation):
    original = issue(organisation)
    _credit, replacement = invoicing.invoice_cancel(
        invoice=original,
        actor=None,
        reason="区分誤り",
        issue_date=datetime.date(2026, 4, 20),
        replacement_lines=[{**DUES_LINES[0], "unit_price": 50_000}],
    )
    text = pdf_text(invoicing.invoice_render_pdf(invoice_id=replacement.pk).pdf.read())
    assert "適格請求書" not in text


# ------------------------------------------------------- item 2: breaking lines, emphasis


@pytest.mark.parametrize(
    "postal_code, address, expected",
    [
        (
            "104-0061",
            "東京都中央区銀座1-12-4 N&E BLD. 7階",
            ["〒104-0061", "東京都中央区銀座1-12-4", "N&E BLD. 7階"],
        ),
        (
            "104-0061",
            "東京都中央区銀座1-12-4N&E BLD.7階",
            ["〒104-0061", "東京都中央区銀座1-12-4", "N&E BLD.7階"],
        ),
        ("", "東京都中央区銀座1-12-4", ["東京都中央区銀座1-12-4"]),
        (
            "100-0005",
            "東京都千代田区丸の内一丁目1番1号 丸の内ビル3階",
            ["〒100-0005", "東京都千代田区丸の内一丁目1番1号", "丸の内ビル3階"],
        ),
    ],
)
def test_an_address_breaks_only_between_its_parts(postal_code, address, expected):
    assert address_chunks(postal_code, address) == expected


def _kept(pieces):
    return [piece["text"] for piece in pieces if piece["keep"]]


def test_the_honorific_stays_with_the_person_s_name():
    pieces = addressee_chunks("みらいAIラボ株式会社 経理部 佐藤 花子 様", "佐藤 花子")
    assert [piece["text"] for piece in pieces] == ["みらいAIラボ株式会社", "経理部", "佐藤 花子 様"]
    assert all(piece["keep"] for piece in pieces)


def test_gochu_stays_with_the_end_of_a_long_company_name():
    pieces = addressee_chunks("グローバル・エンタープライズ・ソリューションズ株式会社 御中")
    assert "".join(p["text"] if not p["space"] else " " + p["text"] for p in pieces) == (
        "グローバル・エンタープライズ・ソリューションズ株式会社 御中"
    )
    assert _kept(pieces) == ["株式会社 御中"]


def _lines(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [
        line.replace(" ", "") for page in reader.pages for line in page.extract_text().splitlines()
    ]


def _sizes(content: bytes) -> dict[str, float]:
    """The largest font size each piece of text is drawn at (its size times the text
    matrix's scale), as the reader sees it."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font_dict, font_size):
        text = text.strip().replace(" ", "")
        if text:
            size = abs(font_size * tm[3] * cm[3])
            sizes[text] = max(sizes.get(text, 0), size)

    for page in PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.fixture
def long_names(issuer):
    from django.conf import settings

    from tests.factories import ContactFactory, OrganisationFactory

    issuer.postal_code = settings.ASSOCIATION["postal_code"]
    issuer.address = "東京都中央区銀座1-12-4 N&E BLD. 7階"
    issuer.save()
    org = OrganisationFactory(
        legal_name="グローバル・エンタープライズ・ソリューションズ株式会社",
        member_number="AIGA-0902",
    )
    ContactFactory(
        organisation=org,
        family_name="佐藤",
        given_name="花子",
        department="経営企画本部 経理部",
        email="keiri@global.example.jp",
        is_billing_contact=True,
    )
    return org


@pytest.mark.django_db
def test_the_pdf_breaks_no_address_token_and_no_honorific(long_names):
    invoice = issue(long_names)
    lines = _lines(invoicing.invoice_render_pdf(invoice_id=invoice.pk).pdf.read())
    assert "〒" not in lines  # never alone on a line
    assert any("N&EBLD.7階" in line for line in lines)
    assert not any(line.startswith("様") or line.startswith("階") for line in lines)
    assert any(line.endswith("佐藤花子様") for line in lines)


@pytest.mark.django_db
def test_the_due_date_and_the_total_stand_out_by_size(issuer, organisation):
    invoice = issue(organisation)
    sizes = _sizes(invoicing.invoice_render_pdf(invoice_id=invoice.pk).pdf.read())
    body = sizes["下記のとおりご請求申し上げます。"]
    due = next(size for text, size in sizes.items() if "2026年5月29日" in text)
    grand = max(size for text, size in sizes.items() if "¥350,000" in text)
    assert due > body * 1.2
    assert grand > body * 1.5


# ------------------------------------------- item 5: what a large 経理部 asks of an invoice


@pytest.fixture
def keiri_wishes(organisation):
    contact = organisation.contacts.get(is_billing_contact=True)
    contact.invoice_postal_address = "〒100-0005\n東京都千代田区丸の内1-1-1 丸の内ビル 経理部"
    contact.paper_invoice_required = True
    contact.purchase_order_number = "PO-2026-00123"
    contact.save()
    return contact


@pytest.mark.django_db
def test_the_invoice_keeps_and_prints_the_addressee_s_wishes(issuer, organisation, keiri_wishes):
    invoice = issue(organisation)
    assert invoice.purchase_order_number == "PO-2026-00123"
    assert invoice.paper_required is True
    assert invoice.postal_address.startswith("〒100-0005")
    # Kept as issued: a later change of the contact changes no issued invoice.
    keiri_wishes.purchase_order_number = "PO-2027-00001"
    keiri_wishes.save()
    invoice.refresh_from_db()
    assert invoice.purchase_order_number == "PO-2026-00123"

    text = pdf_text(invoicing.invoice_render_pdf(invoice_id=invoice.pk).pdf.read())
    assert "貴社発注番号：PO-2026-00123" in text
    assert "〒100-0005東京都千代田区丸の内1-1-1丸の内ビル経理部" in text
    assert "本請求書の原本は、ご指定の送付先へ郵送いたします" in text


@pytest.mark.django_db
def test_without_wishes_the_invoice_prints_none_of_them(issuer, organisation):
    invoice = issue(organisation)
    assert (invoice.purchase_order_number, invoice.postal_address) == ("", "")
    assert invoice.paper_required is False
    text = pdf_text(invoicing.invoice_render_pdf(invoice_id=invoice.pk).pdf.read())
    assert "発注番号" not in text
    assert "郵送" not in text


@pytest.mark.django_db
def test_the_wishes_are_edited_on_the_contact_in_the_admin(client, organisation):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    contact = organisation.contacts.get(is_billing_contact=True)
    page = client.get(f"/admin/members/contact/{contact.pk}/change/").content.decode()
    for field in ("invoice_postal_address", "paper_invoice_required", "purchase_order_number"):
        assert f'name="{field}"' in page, field
    # And on the organisation's page, where the secretariat keeps its contacts.
    page = client.get(f"/admin/members/organisation/{organisation.pk}/change/").content.decode()
    for field in ("invoice_postal_address", "paper_invoice_required", "purchase_order_number"):
        assert f'name="contacts-0-{field}"' in page, field
