"""The matcher on payer names as banks print them: half-width kana, small kana large, the
long vowel as "-", the legal form abbreviated before, after or inside the name, numbers
written before the name, names cut short, and names that must not match."""

import datetime

import pytest

from billing.matching import (
    HIGH,
    LOW,
    MEDIUM,
    NONE,
    Credit,
    OpenInvoice,
    Payer,
    match_credits,
    written_numbers,
)
from members.kana import bank_name_key

D = datetime.date(2025, 10, 1)
PAYERS = [
    Payer(1, "ミナトミライギンコウ", "AIGA-0001"),  # 株式会社みなと未来銀行
    Payer(2, "ヒカリエーアイラボ", "AIGA-0002"),  # ひかりAIラボ株式会社
    Payer(3, "ミライエーアイラボ", "AIGA-0005"),  # みらいAIラボ株式会社
    Payer(4, "コトノハデータ", "AIGA-0006"),  # 合同会社ことのはデータ
    Payer(5, "ニホンエーアイキョウカイ"),  # 一般社団法人日本AI協会
    Payer(6, "デジタルガバナンスケンキュウカイ"),  # 特定非営利活動法人
    Payer(7, "トウキョウコウギョウダイガク"),  # 国立大学法人
    Payer(8, "サクラカイ"),  # 医療法人さくら会
    Payer(9, "ジョウホウセキュリティザイダン"),  # 一般財団法人
    Payer(10, "ヤマダショウジ"),  # 有限会社山田商事
    Payer(11, "アオゾラシステムズ"),
    Payer(12, "アオゾラシステムズホールディングス"),
    Payer(13, "エービーシーソリューションズ"),
    Payer(14, "モリモト サクラ"),  # an expert member, a person
    Payer(15, "キタカゼ"),  # two companies of one reading
    Payer(16, "キタカゼ"),
]
INVOICES = [
    OpenInvoice(101, "AIGA-2025-0001", 1, 1_100_000, D),
    OpenInvoice(117, "AIGA-2024-0101", 1, 500_000, D.replace(year=2024)),
    OpenInvoice(102, "AIGA-2025-0002", 2, 330_000, D),
    OpenInvoice(103, "AIGA-2025-0003", 3, 100_000, D),
    OpenInvoice(104, "AIGA-2025-0004", 4, 150_000, D),
    OpenInvoice(105, "AIGA-2025-0005", 5, 600_000, D),
    OpenInvoice(106, "AIGA-2025-0006", 6, 50_000, D),
    OpenInvoice(107, "AIGA-2025-0007", 7, 600_000, D),
    OpenInvoice(108, "AIGA-2025-0008", 8, 200_000, D),
    OpenInvoice(109, "AIGA-2025-0009", 9, 300_000, D),
    OpenInvoice(110, "AIGA-2025-0010", 10, 100_000, D),
    OpenInvoice(111, "AIGA-2025-0011", 11, 220_000, D),
    OpenInvoice(112, "AIGA-2025-0012", 12, 440_000, D),
    OpenInvoice(113, "AIGA-2025-0013", 13, 550_000, D),
    OpenInvoice(114, "AIGA-2025-0014", 14, 30_000, D),
    OpenInvoice(115, "AIGA-2025-0015", 15, 110_000, D),
    OpenInvoice(116, "AIGA-2025-0016", 16, 120_000, D),
]

