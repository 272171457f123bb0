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
    assert ws["A3"].value == "受付番号"
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == [a.legal_name for a in apps]
    assert rows[0][3] == 300_000_000
    assert "反社チェック: 問題なし" in rows[0][7]
    assert rows[1][4] == "架空ホールディングス株式会社（60.00%）"
    assert isinstance(rows[0][9], int) and rows[0][9] > 0
    # 会員種別 and 会員区分 in the association's own words (members.choices).
    assert rows[0][2] == "正会員"
    assert rows[0][8] == "正会員（通常枠）"


def test_pdf_pack_text(agenda):
    meeting, apps = agenda
    pdf = board_pack_pdf(meeting_id=meeting.pk)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    text = "".join(text.split())  # narrow cells wrap
    assert "入会申込者一覧" in text
    for app in apps:
        assert app.legal_name in text
    assert "¥300,000,000" in text


def test_pack_stays_japanese_when_the_downloader_browses_in_english(agenda):
    from django.utils import translation

    meeting, _apps = agenda
    with translation.override("en"):
        ws = load_workbook(BytesIO(board_pack_xlsx(meeting_id=meeting.pk))).active
        pdf = board_pack_pdf(meeting_id=meeting.pk)
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert "反社チェック: 問題なし" in rows[0][7]
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
    name = ws["B4"]
    assert name.data_type == "s"
    assert name.value == '\'=HYPERLINK("http://x.example","click")'
    assert ws["E4"].value == "'@SUM(1+1)（60.00%）"
    assert ws["D4"].value == 300_000_000  # numbers stay numbers
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
