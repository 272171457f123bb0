"""The board pack (入会申込者一覧): PDF text and Excel cells."""

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from members.admissions.board_pack import board_pack_pdf, board_pack_xlsx
from tests.members.admissions.board_helpers import MeetingFactory, put_on_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    apps = put_on_agenda(meeting, n=2)
    apps[1].has_parent = True
    apps[1].parent_name = "架空ホールディングス株式会社"
    apps[1].parent_ratio = 60
    apps[1].save()
    return meeting, apps


def test_excel_pack_lists_each_application(agenda):
    meeting, apps = agenda
    ws = load_workbook(BytesIO(board_pack_xlsx(meeting_id=meeting.pk))).active
    assert ws.title == "入会申込者一覧"
    assert ws["A1"].value.endswith("新規入会承認の件")
    assert "2026-03-12" not in ws["A1"].value and "2026年3月12日" in ws["A2"].value
    assert "理事会資料・取扱注意" in ws["A2"].value
    headers = [c.value for c in ws[3]]
    assert headers[:3] == ["議案", "受付番号", "法人名・氏名"] and headers[-1] == "決議"
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    col = {name: headers.index(name) for name in headers}
    assert [r[col["法人名・氏名"]] for r in rows] == [a.legal_name for a in apps]
    assert rows[0][col["資本金（円）"]] == 300_000_000
    assert "反社チェック: 問題なし" in rows[0][col["事務局の確認結果"]]
    assert rows[1][col["親会社（出資比率）"]] == "架空ホールディングス株式会社（60%）"
    assert isinstance(rows[0][col["会費（円）"]], int) and rows[0][col["会費（円）"]] > 0
    # 会員種別 and 会員区分 in the association's own words (members.choices).
    assert rows[0][col["会員種別・区分"]] == "正会員（通常枠）"
    assert rows[0][col["決議"]] == "□ 承認　□ 不承認　□ 継続審議"


def test_excel_pack_prints_as_a_board_document(agenda):
    meeting, _apps = agenda
    ws = load_workbook(BytesIO(board_pack_xlsx(meeting_id=meeting.pk))).active
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.freeze_panes == "C4"


def test_pdf_pack_is_a_board_document(agenda):
    meeting, apps = agenda
    pdf = board_pack_pdf(meeting_id=meeting.pk)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    flat = "".join(text.split())
    assert "新規入会承認の件" in flat
    assert "理事会資料・取扱注意" in flat
    assert "2026年3月12日" in flat and "2026-03-12" not in flat
    assert "開催済み" not in flat
    assert flat.count("□承認□不承認□継続審議") == len(apps)
    for app in apps:
        assert app.legal_name in flat
    assert "¥300,000,000" in flat
    # Names are not broken one character per line: each sits whole on a line of its own.
    lines = [line.strip() for line in text.splitlines()]
    assert any(apps[0].legal_name in line for line in lines)
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape


def test_pack_stays_japanese_when_the_downloader_browses_in_english(agenda):
    from django.utils import translation

    meeting, _apps = agenda
    with translation.override("en"):
        ws = load_workbook(BytesIO(board_pack_xlsx(meeting_id=meeting.pk))).active
        pdf = board_pack_pdf(meeting_id=meeting.pk)
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert "反社チェック: 問題なし" in rows[0][11]
    text = "".join("".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())
    assert "反社チェック" in text


def test_excel_pack_shows_a_formula_looking_name_as_text():
    """Formula injection: an applicant's name must not become a live cell."""
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    (app,) = put_on_agenda(meeting)
    app.legal_name = '=HYPERLINK("http://x.example","click")'
    app.has_parent = True
    app.parent_name = "@SUM(1+1)"
    app.parent_ratio = 60
    app.save()
    ws = load_workbook(BytesIO(board_pack_xlsx(meeting_id=meeting.pk))).active
    name = ws["C4"]
    assert name.data_type == "s"
    assert name.value == '\'=HYPERLINK("http://x.example","click")'
    assert ws["I4"].value == "'@SUM(1+1)（60%）"
    assert ws["H4"].value == 300_000_000  # numbers stay numbers
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
