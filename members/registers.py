"""The registers as files: 社員名簿 (一般法人法 §31), 会員名簿, and the general assembly's
roster (社員総会 出席・委任状記録表). Documents of the association: written in Japanese
whatever the request's language. CSV in UTF-8 with a byte-order mark or in CP932, through
aiga.exports; the characters CP932 cannot hold are replaced by 「〓」 and listed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from aiga.dates import date_ja
from aiga.exports import csv_export, safe_cell, unencodable_characters, xlsx_append, xlsx_bytes
from members.kana import format_postal_code
from members.selectors.registers import RegisterEntry, register_entries, roster_totals

KINDS = ("shain", "kaiin", "roster")
FORMATS = ("xlsx", "csv", "csv-cp932")


@dataclass
class RegisterFile:
    filename: str
    content_type: str
    data: bytes
    replaced: list[str] = field(default_factory=list)  # CP932: what became 「〓」


def _title(kind: str) -> str:
    return {
        "shain": _("社員名簿"),
        "kaiin": _("会員名簿"),
        "roster": _("社員総会 出席・委任状記録表"),
    }[kind]


def _header(kind: str) -> list[str]:
    if kind == "shain":
        return [_("会員番号"), _("名称"), _("郵便番号"), _("住所"), _("入会日"), _("会員代表者")]
    if kind == "kaiin":
        return [
            _("会員番号"),
            _("名称"),
            _("フリガナ"),
            _("郵便番号"),
            _("住所"),
            _("会員種別・会員区分"),
            _("入会日"),
            _("議決権数"),
            _("会員代表者"),
        ]
    return [
        _("会員番号"),
        _("名称"),
        _("会員区分"),
        _("議決権数"),
        _("議決権を行使する会員代表者"),
        _("出席（○）"),
        _("委任状（○）"),
        _("代理人"),
        _("備考"),
    ]


def _row(kind: str, entry: RegisterEntry, as_date) -> list:
    postal = format_postal_code(entry.postal_code)
    joined = as_date(entry.admission_date)
    if kind == "shain":
        return [
            entry.member_number,
            entry.name,
            postal,
            entry.address,
            joined,
            entry.representative,
        ]
    if kind == "kaiin":
        return [
            entry.member_number,
            entry.name,
            entry.name_kana,
            postal,
            entry.address,
            entry.kind_label,
            joined,
            entry.votes,
            entry.representative,
        ]
    return [
        entry.member_number,
        entry.name,
        entry.kind_label,
        entry.votes,
        entry.representative,
        "",
        "",
        "",
        "",
    ]


def _filename(kind: str, on: datetime.date, extension: str) -> str:
    stem = {"shain": "shain-meibo", "kaiin": "kaiin-meibo", "roster": "soukai-roster"}[kind]
    return f"{stem}-{on:%Y%m%d}.{extension}"


def register_file(*, kind: str, on: datetime.date, fmt: str) -> RegisterFile:
    """The register `kind` ("shain", "kaiin", "roster") of the members on `on`, as `fmt`
    ("xlsx", "csv" in UTF-8 with BOM, "csv-cp932")."""
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(f"unknown register {kind!r} or format {fmt!r}")
    entries = register_entries(on=on, voting_only=kind in ("shain", "roster"))
    with translation.override("ja"):
        if fmt == "xlsx":
            return RegisterFile(
                _filename(kind, on, "xlsx"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                _xlsx(kind, on, entries),
            )
        header = _header(kind)
        rows = [_row(kind, entry, lambda d: d.isoformat()) for entry in entries]
    encoding = "cp932" if fmt == "csv-cp932" else "utf-8"
    data, replaced = csv_export(header, rows, encoding=encoding)
    suffix = "-sjis.csv" if encoding == "cp932" else ".csv"
    charset = "Shift_JIS" if encoding == "cp932" else "utf-8"
    return RegisterFile(
        _filename(kind, on, "csv").replace(".csv", suffix),
        f"text/csv; charset={charset}",
        data,
        replaced,
    )


def register_replaced(*, kind: str, entries: list[RegisterEntry]) -> list[str]:
    """The characters the CP932 file of register `kind` replaces with 「〓」, from the
    entries already read (all members; the 社員名簿 and the roster keep the voting ones)."""
    if kind in ("shain", "roster"):
        entries = [entry for entry in entries if entry.is_voting]
    with translation.override("ja"):
        rows = [_header(kind), *(_row(kind, entry, lambda d: d.isoformat()) for entry in entries)]
    text = "".join(str(safe_cell(value)) for row in rows for value in row if value)
    return unencodable_characters(text, "cp932")


def _xlsx(kind: str, on: datetime.date, entries: list[RegisterEntry]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _title(kind)[:31]
    xlsx_append(ws, [_title(kind)])
    ws["A1"].font = Font(bold=True, size=14)
    xlsx_append(ws, [_("%(date)s現在") % {"date": date_ja(on)}])
    xlsx_append(ws, [])
    xlsx_append(ws, _header(kind))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for entry in entries:
        xlsx_append(ws, _row(kind, entry, lambda d: d))
        if kind != "roster":
            ws.cell(
                row=ws.max_row, column=_header(kind).index(_("入会日")) + 1
            ).number_format = "yyyy/mm/dd"
    if kind == "roster":
        _roster_totals(ws, entries, first=header_row + 1, last=ws.max_row)
    for column, width in zip("ABCDEFGHI", (12, 36, 22, 10, 20, 14, 14, 16, 20), strict=False):
        ws.column_dimensions[column].width = width
    return xlsx_bytes(wb)


def _roster_totals(ws, entries: list[RegisterEntry], *, first: int, last: int) -> None:
    """The totals for the quorum: fixed figures, and the formulas that count the ○ the
    secretariat types at the door (our own formulas, written as such on purpose)."""
    totals = roster_totals(entries)
    last = max(last, first)
    xlsx_append(ws, [])
    rows = [
        (_("議決権を有する社員の数"), totals.voting_members),
        (_("総社員の議決権の数"), totals.votes),
        (_("定足数（総社員の議決権の過半数・事務局案）"), totals.quorum),
    ]
    for label, value in rows:
        xlsx_append(ws, [label, value])
    counted = [
        (_("出席した社員の議決権"), f'=SUMIF(F{first}:F{last},"○",D{first}:D{last})'),
        (_("委任状による議決権"), f'=SUMIF(G{first}:G{last},"○",D{first}:D{last})'),
    ]
    for label, formula in counted:
        xlsx_append(ws, [label])
        ws.cell(row=ws.max_row, column=2, value=formula)
    present_row = ws.max_row - 1
    xlsx_append(ws, [_("出席と委任状の議決権の合計")])
    ws.cell(row=ws.max_row, column=2, value=f"=B{present_row}+B{present_row + 1}")
    total_row = ws.max_row
    xlsx_append(ws, [_("定足数を満たすか")])
    met, not_met = _("満たす"), _("満たさない")  # outside the f-string, for makemessages
    ws.cell(
        row=ws.max_row,
        column=2,
        value=f'=IF(B{total_row}>={totals.quorum},"{met}","{not_met}")',
    )
