"""The board pack (入会申込者一覧): a meeting's agenda as PDF and as Excel."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from aiga.dates import date_ja
from aiga.exports import xlsx_append, xlsx_bytes
from billing.pdf import render_pdf
from members.admissions import workflow
from members.admissions.selectors.board import BoardItem, board_items, board_meeting
from members.models import BoardMeeting

DECISIONS = "□ 承認　□ 不承認　□ 継続審議"
MARK = "理事会資料・取扱注意"


def pack_title(meeting: BoardMeeting) -> str:
    return f"{meeting.name} 新規入会承認の件"  # built under translation.override("ja")


def _checks(item: BoardItem) -> str:
    parts = []
    for check in item.checks:
        text = f"{check.label}: {check.result or _('未記録')}"
        if check.method:
            text += f"（{check.method}"
            text += f"・{date_ja(check.checked_on)}）" if check.checked_on else "）"
        if check.override_reason:
            text += f" 付議理由: {check.override_reason}"
        parts.append(text)
    return "\n".join(parts)


def _rows(meeting: BoardMeeting) -> list[dict]:
    rows = []
    for item in board_items(meeting):
        app = item.application
        corporate = app.category == workflow.CORPORATE
        person = item.member_representative
        rows.append(
            {
                "number": f"第{item.number}号議案" if item.number else "",
                "reference": app.reference,
                "name": app.display_name,
                "category": item.tier if corporate and item.tier else item.category,
                "address": f"〒{app.postal_code} {app.full_address}" if corporate else "",
                "affiliation": ""
                if corporate
                else "・".join(x for x in (app.legal_name, person.title if person else "") if x),
                "representative": (
                    f"{item.legal_representative.title} {item.legal_representative.name}".strip()
                    if item.legal_representative
                    else ""
                ),
                "corporate_number": app.corporate_number,
                "capital": app.share_capital,
                "parent": item.parent,
                "industry": str(app.industry or ""),
                "recommender": item.recommender,
                "profile": item.expert_profile,
                "checks": _checks(item),
                "total": item.quote.get("total"),
                "carried_over": item.carried_over_from is not None,
            }
        )
    return rows


def _meeting(meeting_id: int) -> BoardMeeting:
    meeting = board_meeting(meeting_id)
    if meeting is None:
        raise BoardMeeting.DoesNotExist
    return meeting


def board_pack_pdf(*, meeting_id: int) -> bytes:
    with translation.override("ja"):
        meeting = _meeting(meeting_id)
        return render_pdf(
            "admissions/board_pack_pdf.html",
            {
                "meeting": meeting,
                "title": pack_title(meeting),
                "date": date_ja(meeting.date),
                "mark": MARK,
                "rows": _rows(meeting),
            },
        )


HEADERS = [
    "議案",
    "受付番号",
    "法人名・氏名",
    "会員種別・区分",
    "所在地／所属・役職",
    "法人代表者",
    "法人番号",
    "資本金（円）",
    "親会社（出資比率）",
    "業種",
    "推薦する理事・監事",
    "事務局の確認結果",
    "会費（円）",
    "持越し",
    "決議",
]
WIDTHS = (11, 11, 28, 20, 34, 20, 15, 16, 24, 14, 18, 60, 13, 7, 26)


def board_pack_xlsx(*, meeting_id: int) -> bytes:
    # The board pack is a Japanese document, whatever language its downloader browses in.
    with translation.override("ja"):
        return _board_pack_xlsx(meeting_id=meeting_id)


def _board_pack_xlsx(*, meeting_id: int) -> bytes:
    meeting = _meeting(meeting_id)
    wb = Workbook()
    ws = wb.active
    ws.title = "入会申込者一覧"
    xlsx_append(ws, [pack_title(meeting)])
    ws["A1"].font = Font(bold=True, size=14)
    xlsx_append(ws, [f"{date_ja(meeting.date)}　{MARK}"])
    xlsx_append(ws, HEADERS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in _rows(meeting):
        xlsx_append(
            ws,
            [
                r["number"],
                r["reference"],
                r["name"],
                r["category"],
                r["address"] or r["affiliation"],
                r["representative"],
                r["corporate_number"],
                r["capital"],
                r["parent"],
                r["industry"],
                r["recommender"],
                r["checks"],
                r["total"],
                "○" if r["carried_over"] else "",
                DECISIONS,
            ],
        )
    for row in ws.iter_rows(min_row=4):
        row[7].number_format = "#,##0"
        row[12].number_format = "#,##0"
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    # A board document to print: landscape, one page wide, the header row kept in view.
    ws.freeze_panes = "C4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.right.text = MARK
    return xlsx_bytes(wb)
