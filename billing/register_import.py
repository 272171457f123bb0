"""Reading the file of the association's existing members (the register import): CSV in
UTF-8 or Shift_JIS (CP932), or Excel (.xlsx). Pure: no database. Every problem is reported
with its row (as the spreadsheet numbers it, the header being row 1), its column and what
is wrong, in Japanese; the service checks the rest against the register and writes.

The format is documented in docs/member_import.md, with a sample file beside it."""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from aiga.fiscal import fiscal_year
from aiga.uploads import decode_csv
from members.choices import Tier
from members.kana import (
    ascii_width,
    digits_only,
    is_katakana,
    normalise_email,
    parse_yen,
    to_katakana,
)
from members.models.particulars import PersonParticulars

# The association was incorporated on 1 October 2024 (the brochure): nobody joined before.
INCORPORATION = datetime.date(2024, 10, 1)
MEMBER_NUMBER = re.compile(r"^AIGA-\d{4,}$")

# Column key → the header people write (the documented format, in this order).
COLUMNS = {
    "member_number": "会員番号",
    "legal_name": "名称",
    "legal_name_kana": "フリガナ",
    "corporate_number": "法人番号",
    "postal_code": "郵便番号",
    "prefecture": "都道府県",
    "address": "住所",
    "category": "会員区分",
    "admission_date": "入会日",
    "family_name": "担当者 姓",
    "given_name": "担当者 名",
    "family_name_kana": "担当者 セイ",
    "given_name_kana": "担当者 メイ",
    "department": "担当者 部署",
    "title": "担当者 役職",
    "email": "担当者 メール",
    "roles": "担当者 役割",
    "invoice_number": "請求書番号",
    "invoice_subject": "請求書 件名",
    "invoice_date": "請求書 発行日",
    "invoice_total": "請求書 金額",
    "invoice_paid_on": "請求書 入金日",
}
REQUIRED_COLUMNS = ("member_number", "legal_name", "category", "admission_date")
ORGANISATION_KEYS = (
    "legal_name",
    "legal_name_kana",
    "corporate_number",
    "postal_code",
    "prefecture",
    "address",
    "category",
    "admission_date",
)
CONTACT_KEYS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "department",
    "title",
    "email",
    "roles",
)
INVOICE_KEYS = (
    "invoice_number",
    "invoice_subject",
    "invoice_date",
    "invoice_total",
    "invoice_paid_on",
)
MAX_LENGTHS = {
    "legal_name": 200,
    "legal_name_kana": 200,
    "prefecture": 10,
    "address": 300,
    "family_name": 50,
    "given_name": 50,
    "family_name_kana": 50,
    "given_name_kana": 50,
    "department": 100,
    "title": 100,
    "invoice_number": 50,
    "invoice_subject": 200,
}

# 会員区分 as people write it → the code.
CATEGORY_WORDS = {
    "正会員（通常枠）": Tier.REGULAR,
    "通常枠": Tier.REGULAR,
    "通常": Tier.REGULAR,
    "正会員": Tier.REGULAR,
    "正会員（SMB・スタートアップ枠）": Tier.SMB,
    "SMB・スタートアップ枠": Tier.SMB,
    "SMB": Tier.SMB,
    "スタートアップ枠": Tier.SMB,
    "有識者会員": Tier.EXPERT,
    "有識者": Tier.EXPERT,
}
# 役割 as people write it → the contact's field.
ROLE_WORDS = {
    "法人代表者": "is_legal_representative",
    "会員代表者": "is_member_representative",
    "実務担当": "is_practical_contact",
    "実務担当者": "is_practical_contact",
    "請求書宛先": "is_billing_contact",
    "ナビ回答者": "is_navi_respondent",
    "イベント参加者": "is_event_participant",
}
ROLE_FIELDS = tuple(
    dict.fromkeys(
        [name for name, _label in PersonParticulars.ROLE_FIELDS]
        + ["is_navi_respondent", "is_event_participant"]
    )
)


