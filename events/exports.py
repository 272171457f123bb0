"""The All-Hands' agenda as a PDF (WeasyPrint) and an Excel workbook, and the engagement
report's workbook, written in Japanese
whatever the request's language; every cell through aiga.exports."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from aiga.exports import xlsx_append, xlsx_bytes
from aiga.pdf import render_pdf
from aiga.templatetags.aiga_format import jdatetime
from events.models import Event
from events.selectors import agenda_rows


def _context(event: Event) -> dict:
    return {
        "event": event,
        "segments": list(event.segments.select_related("presenter").order_by("order", "id")),
        "rows": agenda_rows(event),
    }


def agenda_pdf(event: Event) -> bytes:
    return render_pdf("events/agenda_pdf.html", _context(event), language="ja")


def agenda_xlsx(event: Event) -> bytes:
    with translation.override("ja"):
        context = _context(event)
        wb = Workbook()
        ws = wb.active
        ws.title = _("アジェンダ")
        xlsx_append(ws, [event.display_title])
        ws["A1"].font = Font(bold=True, size=13)
        xlsx_append(ws, [jdatetime(event.starts_at) if event.starts_at else ""])
        xlsx_append(ws, [])
        xlsx_append(ws, [_("順番"), _("コーナー"), _("登壇企業・内容")])
        for index, segment in enumerate(context["segments"], start=1):
            detail = " ".join(
                part for part in (segment.presenter.legal_name if segment.presenter else "",
                                  segment.note) if part
            )  # fmt: skip
            xlsx_append(ws, [index, segment.title, detail])
        xlsx_append(ws, [])
        xlsx_append(ws, [_("新規会員の自己紹介")])
        xlsx_append(
            ws, [_("順番"), _("会員企業"), _("会員代表者"), _("役職"), _("会員資格の発行日")]
        )
        for row in context["rows"]:
            xlsx_append(
                ws,
                [
                    row["position"],
                    row["organisation"],
                    row["representative"],
                    row["representative_title"],
                    timezone.localtime(row["issued_at"]).date() if row["issued_at"] else "",
                ],
            )
        for column, width in zip("ABCDE", (8, 36, 30, 20, 16), strict=True):
            ws.column_dimensions[column].width = width
        return xlsx_bytes(wb)


def engagement_xlsx(header, rows, *, since, until) -> bytes:
    """The engagement report's rows (already in Japanese) as a workbook."""
    wb = Workbook()
    ws = wb.active
    ws.title = "参加状況"
    xlsx_append(ws, [f"会員企業のイベント参加状況（{since}〜{until}）"])
    ws["A1"].font = Font(bold=True)
    xlsx_append(ws, header)
    for row in rows:
        xlsx_append(ws, row)
    for column, width in zip("ABCDEFG", (12, 36, 14, 10, 40, 14, 14), strict=True):
        ws.column_dimensions[column].width = width
    return xlsx_bytes(wb)
