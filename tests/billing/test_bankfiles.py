"""The bank's files, read as the banks write them (fixtures/bank/, written by
make_fixtures.py): both Zengin formats with and without line breaks, in CP932 and 7-bit
JIS, net banking CSV with 和暦 and 西暦 dates, and the files that must be refused."""

import datetime
from pathlib import Path

import pytest

from billing import bankfiles
from billing.bankfiles import BankFileError, csv_date, parse_bank_file, zengin_date

FIXTURES = Path(__file__).parent / "fixtures" / "bank"
TODAY = datetime.date(2025, 10, 25)


def read(name: str):
    return parse_bank_file((FIXTURES / name).read_bytes(), today=TODAY)


def summary(result):
    return [(c.line_number, c.value_date, c.amount, c.payer_name) for c in result.credits]


STATEMENT_CREDITS = [
    (2, datetime.date(2025, 10, 14), 100_000, "ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ"),
    (3, datetime.date(2025, 10, 14), 149_340, "ﾄﾞ)ｺﾄﾉﾊﾃﾞ-ﾀ"),
    (5, datetime.date(2025, 10, 15), 600_000, "AIGA-0004 ｻﾝﾌﾟﾙｷﾞﾝｺｳ"),
    (6, datetime.date(2025, 10, 16), 55_000, "ﾔﾏﾀﾞ ﾀﾛｳ"),
]


@pytest.mark.parametrize("name", ["statement_crlf.txt", "statement_no_breaks.txt"])
def test_statement_with_and_without_line_breaks(name):
    result = read(name)
    assert result.format == bankfiles.ZENGIN_STATEMENT
    assert summary(result) == STATEMENT_CREDITS
    assert result.debit_count == 1  # the fee paid out is not a credit
    assert result.account_number == "1234567"
    assert (result.period_from, result.period_to) == (
        datetime.date(2025, 10, 14),
        datetime.date(2025, 10, 16),
    )
    assert result.credit_total == 904_340


TRANSFER_CREDITS = [
    (2, datetime.date(2025, 10, 20), 330_000, "AIGA-2025-0007 ﾋｶﾘｴ-ｱｲﾗﾎﾞ"),
    (3, datetime.date(2025, 10, 21), 99_340, "ｶﾌﾞｼｷｶﾞｲｼﾔ ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ"),
    (4, datetime.date(2025, 10, 21), 50_000, "ｲﾂﾊﾟﾝｼﾔﾀﾞﾝﾎｳｼﾞﾝ ﾃﾞｼﾞﾀﾙｷﾖｳｶｲ"),
]


@pytest.mark.parametrize("name", ["transfer_notice.txt", "transfer_notice_jis7.txt"])
def test_transfer_notice_in_cp932_and_seven_bit_jis(name):
    result = read(name)
    assert result.format == bankfiles.ZENGIN_TRANSFER
    assert summary(result) == TRANSFER_CREDITS
    assert result.credits[0].payer_bank == "ﾐﾂｲｽﾐﾄﾓ ｼﾅｶﾞﾜ"


def test_net_banking_csv_with_wareki_dates_and_header_rows():
    result = read("netbank_wareki.csv")
    assert result.format == bankfiles.NET_BANKING_CSV
    assert summary(result) == [
        (7, datetime.date(2025, 10, 14), 100_000, "ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ"),
        (9, datetime.date(2025, 10, 15), 600_000, "AIGA-0004 ｻﾝﾌﾟﾙｷﾞﾝｺｳ"),
        (10, datetime.date(2025, 10, 16), 49_560, "ﾄｸﾋ)ﾃﾞｰﾀｶﾞﾊﾞﾅﾝｽｹﾝｷｭｳｶｲ"),
    ]
    assert result.debit_count == 1