# payer as the bank prints it, amount → invoice, confidence, reason
TABLE = [
    ("ｶ)ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ", 1_100_000, 101, HIGH, "name"),
    ("ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ(ｶ", 500_000, 117, HIGH, "name"),
    ("ｶﾌﾞｼｷｶﾞｲｼﾔ ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ", 1_100_000, 101, HIGH, "name"),
    ("ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ ｹｲﾘﾌﾞ", 1_100_000, 101, MEDIUM, "name_prefix"),
    ("AIGA-0001 ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ", 1_100_000, 101, HIGH, "member_number"),
    ("0001 ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ", 500_000, 117, HIGH, "member_number"),
    ("AIGA-2025-0001 ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ", 1_100_000, 101, HIGH, "invoice_number"),
    ("AIGA20250001 ﾐﾅﾄ", 1_100_000, 101, HIGH, "invoice_number"),
    ("ﾋｶﾘｴ-ｱｲﾗﾎﾞ(ｶ", 330_000, 102, HIGH, "name"),
    ("ﾋｶﾘｴｰｱｲﾗﾎﾞ(ｶ)", 330_000, 102, HIGH, "name"),
    ("ｶ)ﾋｶﾘｴｰｱｲﾗﾎﾞ", 329_340, 102, MEDIUM, "name"),  # the fee deducted
    ("ﾋｶﾘ(ｶ)ｴ-ｱｲﾗﾎﾞ", 330_000, 102, HIGH, "name"),  # the form inside the name
    ("ひかりえーあいらぼ", 330_000, 102, HIGH, "name"),  # typed in hiragana
    ("ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ", 100_000, 103, HIGH, "name"),
    ("ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ", 99_340, 103, MEDIUM, "name"),
    ("ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ", 50_000, 103, LOW, "name"),  # half of it
    ("ﾄﾞ)ｺﾄﾉﾊﾃﾞ-ﾀ", 150_000, 104, HIGH, "name"),
    ("ｺﾄﾉﾊﾃﾞｰﾀ(ﾄﾞ", 150_000, 104, HIGH, "name"),
    ("ｺﾞｳﾄﾞｳｶﾞｲｼﾔ ｺﾄﾉﾊﾃﾞ-ﾀ", 150_000, 104, HIGH, "name"),
    ("0006 ｺﾄﾉﾊ", 150_000, 104, HIGH, "member_number"),
    ("ｼﾔ)ﾆﾎﾝｴ-ｱｲｷﾖｳｶｲ", 600_000, 105, HIGH, "name"),  # ョ written ﾖ
    ("ｲﾂﾊﾟﾝｼﾔﾀﾞﾝﾎｳｼﾞﾝ ﾆﾎﾝｴｰｱｲｷﾖｳｶｲ", 600_000, 105, HIGH, "name"),
    ("ﾄｸﾋ)ﾃﾞｼﾞﾀﾙｶﾞﾊﾞﾅﾝｽｹﾝｷﾕｳｶｲ", 50_000, 106, HIGH, "name"),
    ("ﾃﾞｼﾞﾀﾙｶﾞﾊﾞﾅﾝｽｹﾝｷﾕｳｶｲ", 50_000, 106, HIGH, "name"),
    ("ﾀﾞｲ)ﾄｳｷﾖｳｺｳｷﾞﾖｳﾀﾞｲｶﾞｸ", 600_000, 107, HIGH, "name"),  # not 105, of the same amount
    ("ｲ)ｻｸﾗｶｲ", 200_000, 108, HIGH, "name"),
    ("ｻｸﾗｶｲ(ｲ", 200_000, 108, HIGH, "name"),
    ("ｻﾞｲ)ｼﾞﾖｳﾎｳｾｷﾕﾘﾃｲｻﾞｲﾀﾞﾝ", 300_000, 109, HIGH, "name"),
    ("ﾕ)ﾔﾏﾀﾞｼﾖｳｼﾞ", 100_000, 110, HIGH, "name"),  # not 103, of the same amount
    ("ﾔﾏﾀﾞｼﾖｳｼﾞ(ﾕ", 100_000, 110, HIGH, "name"),
    ("ｶ)ｱｵｿﾞﾗｼｽﾃﾑｽﾞ", 220_000, 111, HIGH, "name"),  # not the holding company
    ("ｶ)ｱｵｿﾞﾗｼｽﾃﾑｽﾞﾎ-ﾙﾃﾞｲﾝｸﾞｽ", 440_000, 112, HIGH, "name"),
    ("ｱｵｿﾞﾗｼｽﾃﾑｽﾞﾎ-ﾙﾃﾞｲﾝ", 440_000, 112, MEDIUM, "name_prefix"),  # cut short
    ("ｴ-ﾋﾞ-ｼ-ｿﾘﾕ-ｼﾖﾝｽﾞ(ｶ", 550_000, 113, HIGH, "name"),
    ("ﾓﾘﾓﾄ ｻｸﾗ", 30_000, 114, HIGH, "name"),
    ("ﾓﾘﾓﾄｻｸﾗ", 30_000, 114, HIGH, "name"),
    ("ｷﾀｶｾﾞ", 120_000, 116, MEDIUM, "name"),  # two of the name: the amount decides
    ("ｷﾀｶｾﾞ(ｶ", 110_000, 115, MEDIUM, "name"),
    ("ﾐﾅﾄﾐﾗｲ", 1_100_000, 101, MEDIUM, "name_prefix"),
    ("AIGA-2025-0002", 300_000, 102, MEDIUM, "invoice_number"),  # amount differs
    ("ｽｽﾞｷ ｲﾁﾛｳ", 30_000, 114, LOW, "amount"),  # a stranger, one invoice of the amount
    ("ﾔﾏﾀﾞ ﾀﾛｳ", 55_000, None, NONE, "none"),
    ("ﾀﾅｶ ﾊﾅｺ", 600_000, None, NONE, "ambiguous"),  # two invoices of the amount
    ("AIGA-2025-0099 ﾀﾅｶ", 12_345, None, NONE, "none"),  # no such invoice
    ("ｶ)ﾐﾗｲ", 100_000, None, NONE, "ambiguous"),  # too short to compare by its start
]


