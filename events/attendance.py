"""An online meeting's attendance file (Zoom, Teams, Webex …), read as pure data: which
column holds the e-mail address and which the name, whatever language its headers are in."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from aiga.uploads import decode_csv

EMAIL_HEADERS = ("email", "e-mail", "mail", "メール")
NAME_HEADERS = ("name", "名前", "氏名", "参加者")


class AttendanceFileError(ValueError):
    pass


@dataclass(frozen=True)
class AttendanceRow:
    line: int
    name: str
    email: str


def decode(data: bytes) -> str:
    """UTF-8 or Shift_JIS (aiga.uploads.decode_csv); a stray byte neither can read is
    replaced, so that the other rows still match."""
    try:
        return decode_csv(data)
    except UnicodeDecodeError:
        return data.decode("cp932", errors="replace")


def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    for index, header in enumerate(headers):
        lowered = header.strip().lower()
        if any(name in lowered for name in names):
            return index
    return None


def attendance_rows(data: bytes) -> list[AttendanceRow]:
    """Each row with an address (or a name) under the first header row that names an e-mail
    column; rows of summary lines above it (Zoom writes the meeting's details first) are
    skipped. Raises AttendanceFileError when no column of e-mail addresses is found."""
    reader = csv.reader(io.StringIO(decode(data)))
    email_col = name_col = None
    rows: list[AttendanceRow] = []
    for line, row in enumerate(reader, start=1):
        if email_col is None:
            found = _column(row, EMAIL_HEADERS)
            if found is not None:
                email_col, name_col = found, _column(row, NAME_HEADERS)
            continue
        email = row[email_col].strip() if email_col < len(row) else ""
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        if email or name:
            rows.append(AttendanceRow(line=line, name=name, email=email))
    if email_col is None:
        raise AttendanceFileError("no e-mail column")
    return rows
