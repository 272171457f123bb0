"""Formula injection: every CSV and Excel export goes through aiga.exports, which turns a
value a spreadsheet would run as a formula into plain text."""

import ast
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from aiga.exports import SafeCsvWriter, csv_bytes, safe_cell, xlsx_append, xlsx_bytes
from tests.helpers import ROOT

HYPERLINK = '=HYPERLINK("http://x.example","click")'


# ------------------------------------------------------------------ safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, '\'=HYPERLINK("http://x.example","click")'),
        ("=1+1", "'=1+1"),
        ("+81 3 1234 5678", "'+81 3 1234 5678"),
        ("-5", "'-5"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        # Full-width, as a Japanese IME types them.
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
    ],
)
def test_a_string_that_starts_a_formula_gets_an_apostrophe(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize(
    "value",
    ["株式会社", "架空テクノロジー株式会社", "a=b", "1+1", "x@example.jp", "", "'quoted", "（株）"],
)
def test_a_harmless_string_is_unchanged(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize(
    "value",
    [
        0,
        -5,
        600000,
        Decimal("-1.50"),
        1.5,
        datetime.date(2026, 4, 15),
        datetime.datetime(2026, 4, 15, 10, 30),
        True,
        None,
    ],
)
def test_a_value_that_is_not_a_string_passes_through(value):
    result = safe_cell(value)
    assert result is value  # the same object: -5 stays the number -5


def test_a_lazy_translation_is_treated_as_the_string_it_is():
    assert safe_cell(gettext_lazy("=1+1")) == "'=1+1"


# ------------------------------------------------------------------ CSV


def test_csv_bytes_is_utf8_with_a_bom_and_crlf_and_every_cell_is_safe():
    data = csv_bytes(["会員名", "金額"], [[HYPERLINK, -5], ["株式会社", 600000]])
    assert data == (
        b"\xef\xbb\xbf"
        + '会員名,金額\r\n"\'=HYPERLINK(""http://x.example"",""click"")",-5\r\n'.encode()
        + "株式会社,600000\r\n".encode()
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["会員名", "金額"],
        ['\'=HYPERLINK("http://x.example","click")', "-5"],
        ["株式会社", "600000"],
    ]


def test_csv_bytes_without_a_bom():
    assert csv_bytes(["a"], [["=1"]], bom=False) == b"a\r\n'=1\r\n"


def test_csv_bytes_header_goes_through_safe_cell_too():
    assert csv_bytes(["-x"], []) == b"\xef\xbb\xbf'-x\r\n"


def test_the_row_by_row_writer():
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(["@x", 1])
    writer.writerows([["+y", None]])
    assert buffer.getvalue() == "'@x,1\r\n'+y,\r\n"


# ------------------------------------------------------------------ Excel


def _reloaded(wb):
    return load_workbook(io.BytesIO(xlsx_bytes(wb))).active


def test_openpyxl_alone_would_store_the_name_as_a_formula():
    """Why the helper exists."""
    wb = Workbook()
    wb.active.append([HYPERLINK])
    assert _reloaded(wb)["A1"].data_type == "f"


def test_xlsx_append_stores_a_formula_looking_string_as_text_and_numbers_as_numbers():
    wb = Workbook()
    ws = wb.active
    xlsx_append(ws, ["入会申込者一覧"])
    xlsx_append(ws, [])
    xlsx_append(ws, [HYPERLINK, -5, "＝1+1", "株式会社", None, Decimal("1.5")])
    xlsx_append(ws, {"B": "@x", "C": 3})
    ws = _reloaded(wb)
    assert ws["A1"].value == "入会申込者一覧"
    cell = ws["A3"]
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x.example","click")'
    assert (ws["B3"].data_type, ws["B3"].value) == ("n", -5)
    assert ws["C3"].value == "'＝1+1"
    assert ws["D3"].value == "株式会社"
    assert ws["E3"].value is None
    assert ws["F3"].value == 1.5
    assert (ws["B4"].value, ws["C4"].value) == ("'@x", 3)
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]


# ------------------------------------------------------------------ the guard

APPS = ("aiga", "members", "billing", "navi", "events")
HELPER = "aiga/exports.py"
# Modules that may import openpyxl themselves, for the workbook and its fonts and formats;
# their rows still go in through aiga.exports.xlsx_append.
# Modules that style their own sheets (fonts, number formats) and append through the helper.
OPENPYXL_ALLOWED = {
    "members/admissions/board_pack.py",
    "billing/admin/journal.py",
    "navi/exports.py",  # styles the sheet; its rows go through aiga.exports
    "members/registers.py",  # the registers and the roster; rows through aiga.exports
    "events/exports.py",  # the agenda's and the engagement report's sheets, likewise
}
# Modules that read spreadsheets and write none.
OPENPYXL_READERS = {"billing/register_import.py"}
CSV_WRITERS = {"writer", "DictWriter"}
SPREADSHEET_LIBRARIES = {"openpyxl", "xlsxwriter", "xlwt", "tablib", "pandas", "pyexcel", "odf"}
WORKSHEET_NAMES = {"ws", "sheet", "worksheet"}


def _root_module(name: str | None) -> str:
    return (name or "").split(".")[0]


def export_problems(source: str) -> list[str]:
    """What a module does to write CSV or Excel without aiga.exports."""
    tree = ast.parse(source)
    problems = []
    csv_names = set()
    sheets = set(WORKSHEET_NAMES)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "csv":
                    csv_names.add(alias.asname or "csv")
                elif _root_module(alias.name) in SPREADSHEET_LIBRARIES:
                    problems.append(f"imports {_root_module(alias.name)}")
        elif isinstance(node, ast.ImportFrom):
            root = _root_module(node.module)
            if root == "csv" and CSV_WRITERS & {a.name for a in node.names}:
                problems.append("imports a csv writer")
            elif root in SPREADSHEET_LIBRARIES:
                problems.append(f"imports {root}")
        elif isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id in csv_names:
                if node.attr in CSV_WRITERS:
                    problems.append(f"calls csv.{node.attr}")
        elif isinstance(node, ast.Assign):
            value = node.value
            func = value.func if isinstance(value, ast.Call) else None
            if (isinstance(value, ast.Attribute) and value.attr == "active") or (
                isinstance(func, ast.Attribute) and func.attr == "create_sheet"
            ):
                sheets |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "append"
        ):
            receiver = node.func.value
            if (isinstance(receiver, ast.Name) and receiver.id in sheets) or (
                isinstance(receiver, ast.Attribute) and receiver.attr == "active"
            ):
                problems.append(f"appends to a worksheet directly (line {node.lineno})")
    return problems


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" not in path.parts and relative != HELPER:
                yield relative, path.read_text(encoding="utf-8")


