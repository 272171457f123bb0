"""The bank's own files, read into credits. Pure: bytes in, `BankFile` out, no database.

Three shapes:
- 全銀協 入出金取引明細 (種別コード 03) and 振込入金通知 (種別コード 01): fixed records of 200
  characters (1 header, 2 data, 8 trailer, 9 end), with or without line breaks, in the
  8-bit JIS X 0201 half-width kana that CP932 reads (or, from a few banks, 7-bit JIS with
  shift codes), dates as 和暦 YYMMDD without the era (令和) or 西暦 YYMMDD;
- the CSV that net banking hands out: CP932, a few lines about the account first, then a
  header row (日付, 摘要/お取引内容, お預入れ金額/入金金額, お引出し金額/出金金額, 残高,
  振込依頼人名) and one row per transaction, dates 和暦 (R7.10.15, 令和7年10月15日) or 西暦.

A file that does not read raises `BankFileError` naming the record or line.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from members.kana import parse_yen

RECORD_LENGTH = 200

ZENGIN_STATEMENT = "zengin_statement"  # 入出金取引明細
ZENGIN_TRANSFER = "zengin_transfer"  # 振込入金通知
NET_BANKING_CSV = "csv"

# 種別コード of the header → format.
ZENGIN_KINDS = {"03": ZENGIN_STATEMENT, "01": ZENGIN_TRANSFER}

# Field positions, (name, width), in order, per record type. After 全銀協 「入出金取引明細」
# (普通預金・当座預金, 種別コード 03) as the banks' EB guides print it; the fillers make
# each record 200 characters.
STATEMENT_LAYOUT: dict[str, tuple[tuple[str, int], ...]] = {
    "1": (
        ("record_type", 1),
        ("kind", 2),
        ("code_set", 1),  # 0: JIS, 1: EBCDIC
        ("created_on", 6),
        ("period_from", 6),
        ("period_to", 6),
        ("bank_code", 4),
        ("bank_name", 15),
        ("branch_code", 3),
        ("branch_name", 15),
        ("_filler1", 3),
        ("account_type", 1),
        ("account_number", 7),
        ("account_name", 40),
        ("overdraft", 1),
        ("passbook", 1),
        ("opening_balance", 14),
        ("_filler2", 74),
    ),
    "2": (
        ("record_type", 1),
        ("reference", 8),  # 照会番号
        ("booked_on", 6),  # 勘定日
        ("value_on", 6),  # 預入・払出日
        ("direction", 1),  # 1: 入金, 2: 出金
        (
            "transaction_kind",
            2,
        ),  # 10 現金, 11 振込, 12 他店券入金, 13 交換, 14 振替, 18 その他, 19 訂正
        ("amount", 12),
        ("other_bank_cheques", 12),
        ("presented_on", 6),
        ("dishonoured_on", 6),
        ("cheque_kind", 1),
        ("cheque_number", 7),
        ("branch_ref", 3),
        ("payer_code", 10),
        ("payer_name", 48),
        ("payer_bank", 15),
        ("payer_branch", 15),
        ("description", 20),
        ("edi", 20),
        ("_filler", 1),
    ),
    "8": (
        ("record_type", 1),
        ("credit_count", 6),
        ("credit_total", 13),
        ("debit_count", 6),
        ("debit_total", 13),
        ("overdraft", 1),
        ("closing_balance", 14),
        ("record_count", 7),
        ("_filler", 139),
    ),
    "9": (("record_type", 1), ("_filler", 199)),
}

# After 全銀協 「振込入金通知」 (種別コード 01).
TRANSFER_LAYOUT: dict[str, tuple[tuple[str, int], ...]] = {
    "1": (
        ("record_type", 1),
        ("kind", 2),
        ("code_set", 1),
        ("created_on", 6),
        ("period_from", 6),
        ("period_to", 6),
        ("bank_code", 4),
        ("bank_name", 15),
        ("branch_code", 3),
        ("branch_name", 15),
        ("account_type", 1),
        ("account_number", 7),
        ("account_name", 40),
        ("_filler", 93),
    ),
    "2": (
        ("record_type", 1),
        ("reference", 6),  # 照会番号
        ("booked_on", 6),  # 勘定日
        ("value_on", 6),  # 起算日
        ("amount", 10),
        ("other_bank_cheques", 10),
        ("payer_code", 10),
        ("payer_name", 48),
        ("payer_bank", 15),
        ("payer_branch", 15),
        ("cancelled", 1),  # 取消区分: blank or 0 normal, 1 取消
        ("edi", 20),
        ("_filler", 52),
    ),
    "8": (
        ("record_type", 1),
        ("credit_count", 6),
        ("credit_total", 12),
        ("cancel_count", 6),
        ("cancel_total", 12),
        ("_filler", 163),
    ),
    "9": (("record_type", 1), ("_filler", 199)),
}
LAYOUTS = {ZENGIN_STATEMENT: STATEMENT_LAYOUT, ZENGIN_TRANSFER: TRANSFER_LAYOUT}

for _layout in LAYOUTS.values():
    for _fields in _layout.values():
        assert sum(width for _name, width in _fields) == RECORD_LENGTH


class BankFileError(ValueError):
    """A file that does not read; the message names the record or line."""


@dataclass(frozen=True)
class BankCredit:
    """One payment in: where it stands in the file, when, how much, and from whom."""

    line_number: int
    value_date: datetime.date
    amount: int
    payer_name: str
    reference: str = ""
    payer_bank: str = ""
    description: str = ""


@dataclass
class BankFile:
    format: str
    bank_name: str = ""
    branch_name: str = ""
    account_number: str = ""
    period_from: datetime.date | None = None
    period_to: datetime.date | None = None
    credits: list[BankCredit] = field(default_factory=list)
    debit_count: int = 0

    @property
    def credit_total(self) -> int:
        return sum(credit.amount for credit in self.credits)


# ----------------------------------------------------------------------------- dates

_WAREKI_ERAS = {"R": 2018, "令和": 2018, "H": 1988, "平成": 1988, "S": 1925, "昭和": 1925}
_CSV_DATE = re.compile(
    r"^(?P<era>R|H|S|令和|平成|昭和)?\s*(?P<y>\d{1,4}|元)\s*[./\-年]\s*(?P<m>\d{1,2})\s*[./\-月]"
    r"\s*(?P<d>\d{1,2})\s*日?$"
)


def zengin_date(text: str, *, today: datetime.date) -> datetime.date:
    """YYMMDD as Zengin files write it, 和暦 (令和 YY) or 西暦 (20YY). Without an era in the
    file, the reading nearest `today` wins: 071015 is 令和7年 (2025), 251015 is 2025."""
    if not re.fullmatch(r"\d{6}", text):
        raise ValueError(text)
    yy, month, day = int(text[:2]), int(text[2:4]), int(text[4:])
    readings = []
    for year in (2018 + yy, 2000 + yy):
        try:
            readings.append(datetime.date(year, month, day))
        except ValueError:
            continue
    if not readings:
        raise ValueError(text)
    return min(readings, key=lambda d: abs((d - today).days))


def csv_date(text: str) -> datetime.date:
    """「R7.10.15」「令和7年10月15日」「2025/10/15」「2025-10-15」「20251015」 → a date."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if re.fullmatch(r"\d{8}", text):
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    match = _CSV_DATE.match(text)
    if not match:
        raise ValueError(text)
    year = 1 if match["y"] == "元" else int(match["y"])
    if match["era"]:
        year += _WAREKI_ERAS[match["era"]]
    elif year < 100:  # 「7.10.15」: 令和 without its letter
        year += 2018
    return datetime.date(year, int(match["m"]), int(match["d"]))