class ImportFileError(Exception):
    """The file cannot be read at all (not CSV or Excel, no header, missing columns)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        where = _("%(row)s行目") % {"row": self.row} if self.row else _("ファイル")
        if self.column:
            return f"{where}「{self.column}」: {self.message}"
        return f"{where}: {self.message}"


@dataclass
class ContactRecord:
    row: int
    values: dict  # the PersonParticulars fields, and each role field True/False


@dataclass
class InvoiceRecord:
    row: int
    number: str
    subject: str
    issue_date: datetime.date
    total: int
    paid_on: datetime.date


@dataclass
class MemberRecord:
    row: int  # the member's first row
    member_number: str
    values: dict  # the organisation's fields
    category: str
    admission_date: datetime.date
    contacts: list[ContactRecord] = field(default_factory=list)
    invoices: list[InvoiceRecord] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "individual" if self.category == Tier.EXPERT else "corporate"


# ----------------------------------------------------------------------------- reading


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The file's rows as text cells (dates as ISO text): .xlsx by its content, otherwise
    CSV in UTF-8 (with or without a byte-order mark) or CP932."""
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if (filename or "").lower().endswith((".xlsx", ".xls")):
        raise ImportFileError(
            _("Excelファイルを読み込めませんでした（.xlsx 形式で保存してください）。")
        )
    try:
        text = decode_csv(data)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("文字コードを判別できません。UTF-8 または Shift_JIS のCSVで保存してください。")
        ) from exc
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any broken workbook is the same message
        raise ImportFileError(_("Excelファイルを読み込めませんでした。")) from exc
    rows = []
    for row in wb.worksheets[0].iter_rows(values_only=True):
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, datetime.datetime):
                cells.append(value.date().isoformat())
            elif isinstance(value, datetime.date):
                cells.append(value.isoformat())
            elif isinstance(value, float) and value.is_integer():
                cells.append(str(int(value)))
            else:
                cells.append(str(value).strip())
        rows.append(cells)
    wb.close()
    return rows


# ----------------------------------------------------------------------------- parsing

_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_date(value: str) -> datetime.date:
    """「2024-10-01」「2024/10/1」「2024年10月1日」 (full width too) → a date."""
    text = unicodedata.normalize("NFKC", value or "").replace(" ", "")
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(text)
    return datetime.date(*(int(g) for g in match.groups()))