def test_net_banking_csv_with_payer_column_and_mixed_dates():
    result = read("netbank_seireki.csv")
    assert summary(result) == [
        (5, datetime.date(2025, 10, 20), 1_100_000, "ｶ)ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ"),
        (6, datetime.date(2025, 10, 21), 330_000, "ﾋｶﾘｴｰｱｲﾗﾎﾞ(ｶ)"),
    ]
    assert result.debit_count == 1


@pytest.mark.parametrize(
    "name,message",
    [
        ("bad_record_length.txt", "3行目: レコードの長さが199文字です"),
        ("bad_record_type.txt", "4件目のレコード: 不明なデータ区分「5」"),
        ("bad_amount.csv", "5行目: 金額「十五万」を読み取れません"),
    ],
)
def test_bad_files_name_the_line(name, message):
    with pytest.raises(BankFileError) as error:
        read(name)
    assert message in str(error.value)


def _records(name):
    return (FIXTURES / name).read_bytes().split(b"\r\n")


def test_no_breaks_file_cut_short_names_the_record():
    data = (FIXTURES / "statement_no_breaks.txt").read_bytes()[:-7]
    with pytest.raises(BankFileError, match="8件目のレコードが193文字"):
        parse_bank_file(data, today=TODAY)


def test_trailer_that_disagrees_with_the_data_is_refused():
    lines = _records("transfer_notice.txt")
    lines[4] = lines[4][:7] + b"000000999999" + lines[4][19:]  # the trailer's total
    with pytest.raises(BankFileError, match="5件目のレコード（トレーラー）"):
        parse_bank_file(b"\r\n".join(lines), today=TODAY)


def test_missing_end_record_is_refused():
    lines = [line for line in _records("transfer_notice.txt") if not line.startswith(b"9")]
    with pytest.raises(BankFileError, match="エンドレコード"):
        parse_bank_file(b"\r\n".join(lines), today=TODAY)


def test_data_before_a_header_is_refused():
    lines = _records("transfer_notice.txt")
    with pytest.raises(BankFileError, match="1件目のレコード"):
        parse_bank_file(b"\r\n".join(lines[1:]), today=TODAY)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "ファイルが空です"),
        (b"%PDF-1.7\x00\x00binary", "テキストのファイルではありません"),
        ("説明,金額\r\n1,2\r\n".encode("cp932"), "見出しの行"),
        (b"\x82", "文字コードを読み取れません"),
    ],
)
def test_other_bad_input(data, message):
    with pytest.raises(BankFileError, match=message):
        parse_bank_file(data, today=TODAY)


@pytest.mark.parametrize(
    "text,today,expected",
    [
        ("071015", datetime.date(2025, 10, 25), datetime.date(2025, 10, 15)),  # 令和7年
        ("251015", datetime.date(2025, 10, 25), datetime.date(2025, 10, 15)),  # 西暦
        ("010501", datetime.date(2019, 6, 1), datetime.date(2019, 5, 1)),  # 令和元年
        ("080331", datetime.date(2026, 4, 2), datetime.date(2026, 3, 31)),
    ],
)
def test_zengin_dates(text, today, expected):
    assert zengin_date(text, today=today) == expected


@pytest.mark.parametrize("text", ["071315", "0710", "ABCDEF"])
def test_zengin_dates_that_are_not(text):
    with pytest.raises(ValueError):
        zengin_date(text, today=TODAY)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("R7.10.15", datetime.date(2025, 10, 15)),
        ("令和7年10月15日", datetime.date(2025, 10, 15)),
        ("令和元年5月1日", datetime.date(2019, 5, 1)),
        ("Ｒ７．１０．１５", datetime.date(2025, 10, 15)),
        ("H31.4.30", datetime.date(2019, 4, 30)),
        ("2025/10/15", datetime.date(2025, 10, 15)),
        ("2025-1-5", datetime.date(2025, 1, 5)),
        ("20251015", datetime.date(2025, 10, 15)),
        ("2025年10月15日", datetime.date(2025, 10, 15)),
    ],
)
def test_csv_dates(text, expected):
    assert csv_date(text) == expected
