from decimal import Decimal

import pytest

from members import kana, postal
from members.kana import gojuon_key, reading_without_legal_form


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("やまだ", "ヤマダ"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        ("ヤマダ　タロウ", "ヤマダ タロウ"),
        ("えーあいがばなんす", "エーアイガバナンス"),
        ("ｶﾌﾞｼｷｶﾞｲｼｬ ｴｰｱｲ", "カブシキガイシャ エーアイ"),
    ],
)
def test_to_katakana(typed, expected):
    assert kana.to_katakana(typed) == expected
    assert kana.is_katakana(kana.to_katakana(typed))


@pytest.mark.parametrize("typed", ["山田", "Yamada", "ヤマダ1"])
def test_not_katakana(typed):
    assert not kana.is_katakana(kana.to_katakana(typed))


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("１，０００，０００", 1_000_000),
        ("¥100,000,000", 100_000_000),
        ("５千万", None),
        ("", None),
    ],
)
def test_parse_yen(typed, expected):
    if typed == "５千万":
        with pytest.raises(ValueError):
            kana.parse_yen(typed)
    else:
        assert kana.parse_yen(typed) == expected


def test_parse_percent():
    assert kana.parse_percent("５１．５％") == Decimal("51.5")
    assert kana.parse_percent("") is None
    with pytest.raises(ValueError):
        kana.parse_percent("半分")


@pytest.mark.parametrize("typed", ["〒１０４－００６１", "104-0061", "1040061", "104ー0061"])
def test_postal_code_normalised_and_found(typed):
    found = postal.lookup(typed)
    assert found is not None
    assert (found.postal_code, found.prefecture, found.city, found.town) == (
        "104-0061",
        "東京都",
        "中央区",
        "銀座",
    )


@pytest.mark.parametrize("typed", ["0000000", "12345", "abcdefg", ""])
def test_postal_code_unknown(typed):
    assert postal.lookup(typed) is None


def test_phone_and_email():
    assert kana.normalise_phone("０３－１２３４－５６７８") == "03-1234-5678"
    assert kana.is_valid_phone("03-1234-5678")
    assert kana.is_valid_phone("+81312345678")
    assert not kana.is_valid_phone("12-34")
    assert kana.normalise_email(" ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ ") == "taro@example.jp"
    assert kana.split_addresses("a@example.jp、b@example.jp\na@example.jp") == [
        "a@example.jp",
        "b@example.jp",
    ]


def test_postal_lookup_works_from_another_thread():
    import threading

    results = []
    thread = threading.Thread(target=lambda: results.append(postal.lookup("1040061")))
    thread.start()
    thread.join()
    assert results[0] is not None and results[0].city == "中央区"


@pytest.mark.parametrize(
    ("typed", "yen"),
    [
        ("１００，０００，０００円", 100_000_000),
        ("¥100,000,000", 100_000_000),
        ("￥100000000", 100_000_000),
        ("5億", 500_000_000),
        ("５億", 500_000_000),
        ("1億2000万", 120_000_000),
        ("3000万円", 30_000_000),
        ("1兆", 10**12),
        ("", None),
        ("  ", None),
    ],
)
def test_one_parser_reads_yen_as_japanese_write_it(typed, yen):
    from members.kana import parse_yen

    assert parse_yen(typed) == yen


@pytest.mark.parametrize("typed", ["五億", "1.5億", "abc", "億", "1万億"])
def test_what_is_not_an_amount_is_refused(typed):
    from members.kana import parse_yen

    with pytest.raises(ValueError):
        parse_yen(typed)


def test_a_negative_amount_is_its_own_refusal():
    from members.kana import NegativeAmountError, parse_yen

    with pytest.raises(NegativeAmountError):
        parse_yen("－100")


def test_the_three_pages_read_the_same_amount_the_same_way(client, db):
    """/membership/, /billing/quote/ and /apply/quote/ all take 「５億」 as ¥500,000,000."""
    membership = client.get("/membership/", {"category": "corporate", "capital": "５億"})
    assert 'data-tier="regular"' in membership.content.decode()
    api = client.get("/billing/quote/", {"category": "corporate", "capital": "５億"})
    assert api.status_code == 200 and api.json()["tier"] == "regular"
    apply = client.post("/apply/quote/", {"category": "corporate", "share_capital": "５億"})
    assert 'data-tier="regular"' in apply.content.decode()


@pytest.mark.parametrize(
    "typed",
    ["1000000000000001", str(2**63), "9" * 40, "9" * 5000, "1001兆", "99999999999999999999兆"],
)
def test_an_amount_beyond_a_thousand_trillion_yen_is_its_own_refusal(typed):
    from members.kana import MAX_YEN, AmountTooLargeError, parse_yen

    assert MAX_YEN == 10**15 < 2**63 - 1  # what a BigIntegerField holds
    with pytest.raises(AmountTooLargeError):
        parse_yen(typed)


@pytest.mark.parametrize(
    "typed,yen", [("1000兆", 10**15), ("1,000,000,000,000,000", 10**15), ("0" * 40 + "7", 7)]
)
def test_up_to_a_thousand_trillion_yen_is_an_amount(typed, yen):
    from members.kana import parse_yen

    assert parse_yen(typed) == yen


@pytest.mark.parametrize(
    ("kana", "reading"),
    [
        ("カブシキガイシャワカバ", "ワカバ"),
        ("ガイアゴウドウガイシャ", "ガイア"),
        ("いっぱんしゃだんほうじん みらい", "ミライ"),
        ("アオゾラ", "アオゾラ"),
    ],
)
def test_the_reading_loses_its_legal_form(kana, reading):
    assert reading_without_legal_form(kana) == reading


def test_gojuon_order_puts_voiced_and_small_kana_with_their_plain_sound():
    names = ["ガイア", "カモメ", "キッテ", "キツネ", "アオゾラ", ""]
    ordered = sorted(names, key=lambda k: gojuon_key(k, "Zeta"))
    assert ordered == ["アオゾラ", "ガイア", "カモメ", "キッテ", "キツネ", ""]