def test_every_csv_and_excel_export_goes_through_aiga_exports():
    found = {}
    for relative, source in _modules():
        problems = export_problems(source)
        if relative in OPENPYXL_READERS:
            problems = [p for p in problems if p != "imports openpyxl"]
        if relative in OPENPYXL_ALLOWED:
            problems = [p for p in problems if p != "imports openpyxl"]
            if "from aiga.exports import" not in source:
                problems.append("does not use aiga.exports")
        if problems:
            found[relative] = problems
    assert found == {}, (
        "Write CSV with aiga.exports.csv_bytes / SafeCsvWriter and Excel rows with "
        "aiga.exports.xlsx_append (formula injection):\n"
        + "\n".join(f"{module}: {', '.join(problems)}" for module, problems in found.items())
    )


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("import csv\nw = csv.writer(f)", True),
        ("import csv as c\nw = c.DictWriter(f, fieldnames=[])", True),
        ("from csv import writer", True),
        ("import csv\nrows = list(csv.reader(f))", False),
        ("from openpyxl import Workbook\nwb = Workbook()", True),
        ("import xlsxwriter", True),
        ("wb = make()\nreport = wb.active\nreport.append([1])", True),
        ("page = wb.create_sheet('x')\npage.append([1])", True),
        ("wb.active.append([1])", True),
        ("ws.append([1])", True),
        ("rows = []\nrows.append(1)", False),
        ("from aiga.exports import xlsx_append\nxlsx_append(ws, [1])", False),
    ],
)
def test_the_guard_catches_what_it_should(source, caught):
    assert bool(export_problems(source)) is caught


def test_control_characters_are_removed_so_the_workbook_can_be_written():
    from openpyxl import Workbook

    assert safe_cell("架空\x0b商事\x00") == "架空商事"
    assert safe_cell("\x01=SUM(1)") == "'=SUM(1)"
    wb = Workbook()
    xlsx_append(wb.active, ["架空\x0b商事"])
    assert xlsx_bytes(wb).startswith(b"PK")


def test_csv_in_shift_jis_for_an_accounting_package():
    from aiga.exports import csv_bytes

    data = csv_bytes(None, [["=1+1", "𠮷田商事", 100]], encoding="cp932")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("cp932") == "'=1+1,〓田商事,100\r\n"
