"""Form fields for particulars as people in Japan type them.

Each field normalises first (full-width digits, hiragana readings, 〒 and dashes, 「5億」)
and then validates, with its error in Japanese next to the field. A ModelForm picks them
with `Meta.field_classes`, so the application form, the portal and the admin share one
set of rules for a company's and a person's particulars.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.jp import cn as corporate_number

from members import kana, postal

KATAKANA_ERROR = _(
    "カタカナで入力してください（ひらがな・半角カナは自動で全角カタカナに変換します）。"
)
PERCENT_ERROR = _("出資比率は0から100までの数字で入力してください。")


class KatakanaField(forms.CharField):
    """A reading: hiragana and half-width kana become full-width katakana."""

    def to_python(self, value):
        return kana.to_katakana(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and not kana.is_katakana(value):
            raise ValidationError(KATAKANA_ERROR, code="katakana")


class EmailAddressField(forms.EmailField):
    """An address typed with a full-width ＠ or letters is the same address."""

    widget = forms.TextInput(attrs={"inputmode": "email", "autocomplete": "email"})
    default_error_messages = {"invalid": _("メールアドレスの形式が正しくありません。")}

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(max_length=254, **kwargs)

    def to_python(self, value):
        return super().to_python(kana.normalise_email(value or ""))


class EmailListField(forms.CharField):
    """Several addresses, one a line or separated by commas; a list of them."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return kana.split_addresses(super().to_python(value))

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        bad = []
        for address in value:
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError(
                _("メールアドレスの形式が正しくありません: %(bad)s"),
                params={"bad": "、".join(bad)},
                code="invalid",
            )

    def run_validators(self, value):
        """The length is each address's, checked above, not the joined list's."""


class PhoneField(forms.CharField):
    def to_python(self, value):
        return kana.normalise_phone(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and not kana.is_valid_phone(value):
            raise ValidationError(
                _("電話番号を正しく入力してください（例: 03-1234-5678）。"), code="phone"
            )


class CorporateNumberField(forms.CharField):
    """The National Tax Agency's 13-digit number, checked with its check digit."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        return kana.digits_only(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        try:
            corporate_number.validate(value)
        except InvalidLength:
            raise ValidationError(_("法人番号は13桁の数字です。"), code="length")
        except InvalidChecksum:
            raise ValidationError(
                _("法人番号のチェックディジットが一致しません。番号をご確認ください。"),
                code="checksum",
            )
        except StdnumError:
            raise ValidationError(_("法人番号は13桁の数字で入力してください。"), code="format")


class PostalCodeField(forms.CharField):
    """「〒１０４－００６１」 → "104-0061", and only a code Japan Post knows."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="postal-code")

    def to_python(self, value):
        digits = kana.normalise_postal_code(super().to_python(value))
        return kana.format_postal_code(digits) if len(digits) == 7 and digits.isdigit() else digits

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        if len(value) != 8:
            raise ValidationError(
                _("郵便番号は7桁の数字で入力してください（例: 104-0061）。"), code="format"
            )
        if postal.lookup(value) is None:
            raise ValidationError(
                _("この郵便番号は見つかりません。番号をご確認ください。"), code="unknown"
            )


class WebsiteField(forms.URLField):
    default_error_messages = {"invalid": _("ウェブサイトのURLを正しく入力してください。")}

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)

    def to_python(self, value):
        return super().to_python(kana.ascii_width(value or ""))


class YenField(forms.IntegerField):
    """Yen as typed: 「５０，０００，０００」, "¥50,000,000", 「5億」 (kana.parse_yen), at most
    kana.MAX_YEN, so what the form accepts always fits the database's column."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})
    default_error_messages = {
        "invalid": _("金額は円単位の数字で入力してください（例: 100,000,000）。"),
        "too_large": _("金額が大きすぎます。桁数をご確認ください。"),
    }

    def to_python(self, value):
        try:
            return kana.parse_yen(value)
        except kana.AmountTooLargeError:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid")

    def prepare_value(self, value):
        return f"{value:,}" if isinstance(value, int) else value


class PercentField(forms.DecimalField):
    """A percentage as typed: 「５１．５％」, to two decimals, from 0 to 100."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})
    default_error_messages = {"invalid": PERCENT_ERROR}

    def __init__(self, **kwargs):
        kwargs.update(min_value=0, max_value=100, max_digits=5, decimal_places=2)
        super().__init__(**kwargs)
        self.error_messages["min_value"] = self.error_messages["max_value"] = PERCENT_ERROR

    def to_python(self, value):
        try:
            parsed = kana.parse_percent(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return None if parsed is None else parsed.quantize(type(parsed)("0.01"))

    def prepare_value(self, value):
        return format(value.normalize(), "f") if hasattr(value, "normalize") else value