def _header_map(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    by_label = {label: key for key, label in COLUMNS.items()}
    positions, errors = {}, []
    for index, label in enumerate(header):
        label = unicodedata.normalize("NFKC", label or "").strip()
        label = label.replace("（", "(").replace("）", ")")
        if not label:
            continue
        key = by_label.get(label)
        if key is None:
            errors.append(RowError(1, label, _("この列は取込の形式にありません。")))
        elif key in positions:
            errors.append(RowError(1, label, _("同じ名前の列が2つあります。")))
        else:
            positions[key] = index
    for key in REQUIRED_COLUMNS:
        if key not in positions:
            errors.append(RowError(1, COLUMNS[key], _("必須の列がありません。")))
    return positions, errors


def parse_members(rows: list[list[str]], *, today: datetime.date):
    """(members, errors): one MemberRecord per member number, in the file's order."""
    if not rows or not any(rows[0]):
        raise ImportFileError(_("1行目に見出しの行が必要です。"))
    positions, errors = _header_map(rows[0])
    if errors:
        return [], errors
    members: dict[str, MemberRecord] = {}
    invoice_numbers: dict[str, int] = {}
    corporate_numbers: dict[str, str] = {}
    broken: set[str] = set()  # members with a row in error: not checked as a whole
    for offset, raw in enumerate(rows[1:], start=2):
        cells = {key: (raw[i] if i < len(raw) else "").strip() for key, i in positions.items()}
        if not any(cells.values()):
            continue  # a blank line
        parser = _RowParser(offset, cells, today)
        record = parser.member()
        if record is None:
            errors.extend(parser.errors)
            broken.add(ascii_width(cells.get("member_number", "")).upper())
            continue
        first = members.get(record.member_number)
        if first is None:
            members[record.member_number] = record
            number = record.values["corporate_number"]
            if number and corporate_numbers.setdefault(number, record.member_number) != (
                record.member_number
            ):
                parser.error(
                    "corporate_number",
                    _("この法人番号は%(other)sの行にもあります。")
                    % {"other": corporate_numbers[number]},
                )
        else:
            parser.same_as(first, record)
            first.contacts.extend(record.contacts)
            first.invoices.extend(record.invoices)
        for invoice in record.invoices:
            if invoice.number in invoice_numbers:
                parser.error(
                    "invoice_number",
                    _("この請求書番号は%(row)s行目にもあります。")
                    % {"row": invoice_numbers[invoice.number]},
                )
            invoice_numbers.setdefault(invoice.number, offset)
        errors.extend(parser.errors)
    for record in members.values():
        if record.member_number not in broken:
            errors.extend(_representative_errors(record))
    errors.sort(key=lambda e: e.row)
    return list(members.values()), errors


def _representative_errors(record: MemberRecord) -> list[RowError]:
    holders = [c for c in record.contacts if c.values.get("is_member_representative")]
    if not holders:
        return [
            RowError(
                record.row,
                COLUMNS["roles"],
                _(
                    "会員代表者（議決権を行使する方）がいません。いずれかの担当者の役割に「会員代表者」と書いてください。"
                ),
            )
        ]
    emails = {c.values["email"].lower() for c in holders}
    if len(emails) > 1:
        return [RowError(holders[1].row, COLUMNS["roles"], _("会員代表者は1組織につき1名です。"))]
    return []


class _RowParser:
    def __init__(self, row: int, cells: dict[str, str], today: datetime.date):
        self.row, self.cells, self.today = row, cells, today
        self.errors: list[RowError] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.row, COLUMNS[key], message))

    def text(self, key: str) -> str:
        value = self.cells.get(key, "")
        limit = MAX_LENGTHS.get(key)
        if limit and len(value) > limit:
            self.error(key, _("%(n)s文字以内で入力してください。") % {"n": limit})
        return value

    def date(self, key: str, *, required: bool) -> datetime.date | None:
        value = self.cells.get(key, "")
        if not value:
            if required:
                self.error(key, _("入力してください。"))
            return None
        try:
            return parse_date(value)
        except ValueError:
            self.error(
                key,
                _("「%(value)s」は日付として読めません（例: 2024-10-01、2024/10/1）。")
                % {"value": value},
            )
            return None

    def member(self) -> MemberRecord | None:
        number = ascii_width(self.cells.get("member_number", "")).upper()
        if not number:
            self.error("member_number", _("入力してください。"))
        elif not MEMBER_NUMBER.match(number):
            self.error(
                "member_number",
                _(
                    "「%(value)s」は会員番号の形式（AIGA-0001 のように AIGA- と4桁以上の数字）"
                    "ではありません。この形式以外の番号は取り込めません。"
                )
                % {"value": self.cells.get("member_number", "")},
            )
        values = self.organisation()
        category = self.category()
        joined = self.date("admission_date", required=True)
        if joined and joined < INCORPORATION:
            self.error("admission_date", _("協会の設立日（2024年10月1日）より前の日付です。"))
        elif joined and joined > self.today:
            self.error("admission_date", _("今日より後の日付です。"))
        if category == Tier.EXPERT and values.get("corporate_number"):
            self.error("corporate_number", _("有識者会員（個人）には法人番号を入力しません。"))
        contact = self.contact()
        invoice = self.invoice()
        if self.errors:
            return None
        return MemberRecord(
            row=self.row,
            member_number=number,
            values=values,
            category=category,
            admission_date=joined,
            contacts=[contact] if contact else [],
            invoices=[invoice] if invoice else [],
        )

    def organisation(self) -> dict:
        legal_name = self.text("legal_name")
        if not legal_name:
            self.error("legal_name", _("入力してください。"))
        kana = to_katakana(self.text("legal_name_kana"))
        if kana and not is_katakana(kana):
            self.error("legal_name_kana", _("カタカナで入力してください。"))
        corporate = digits_only(self.cells.get("corporate_number", ""))
        if corporate and not re.fullmatch(r"\d{13}", corporate):
            self.error("corporate_number", _("法人番号は13桁の数字で入力してください。"))
        postal = digits_only(self.cells.get("postal_code", ""))
        if postal and not re.fullmatch(r"\d{7}", postal):
            self.error("postal_code", _("郵便番号は7桁の数字で入力してください。"))
        return {
            "legal_name": legal_name,
            "legal_name_kana": kana,
            "corporate_number": corporate,
            "postal_code": postal,
            "prefecture": self.text("prefecture"),
            "address": self.text("address"),
        }

    def category(self) -> str:
        value = unicodedata.normalize("NFKC", self.cells.get("category", "")).upper()
        value = value.replace("(", "（").replace(")", "）")
        words = {
            unicodedata.normalize("NFKC", w).upper().replace("(", "（").replace(")", "）"): c
            for w, c in CATEGORY_WORDS.items()
        }
        if not value:
            self.error("category", _("入力してください。"))
            return ""
        if value not in words:
            self.error(
                "category",
                _("「%(value)s」は会員区分として読めません（通常枠・SMB・有識者のいずれか）。")
                % {"value": self.cells.get("category", "")},
            )
            return ""
        return str(words[value])

    def contact(self) -> ContactRecord | None:
        if not any(self.cells.get(key) for key in CONTACT_KEYS):
            return None
        values = {key: self.text(key) for key in CONTACT_KEYS if key not in ("email", "roles")}
        values["family_name_kana"] = to_katakana(values["family_name_kana"])
        values["given_name_kana"] = to_katakana(values["given_name_kana"])
        if not values["family_name"]:
            self.error("family_name", _("担当者の姓を入力してください。"))
        email = normalise_email(self.cells.get("email", ""))
        if not email:
            self.error("email", _("担当者のメールアドレスを入力してください。"))
        else:
            try:
                validate_email(email)
            except ValidationError:
                self.error(
                    "email",
                    _("「%(value)s」は正しいメールアドレスではありません。") % {"value": email},
                )
        values["email"] = email.lower()
        roles = {name: False for name in ROLE_FIELDS}
        for word in re.split(r"[、,，/／・\s]+", self.cells.get("roles", "")):
            if not word:
                continue
            role = ROLE_WORDS.get(word)
            if role is None:
                self.error(
                    "roles",
                    _("「%(value)s」は役割として読めません（%(roles)s）。")
                    % {
                        "value": word,
                        "roles": "・".join(k for k in ROLE_WORDS if k != "実務担当者"),
                    },
                )
            else:
                roles[role] = True
        values.update(roles)
        return ContactRecord(row=self.row, values=values)

    def invoice(self) -> InvoiceRecord | None:
        if not any(self.cells.get(key) for key in INVOICE_KEYS):
            return None
        number = self.text("invoice_number")
        if not number:
            self.error("invoice_number", _("請求書番号を入力してください。"))
        issued = self.date("invoice_date", required=True)
        paid = self.date("invoice_paid_on", required=True)
        if issued and fiscal_year(issued) != fiscal_year(self.today):
            self.error(
                "invoice_date",
                _("今年度（%(fy)s年10月〜）の請求書だけを取り込みます。")
                % {"fy": fiscal_year(self.today)},
            )
        if paid and paid > self.today:
            self.error("invoice_paid_on", _("今日より後の日付です。"))
        total = None
        value = self.cells.get("invoice_total", "")
        if not value:
            self.error("invoice_total", _("入力してください。"))
        else:
            try:
                total = parse_yen(value)
            except ValueError:
                self.error(
                    "invoice_total", _("「%(value)s」は金額として読めません。") % {"value": value}
                )
        if self.errors:
            return None
        return InvoiceRecord(
            row=self.row,
            number=number,
            subject=self.text("invoice_subject"),
            issue_date=issued,
            total=total or 0,
            paid_on=paid,
        )

    def same_as(self, first: MemberRecord, record: MemberRecord) -> None:
        """A member's later rows (more contacts, more invoices) repeat its own details."""
        for key in ORGANISATION_KEYS:
            if key == "category":
                mine, theirs = record.category, first.category
            elif key == "admission_date":
                mine, theirs = record.admission_date, first.admission_date
            else:
                mine, theirs = record.values[key], first.values[key]
            if mine != theirs:
                self.error(
                    key,
                    _("同じ会員番号の%(row)s行目と内容が異なります。") % {"row": first.row},
                )
