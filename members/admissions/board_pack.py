"""The board pack (入会申込者一覧): a meeting's agenda as PDF and as Excel."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from aiga.exports import xlsx_append, xlsx_bytes
from billing.pdf import render_pdf
from members import choices
from members.admissions.models import ReviewCheck
from members.admissions.selectors.review import meetings_with_agenda, queue_rows
from members.choices import label_in
from members.models import BoardMeeting


def _rows(meeting: BoardMeeting) -> list[dict]:
    rows = []
    for row in queue_rows(meeting):
        app = row.application
        checks = "／".join(
            f"{ReviewCheck.Kind(kind).label}: "
            + (check.get_result_display() if check else _("未記録"))
            + (f"（{check.override_reason}）" if check and check.override_reason else "")
            for kind, check in row.checks
        )
        rows.append(
            {
                "reference": app.reference,
                "name": app.display_name,
                "category": str(app.get_category_display()),
                "capital": app.share_capital,
                "parent": f"{app.parent_name}（{app.parent_ratio}%）" if app.has_parent else "",
                "industry": str(app.industry or ""),
                "recommender": str(app.recommender or ""),
                "checks": checks,
                "tier": label_in(choices.Tier, row.quote.get("tier") or "", "ja"),
                "total": row.quote.get("total"),
                "carried_over": bool(row.item.carried_over_from_id),
                "outcome": str(row.item.get_outcome_display()),
            }
        )
    return rows


def _meeting(meeting_id: int) -> BoardMeeting:
    meetings = meetings_with_agenda(meeting_ids=[meeting_id])
    if not meetings:
        raise BoardMeeting.DoesNotExist
    return meetings[0]


def board_pack_pdf(*, meeting_id: int) -> bytes:

    with translation.override("ja"):
        meeting = _meeting(meeting_id)
        return render_pdf(
            "admissions/board_pack_pdf.html", {"meeting": meeting, "rows": _rows(meeting)}
        )


HEADERS = [
    "受付番号",
    "法人名・氏名",
    "会員種別",
    "資本金（円）",
    "親会社（出資比率）",
    "業種",
    "推薦する理事・監事",
    "確認結果",
    "会員区分",
    "会費見積り（円）",
    "持越し",
]


def board_pack_xlsx(*, meeting_id: int) -> bytes:
    # The board pack is a Japanese document, whatever language its downloader browses in.
    with translation.override("ja"):
        return _board_pack_xlsx(meeting_id=meeting_id)


def _board_pack_xlsx(*, meeting_id: int) -> bytes:

    meeting = _meeting(meeting_id)
    wb = Workbook()
    ws = wb.active
    ws.title = "入会申込者一覧"
    xlsx_append(ws, [f"入会申込者一覧 {meeting}"])
    ws["A1"].font = Font(bold=True, size=14)
    xlsx_append(ws, [])
    xlsx_append(ws, HEADERS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in _rows(meeting):
        xlsx_append(
            ws,
            [
                r["reference"],
                r["name"],
                r["category"],
                r["capital"],
                r["parent"],
                r["industry"],
                r["recommender"],
                r["checks"],
                r["tier"],
                r["total"],
                "○" if r["carried_over"] else "",
            ],
        )
    for row in ws.iter_rows(min_row=4):
        row[3].number_format = "#,##0"
        row[9].number_format = "#,##0"
        row[7].alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGHIJK", (11, 30, 16, 16, 24, 16, 18, 60, 18, 16, 8), strict=True):
        ws.column_dimensions[col].width = width
    return xlsx_bytes(wb)
