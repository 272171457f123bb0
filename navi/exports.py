"""The Excel export of a company's answers (every applicable item with its level, points,
comment and evidence), written through aiga.exports so that a comment typed as `=…` stays
text."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from aiga.exports import xlsx_append, xlsx_bytes
from navi.report import Report

WIDTHS = (28, 6, 36, 8, 40, 8, 40, 30, 22, 10)


def _average(bench, key: str):
    """The members' average as a number, or a dash: withheld, or no closed round."""
    value = bench.items.get(key) if bench is not None else None
    return float(value) if value is not None else "—"


def report_xlsx(*, assessment, report: Report, bench=None) -> bytes:
    """With `bench` (a closed round's navi.benchmark.MemberBenchmark), each item's members'
    average beside the company's points, where the rules let it be shown."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("回答一覧")
    xlsx_append(
        ws,
        [
            _("AIガバナンスナビ ver%(number)s 自己診断の回答")
            % {"number": assessment.version.number},
            assessment.organisation.legal_name,
        ],
    )
    ws["A1"].font = Font(bold=True, size=13)
    headers = [
        _("取組領域"),
        _("番号"),
        _("項目"),
        _("レベル"),
        _("取組例"),
        _("点数"),
        _("コメント"),
        _("根拠資料のリンク"),
        _("注記"),
        _("会員平均"),
    ]
    xlsx_append(ws, headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in report.rows:
        answer = row.answer
        xlsx_append(
            ws,
            [
                row.area.title,
                row.item.number,
                row.item.title,
                row.level.number if row.level else None,
                row.level.text if row.level else _("未回答"),
                row.points,
                answer.comment if answer else "",
                answer.evidence_url if answer else "",
                _("事務局案（SWG未レビュー）") if row.marked else "",
                _average(bench, row.item.key),
            ],
        )
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for cells in ws.iter_rows(min_row=3):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    return xlsx_bytes(wb)
