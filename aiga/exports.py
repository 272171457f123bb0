"""Every CSV and Excel file the association hands out is written through this module, so
that a value typed by an applicant can never become a live spreadsheet formula
(formula injection: a company named `=HYPERLINK("http://x.example","click")`).

- `csv_bytes(header, rows)` for a whole CSV file, `SafeCsvWriter(f)` to write one row by row;
- `xlsx_append(ws, row)` instead of `ws.append(row)`, then `xlsx_bytes(wb)` for the file.
Fonts, number formats and column widths stay with the export that wants them.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Mapping
from io import BytesIO, StringIO
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:  # a CSV export need not load openpyxl
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# OWASP's list (=, +, -, @, tab, CR, and since 2025 LF), plus the full-width ＝ ＋ － ＠.
# Japanese Excel converts full-width digits and operators typed into a cell to ASCII, so
# a typed `＝1+1` is a formula; whether opening a CSV does the same depends on the Excel
# version and locale, which we cannot test here. An apostrophe before the rare name that
# starts with a full-width symbol costs little, so they are escaped too.
FORMULA_STARTERS = frozenset("=+-@\t\r\n＝＋－＠")
# Control characters no spreadsheet cell may hold (openpyxl refuses them outright, so a
# name pasted with one would break the whole file): removed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should show it: a string that a spreadsheet would read
    as a formula gets a leading apostrophe (OWASP); numbers, dates and None pass through
    untouched, so -5 stays the number -5."""
    if isinstance(value, Promise):  # a lazy translation is a string too
        value = str(value)
    if isinstance(value, str):
        value = CONTROL_CHARACTERS.sub("", value)
        if value[:1] in FORMULA_STARTERS:
            return "'" + value
    return value


def _safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeCsvWriter:
    """`csv.writer` with every cell through `safe_cell`, for a CSV written row by row."""

    def __init__(self, f, **fmtparams):
        self._writer = csv.writer(f, **fmtparams)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(_safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_bytes(
    header: Iterable[Any] | None,
    rows: Iterable[Iterable[Any]],
    *,
    bom: bool = True,
    encoding: str = "utf-8",
) -> bytes:
    """A whole CSV file: UTF-8, CRLF line ends, and by default a byte-order mark, without
    which Excel on Japanese Windows reads the file as Shift_JIS and garbles every name.

    `encoding="cp932"` for a program that reads only Shift_JIS (an accounting package's
    import): no byte-order mark, and a character Shift_JIS lacks becomes 「〓」 (the geta
    mark Japanese software prints for one), never an error. `header=None`: no header row."""
    buffer = StringIO()
    writer = SafeCsvWriter(buffer)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    if encoding.replace("-", "_").lower() in ("utf_8", "utf8"):
        return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")
    return buffer.getvalue().encode(encoding, errors="geta")


def unencodable_characters(text: str, encoding: str = "cp932") -> list[str]:
    """The distinct characters of `text` that `encoding` cannot hold (some 異体字 such as
    「髙」 or 「﨑」 are in CP932, others such as 「𠮷」 are not), in the order they first
    appear: what a CP932 export replaces with 「〓」, to be listed beside the file."""
    try:
        text.encode(encoding)
        return []  # the usual case, found in one pass
    except UnicodeEncodeError:
        pass
    found: list[str] = []
    for char in dict.fromkeys(text):  # each distinct character once, in order
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            found.append(char)
    return found


def csv_export(
    header: Iterable[Any] | None,
    rows: Iterable[Iterable[Any]],
    *,
    encoding: str = "utf-8",
) -> tuple[bytes, list[str]]:
    """`csv_bytes` for a file a person opens in Excel, in UTF-8 with a byte-order mark or in
    CP932 (`encoding="cp932"`), and the characters that CP932 could not hold and that were
    replaced by 「〓」 (always empty for UTF-8): the page offering the file lists them, so
    that nobody mistakes 「〓」 for the name."""
    rows = [list(row) for row in rows]
    data = csv_bytes(header, rows, encoding=encoding)
    if encoding.replace("-", "_").lower() in ("utf_8", "utf8"):
        return data, []
    text = "".join(
        str(safe_cell(value)) for row in [list(header or []), *rows] for value in row if value
    )
    return data, unencodable_characters(text, encoding)


def _geta(error: UnicodeEncodeError) -> tuple[str, int]:
    return "〓" * (error.end - error.start), error.end


codecs.register_error("geta", _geta)


def xlsx_append(ws: Worksheet, row: Iterable[Any] | Mapping[Any, Any]) -> None:
    """`ws.append(row)` with every cell through `safe_cell`: openpyxl stores a string that
    starts with "=" as a formula."""
    if isinstance(row, Mapping):  # openpyxl's {column: value} form
        ws.append({column: safe_cell(value) for column, value in row.items()})
    else:
        ws.append(_safe_row(row))


def xlsx_bytes(wb: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_sheets_bytes(sheets: Iterable[tuple[str, list[Any], Iterable[Iterable[Any]]]]) -> bytes:
    """A workbook of several plain sheets, each (title, header, rows), every cell through
    `safe_cell`. Sheet titles are cut to Excel's 31 characters."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=str(title)[:31])
        xlsx_append(ws, header)
        for row in rows:
            xlsx_append(ws, row)
    if not wb.sheetnames:
        wb.create_sheet()
    return xlsx_bytes(wb)
