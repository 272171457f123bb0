"""The accountant's export: a period's journal (billing.journal) as 弥生会計's import CSV
(Shift_JIS, no header row) or as an Excel sheet to read, both through aiga.exports."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from aiga.exports import csv_bytes, xlsx_append, xlsx_bytes
from billing import journal
from billing.fiscal import fiscal_year, fiscal_year_end, fiscal_year_start
from billing.selectors import journal_lines

ACCOUNT_LABELS = {
    "receivable": _("未収会費の勘定科目"),
    "admission_fee": _("入会金の勘定科目"),
    "annual_fee": _("会費の勘定科目"),
    "advance": _("前受会費の勘定科目"),
    "other_revenue": _("課税の収益（参加費など）の勘定科目"),
    "bank": _("入金口座の勘定科目"),
    "transfer_fee": _("振込手数料の勘定科目"),
}


class JournalExportForm(forms.Form):
    start = forms.DateField(label=_("期間（自）"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("期間（至）"), widget=forms.DateInput(attrs={"type": "date"}))
    file_format = forms.ChoiceField(
        label=_("形式"),
        choices=[
            ("csv", _("弥生会計インポート形式（CSV・Shift_JIS）")),
            ("xlsx", _("Excel（確認用の仕訳一覧）")),
        ],
        initial="csv",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in ACCOUNT_LABELS.items():
            self.fields[f"account_{key}"] = forms.CharField(
                label=label, max_length=24, initial=journal.DEFAULT_ACCOUNTS[key]
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("期間の終わりが始まりより前です。"))
            if (end - start).days > 366 * 2:
                raise forms.ValidationError(_("期間は2年以内で指定してください。"))
        return data

    def accounts(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"account_{key}"].strip() for key in ACCOUNT_LABELS}


def _this_fiscal_year() -> tuple[datetime.date, datetime.date]:
    fy = fiscal_year(timezone.localdate())
    return fiscal_year_start(fy), fiscal_year_end(fy)


EXCEL_HEADER = (
    _("日付"),
    _("借方勘定科目"),
    _("借方金額"),
    _("借方税区分"),
    _("貸方勘定科目"),
    _("貸方金額"),
    _("貸方税区分"),
    _("取引先"),
    _("摘要"),
    _("書類番号"),
)


def journal_xlsx(lines: list[journal.JournalLine]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("仕訳"))
    xlsx_append(ws, [str(h) for h in EXCEL_HEADER])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for line in lines:
        xlsx_append(
            ws,
            [
                line.date,
                line.debit_account,
                line.amount,
                line.debit_tax,
                line.credit_account,
                line.amount,
                line.credit_tax,
                line.counterparty,
                line.memo,
                line.number,
            ],
        )
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy/mm/dd"
        for column in (3, 6):
            ws.cell(row=ws.max_row, column=column).number_format = "#,##0"
    total = sum(line.amount for line in lines)
    xlsx_append(ws, [str(_("合計")), "", total, "", "", total])
    for column, width in zip("ABCDEFGHIJ", (12, 14, 14, 14, 14, 14, 14, 30, 50, 18), strict=True):
        ws.column_dimensions[column].width = width
    return xlsx_bytes(wb)


def journal_export_view(model_admin, request):
    if not request.user.has_perm("billing.view_invoice") or not request.user.has_perm(
        "billing.view_payment"
    ):
        raise PermissionDenied
    start, end = _this_fiscal_year()
    form = JournalExportForm(request.POST or None, initial={"start": start, "end": end})
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        lines = journal_lines(start=start, end=end, accounts=form.accounts())
        stem = f"journal_{start:%Y%m%d}-{end:%Y%m%d}"
        if form.cleaned_data["file_format"] == "xlsx":
            response = HttpResponse(
                journal_xlsx(lines),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
            return response
        data = csv_bytes(None, [journal.yayoi_row(line) for line in lines], encoding="cp932")
        response = HttpResponse(data, content_type="text/csv; charset=Shift_JIS")
        response["Content-Disposition"] = f'attachment; filename="{stem}_yayoi.csv"'
        return response
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("会計ソフト用の仕訳の書き出し"),
        "form": form,
    }
    return TemplateResponse(request, "billing/admin/journal_export.html", context)