def test_the_table_has_forty_names():
    assert len(TABLE) >= 40


@pytest.mark.parametrize("payer,amount,invoice,confidence,reason", TABLE)
def test_payer_names_as_banks_write_them(payer, amount, invoice, confidence, reason):
    [proposal] = match_credits(
        credits=[Credit(1, amount, payer)], invoices=INVOICES, payers=PAYERS, fee_tolerance=880
    )
    assert (proposal.invoice_id, proposal.confidence, proposal.reason) == (
        invoice,
        confidence,
        reason,
    )


def test_the_difference_is_what_is_short_or_in_excess():
    short, excess = match_credits(
        credits=[Credit(1, 99_340, "ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ"), Credit(2, 335_000, "ﾋｶﾘｴｰｱｲﾗﾎﾞ")],
        invoices=INVOICES,
        payers=PAYERS,
        fee_tolerance=880,
    )
    assert short.difference == -660
    assert excess.difference == 5_000
    assert excess.confidence == MEDIUM


def test_a_shortfall_above_the_tolerance_is_not_a_fee():
    [proposal] = match_credits(
        credits=[Credit(1, 99_000, "ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ")],
        invoices=INVOICES,
        payers=PAYERS,
        fee_tolerance=880,
    )
    assert (proposal.confidence, proposal.difference) == (LOW, -1_000)


def test_credits_of_one_file_pay_an_organisations_invoices_in_turn():
    first, second, third = match_credits(
        credits=[
            Credit(1, 500_000, "ｶ)ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ"),
            Credit(2, 1_100_000, "ｶ)ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ"),
            Credit(3, 1_100_000, "ｶ)ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ"),  # the same payment twice
        ],
        invoices=INVOICES,
        payers=PAYERS,
        fee_tolerance=880,
    )
    assert (first.invoice_id, first.confidence) == (117, HIGH)
    assert (second.invoice_id, second.confidence) == (101, HIGH)
    assert third.confidence == NONE  # nothing of theirs is open any more


@pytest.mark.parametrize(
    "payer,expected",
    [
        ("AIGA-2025-0012 ｶ)ﾐﾗｲ", ("AIGA-2025-0012", "")),
        ("ｶ)ﾐﾗｲ AIGA-2025-0012", ("AIGA-2025-0012", "")),
        ("２０２５－００１２ ﾐﾗｲ", ("AIGA-2025-0012", "")),
        ("AIGA-0001 ﾐﾅﾄ", ("", "AIGA-0001")),
        ("0001 ﾐﾅﾄ", ("", "AIGA-0001")),
        ("AIGA0001ﾐﾅﾄ", ("", "AIGA-0001")),
        ("ﾐﾅﾄ", ("", "")),
    ],
)
def test_numbers_written_with_the_name(payer, expected):
    assert written_numbers(payer) == expected


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("ｶ)ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ", "ミナトミライギンコウ"),
        ("ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ(ｶ", "ミナトミライギンコウ"),
        ("ﾐﾅﾄ(ｶ)ﾐﾗｲｷﾞﾝｺｳ", "ミナトミライギンコウ"),
        ("ミナトミライギンコウ", "ミナトミライギンコウ"),
        ("ニホンエーアイキョウカイ", "ニホンエ-アイキヨウカイ"),
        ("ﾆﾎﾝ ｴ-ｱｲ ｷﾖｳｶｲ", "ニホンエ-アイキヨウカイ"),
        ("ｶ)", ""),
    ],
)
def test_bank_name_key(typed, expected):
    assert bank_name_key(typed) == expected