# ---------------------------------------------------------------------------- decoding

_SO, _SI, _ESC = 0x0E, 0x0F, 0x1B


def _jis7_to_8bit(data: bytes) -> bytes:
    """7-bit JIS X 0201 kana (between SO and SI, or after ESC ( I) as the 8-bit bytes CP932
    reads; the escape sequences back to Roman (ESC ( B, ESC ( J) are dropped."""
    out = bytearray()
    kana = False
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == _SO:
            kana = True
        elif byte == _SI:
            kana = False
        elif byte == _ESC and data[i + 1 : i + 2] == b"(" and i + 2 < len(data):
            kana = data[i + 2 : i + 3] == b"I"
            i += 2
        elif kana and 0x21 <= byte <= 0x5F:
            out.append(byte + 0x80)
        else:
            out.append(byte)
        i += 1
    return bytes(out)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 with a byte-order mark, 7-bit JIS, or else CP932."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if bytes([_SO]) in data or b"\x1b(I" in data:
        data = _jis7_to_8bit(data)
    try:
        return data.decode("cp932")
    except UnicodeDecodeError as exc:
        raise BankFileError(
            _(
                "文字コードを読み取れません（%(pos)sバイト目）。Shift_JIS（CP932）のファイルを選んでください。"
            )
            % {"pos": exc.start + 1}
        ) from exc


# ------------------------------------------------------------------------------ Zengin


def looks_like_zengin(text: str) -> bool:
    return bool(re.match(r"1(01|03)[01]\d{6}", text.lstrip("\ufeff")))


def _records(text: str) -> list[tuple[int, str]]:
    """(record number, record): by line when the file has line breaks, by 200 characters
    when it has none."""
    text = text.rstrip("\x1a")  # the EOF mark some banks still write
    if "\n" in text or "\r" in text:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        records = []
        for number, line in enumerate(lines, 1):
            if not line:
                continue
            if len(line) != RECORD_LENGTH:
                raise BankFileError(
                    _("%(n)s行目: レコードの長さが%(len)s文字です（全銀協形式は200文字）。")
                    % {"n": number, "len": len(line)}
                )
            records.append((number, line))
        return records
    if len(text) % RECORD_LENGTH:
        number = len(text) // RECORD_LENGTH + 1
        raise BankFileError(
            _(
                "ファイルの長さが200文字の倍数ではありません（%(n)s件目のレコードが"
                "%(len)s文字で終わっています）。"
            )
            % {"n": number, "len": len(text) % RECORD_LENGTH}
        )
    return [
        (i // RECORD_LENGTH + 1, text[i : i + RECORD_LENGTH])
        for i in range(0, len(text), RECORD_LENGTH)
    ]


def _split(record: str, layout: tuple[tuple[str, int], ...]) -> dict[str, str]:
    values, at = {}, 0
    for name, width in layout:
        values[name] = record[at : at + width]
        at += width
    return values


def _number(values: dict, name: str, where: int) -> int:
    text = values[name].strip()
    if not text:
        return 0
    if not text.isdigit():
        raise BankFileError(
            _("%(n)s件目のレコード: 数字の欄に「%(v)s」とあります。") % {"n": where, "v": text}
        )
    return int(text)


def _date(values: dict, name: str, where: int, today: datetime.date) -> datetime.date:
    try:
        return zengin_date(values[name], today=today)
    except ValueError:
        raise BankFileError(
            _("%(n)s件目のレコード: 日付「%(v)s」を読み取れません。")
            % {"n": where, "v": values[name].strip()}
        ) from None


def parse_zengin(data: bytes, *, today: datetime.date) -> BankFile:
    """A 入出金取引明細 or 振込入金通知: its credits, after checking every record's type,
    the order 1, 2…, 8, 9, and the trailer's count and total."""
    text = decode(data)
    records = _records(text.lstrip("\ufeff"))
    if not records:
        raise BankFileError(_("ファイルにレコードがありません。"))
    first_number, first = records[0]
    if first[:1] != "1" or first[1:3] not in ZENGIN_KINDS:
        raise BankFileError(
            _("%(n)s件目のレコード: 全銀協の入出金取引明細・振込入金通知ではありません。")
            % {"n": first_number}
        )
    kind = ZENGIN_KINDS[first[1:3]]
    layout = LAYOUTS[kind]
    result = BankFile(format=kind)
    state = "start"  # start → header → (data…) → trailer → end
    credits_in_group, total_in_group, records_in_group = 0, 0, 0
    for number, record in records:
        record_type = record[:1]
        if record_type not in layout:
            raise BankFileError(
                _("%(n)s件目のレコード: 不明なデータ区分「%(t)s」です。")
                % {"n": number, "t": record_type}
            )
        expected = {
            "start": {"1"},
            "header": {"2", "8"},
            "trailer": {"9", "1"},
            "end": set(),
        }[state]
        if record_type not in expected:
            raise BankFileError(
                _("%(n)s件目のレコード: データ区分「%(t)s」がこの位置にあるのは誤りです。")
                % {"n": number, "t": record_type}
            )
        values = _split(record, layout[record_type])
        if record_type == "1":
            if values["kind"] != first[1:3]:
                raise BankFileError(
                    _("%(n)s件目のレコード: 種別コードがファイルの先頭と異なります。")
                    % {"n": number}
                )
            if values["code_set"] == "1":
                raise BankFileError(
                    _("EBCDICのファイルには対応していません。JISコードで出力してください。")
                )
            result.bank_name = values["bank_name"].strip()
            result.branch_name = values["branch_name"].strip()
            result.account_number = values["account_number"].strip()
            period_from = _date(values, "period_from", number, today)
            period_to = _date(values, "period_to", number, today)
            result.period_from = min(filter(None, (result.period_from, period_from)))
            result.period_to = max(filter(None, (result.period_to, period_to)))
            credits_in_group, total_in_group, records_in_group = 0, 0, 0
            state = "header"
        elif record_type == "2":
            records_in_group += 1
            amount = _number(values, "amount", number)
            is_credit = kind == ZENGIN_TRANSFER or values["direction"] == "1"
            if kind == ZENGIN_STATEMENT and values["direction"] not in ("1", "2"):
                raise BankFileError(
                    _("%(n)s件目のレコード: 入払区分「%(v)s」が正しくありません。")
                    % {"n": number, "v": values["direction"]}
                )
            if kind == ZENGIN_TRANSFER and values["cancelled"] == "1":
                is_credit = False  # a cancelled notice: no money came in
            if not is_credit:
                result.debit_count += 1
                continue
            if amount <= 0:
                raise BankFileError(_("%(n)s件目のレコード: 入金額がありません。") % {"n": number})
            credits_in_group += 1
            total_in_group += amount
            result.credits.append(
                BankCredit(
                    line_number=number,
                    value_date=_date(values, "value_on", number, today)
                    if values["value_on"].strip("0 ")
                    else _date(values, "booked_on", number, today),
                    amount=amount,
                    payer_name=values["payer_name"].strip(),
                    reference=values["reference"].strip(),
                    payer_bank=" ".join(
                        v
                        for v in (values["payer_bank"].strip(), values["payer_branch"].strip())
                        if v
                    ),
                    description=values.get("description", "").strip(),
                )
            )
        elif record_type == "8":
            count = _number(values, "credit_count", number)
            total = _number(values, "credit_total", number)
            if (count, total) != (credits_in_group, total_in_group):
                raise BankFileError(
                    _(
                        "%(n)s件目のレコード（トレーラー）: 入金%(count)s件・%(total)s円と"
                        "ありますが、明細は%(found)s件・%(found_total)s円です。"
                    )
                    % {
                        "n": number,
                        "count": count,
                        "total": f"{total:,}",
                        "found": credits_in_group,
                        "found_total": f"{total_in_group:,}",
                    }
                )
            if kind == ZENGIN_STATEMENT and values["record_count"].strip():
                if _number(values, "record_count", number) != records_in_group:
                    raise BankFileError(
                        _("%(n)s件目のレコード（トレーラー）: データの件数が明細と合いません。")
                        % {"n": number}
                    )
            state = "trailer"
        elif record_type == "9":
            state = "end"
    if state != "end":
        raise BankFileError(_("ファイルが途中で終わっています（エンドレコードがありません）。"))
    return result


# --------------------------------------------------------------------------------- CSV

# Each column as the banks head it.
CSV_COLUMNS = {
    "date": ("日付", "取引日", "お取引日", "年月日", "勘定日", "お取引日付", "取扱日"),
    "credit": (
        "入金金額",
        "お預入れ金額",
        "お預入金額",
        "預入金額",
        "入金額",
        "お預り金額",
        "入金",
    ),
    "debit": ("出金金額", "お引出し金額", "お引出金額", "支払金額", "出金額", "出金"),
    "description": ("摘要", "お取引内容", "取引内容", "内容", "お取引"),
    "payer": ("振込依頼人名", "依頼人名", "振込依頼人", "お振込人名"),
    "balance": ("残高", "差引残高", "お取引後残高"),
}
_TRANSFER_WORDS = re.compile(r"^(?:振込|ﾌﾘｺﾐ|フリコミ|振込入金|ﾌﾘｺﾐ ?ﾆﾕｳｷﾝ)\s*")


def _header_map(row: list[str]) -> dict[str, int] | None:
    cells = [unicodedata.normalize("NFKC", c).strip().replace(" ", "") for c in row]
    found = {}
    for key, names in CSV_COLUMNS.items():
        for index, cell in enumerate(cells):
            if cell in {unicodedata.normalize("NFKC", n) for n in names}:
                found.setdefault(key, index)
    if "date" in found and "credit" in found:
        return found
    return None


def parse_csv(data: bytes) -> BankFile:
    """Net banking's CSV: the rows under the header row, credits only (a row with an
    amount out is counted and left)."""
    text = decode(data)
    result = BankFile(format=NET_BANKING_CSV)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    columns = None
    for number, row in enumerate(rows, 1):
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            columns = _header_map(row)
            continue

        def cell(key, row=row, columns=columns):
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        if len(row) <= max(columns["date"], columns["credit"]):
            raise BankFileError(_("%(n)s行目: 列の数が見出しの行と合いません。") % {"n": number})
        try:
            credit = parse_yen(cell("credit"))
            debit = parse_yen(cell("debit"))
        except ValueError:
            raise BankFileError(
                _("%(n)s行目: 金額「%(v)s」を読み取れません。")
                % {"n": number, "v": cell("credit") or cell("debit")}
            ) from None
        if not credit:
            if debit:
                result.debit_count += 1
            continue
        try:
            value_date = csv_date(cell("date"))
        except ValueError:
            raise BankFileError(
                _("%(n)s行目: 日付「%(v)s」を読み取れません。") % {"n": number, "v": cell("date")}
            ) from None
        description = cell("description")
        payer = cell("payer") or _TRANSFER_WORDS.sub("", description)
        result.credits.append(
            BankCredit(
                line_number=number,
                value_date=value_date,
                amount=credit,
                payer_name=payer.strip(),
                description=description,
            )
        )
        dates = [c.value_date for c in result.credits]
        result.period_from, result.period_to = min(dates), max(dates)
    if columns is None:
        raise BankFileError(
            _(
                "見出しの行（日付・入金金額の列）が見つかりません。銀行のCSVファイルを選んでください。"
            )
        )
    return result


def format_record(layout: tuple[tuple[str, int], ...], values: dict[str, object]) -> str:
    """A record by the layout: numbers right-aligned with zeros, text left-aligned with
    spaces, missing fields blank. For generated files (the bench's statement)."""
    out = []
    for name, width in layout:
        value = values.get(name, "")
        text = str(value).rjust(width, "0") if isinstance(value, int) else str(value).ljust(width)
        if len(text) != width:
            raise ValueError(f"{name}: {text!r} does not fit {width} characters")
        out.append(text)
    return "".join(out)


def parse_bank_file(data: bytes, *, today: datetime.date) -> BankFile:
    """Whichever of the three shapes the file is."""
    if not data:
        raise BankFileError(_("ファイルが空です。"))
    if b"\x00" in data[:4096]:
        raise BankFileError(_("テキストのファイルではありません。銀行のファイルを選んでください。"))
    head = _jis7_to_8bit(data[:400]).decode("cp932", errors="replace").lstrip("\ufeff")
    first_line = head.splitlines()[0] if head.splitlines() else ""
    if looks_like_zengin(head) or (first_line[:1].isdigit() and "," not in first_line):
        return parse_zengin(data, today=today)
    return parse_csv(data)
