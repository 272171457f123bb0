"""The particulars' form fields: what people type, what is kept, what is refused."""

from decimal import Decimal

import pytest
from django import forms
from stdnum.jp import cn

from members import fields


@pytest.mark.parametrize(
    "field,typed,kept",
    [
        (fields.KatakanaField(), "みどりかわ", "ミドリカワ"),
        (fields.KatakanaField(), "ﾐﾄﾞﾘｶﾜ", "ミドリカワ"),
        (fields.EmailAddressField(), " ｈａｎａｋｏ＠example.jp ", "hanako@example.jp"),
        (fields.EmailListField(), "a@x.jp、b@x.jp\na@x.jp", ["a@x.jp", "b@x.jp"]),
        (fields.PhoneField(), "０３－１２３４－５６７８", "03-1234-5678"),
        (fields.PostalCodeField(), "〒１０４－００６１", "104-0061"),
        (fields.WebsiteField(), "ｅｘａｍｐｌｅ．ｊｐ", "https://example.jp"),
        (fields.YenField(), "５億", 500_000_000),
        (fields.YenField(), "¥1億2000万円", 120_000_000),
        (fields.PercentField(), "５１．５％", Decimal("51.50")),
        (fields.PercentField(), "33.333", Decimal("33.33")),
    ],
)  # fmt: skip
def test_typed_as_people_type_it(field, typed, kept):
    assert field.clean(typed) == kept


def test_a_corporate_number_typed_full_width_with_dashes():
    number = cn.calc_check_digit("701040108999") + "701040108999"
    typed = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert fields.CorporateNumberField().clean(f"{typed[:1]}－{typed[1:5]} {typed[5:]}") == number


@pytest.mark.parametrize(
    "field,typed,message",
    [
        (fields.KatakanaField(), "緑川", "カタカナ"),
        (fields.EmailAddressField(), "hanako@", "メールアドレス"),
        (fields.EmailListField(), "ok@example.jp, bad@", "bad@"),
        (fields.PhoneField(), "12-34", "電話番号"),
        (fields.CorporateNumberField(), "1234567890123", "チェックディジット"),
        (fields.CorporateNumberField(), "12345", "13桁"),
        (fields.PostalCodeField(), "0000000", "見つかりません"),
        (fields.PostalCodeField(), "12-34", "7桁"),
        (fields.WebsiteField(), "not a url", "URL"),
        (fields.YenField(), "5千万円", "円単位"),
        (fields.YenField(), "-100", "円単位"),
        (fields.YenField(), str(10**30), "金額が大きすぎます"),
        (fields.YenField(), "１，０００，０００，０００，０００，００１", "金額が大きすぎます"),
        (fields.EmailAddressField(), "a\x00@example.jp", "使用できない制御文字（NUL）"),
        (fields.PercentField(), "150", "0から100"),
        (fields.PercentField(), "1e9", "0から100"),
    ],
)
def test_refused_with_a_japanese_message(field, typed, message):
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(typed)
    assert message in " ".join(refused.value.messages)


def test_empty_is_empty_and_required_is_said():
    assert fields.YenField(required=False).clean("") is None
    assert fields.EmailListField(required=False).clean("") == []
    with pytest.raises(forms.ValidationError):
        fields.KatakanaField(required=True).clean("")


def test_amounts_and_percentages_are_shown_as_written():
    assert fields.YenField().prepare_value(50_000_000) == "50,000,000"
    assert fields.PercentField().prepare_value(Decimal("60.00")) == "60"
    assert fields.EmailListField().prepare_value(["a@x.jp", "b@x.jp"]) == "a@x.jp\nb@x.jp"
