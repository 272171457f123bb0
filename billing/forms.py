"""The fee calculator's input, shared by the public page, its htmx fragment and the JSON API."""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from billing.fees import NoScheduleError
from billing.selectors import estimate_quotes, quote_for
from billing.services.estimates import estimate_inputs
from members.kana import AmountTooLargeError, NegativeAmountError, parse_percent, parse_yen


def normalise_text(value) -> str:
    """Full-width digits, commas and signs to ASCII (NFKC), trimmed."""
    return unicodedata.normalize("NFKC", str(value or "")).strip()


def parse_capital(value) -> int | None:
    """The share capital (kana.parse_yen), with the calculator's messages and limit."""
    try:
        amount = parse_yen(value)
    except NegativeAmountError:
        raise ValueError(_("資本金は0円以上で入力してください。"))
    except AmountTooLargeError:
        raise ValueError(_("資本金の金額が大きすぎます。桁数をご確認ください。"))
    except ValueError:
        raise ValueError(_("資本金は円単位の数字で入力してください（例: 100,000,000）。"))
    return amount


def parse_ratio(value) -> Decimal | None:
    """The parent's share (kana.parse_percent), 0 to 100, with the calculator's messages."""
    try:
        ratio = parse_percent(value)
    except ValueError:
        raise ValueError(_("親会社の出資比率は数字（%）で入力してください。"))
    if ratio is not None and not 0 <= ratio <= 100:
        raise ValueError(_("親会社の出資比率は0から100までの数字（%）で入力してください。"))
    return ratio


# The admission dates a quote is made for: from before the association and any fee schedule
# to the end of the fifth calendar year ahead. Further out is a typing slip (「9999-12-31」),
# and the fiscal arithmetic would run past the calendar's last year.
EARLIEST_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 5


def check_admission_date(
    day: datetime.date, *, today: datetime.date, earliest: datetime.date = EARLIEST_DATE
) -> datetime.date:
    """The date itself, or ValueError with the range when it is outside it."""
    latest = datetime.date(today.year + YEARS_AHEAD, 12, 31)
    if not earliest <= day <= latest:
        raise ValueError(
            _("入会予定日は%(earliest)sから%(latest)sまでの日付で入力してください。")
            % {"earliest": date_format(earliest), "latest": date_format(latest)}
        )
    return day


def parse_date(
    value, *, today: datetime.date, past_message: str | None = None
) -> datetime.date | None:
    """「2026-04-01」 or 「2026/4/1」 (full-width too) → date; empty → None. Refuses a date
    outside the range of check_admission_date, and with `past_message` a date before today."""
    text = normalise_text(value).replace("/", "-")
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text, flags=re.ASCII)
    if not match:
        raise ValueError(_("入会予定日は YYYY-MM-DD の形式で入力してください（例: 2026-04-15）。"))
    try:
        day = datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(_("入会予定日が存在しない日付です。"))
    if past_message is None:
        return check_admission_date(day, today=today)
    if day < today:
        raise ValueError(past_message)
    return check_admission_date(day, today=today, earliest=today)


class QuoteForm(forms.Form):
    """Field names are the JSON API's query parameters.

    The admission date is the day of the board meeting that approves the application, so
    for someone who has yet to apply it is today at the earliest: an earlier date is
    refused, never quietly priced. Empty means the next board meeting.
    """

    past_date_message = _(
        "入会予定日が過去の日付です。今後の日付を入力してください"
        "（空欄の場合は次回の理事会の開催日で計算します）。"
    )

    CATEGORY_CHOICES = [
        ("corporate", _("法人（企業・団体）— 正会員")),
        ("expert", _("個人の有識者 — 有識者会員")),
    ]
    CAPITAL_KIND_CHOICES = [
        ("plain", _("資本金（円）")),
        ("none", _("資本金なし（大学・社団法人等）")),
        ("fund", _("基金（相互会社等）")),
        ("foreign", _("外貨建ての資本金")),
    ]

    category = forms.ChoiceField(
        label=_("ご入会の区分"),
        choices=CATEGORY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("区分は corporate（法人）か expert（有識者）です。")},
    )
    capital_kind = forms.ChoiceField(
        label=_("資本の種類"),
        choices=CAPITAL_KIND_CHOICES,
        required=False,
        error_messages={
            "invalid_choice": _("資本の種類は plain / none / fund / foreign のいずれかです。")
        },
    )
    capital = forms.CharField(
        label=_("資本金（円）"),
        required=False,
        max_length=40,
        help_text=_("全角数字・カンマ付きでも入力できます（例: １００，０００，０００）。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "100,000,000"}),
    )
    parent_ratio = forms.CharField(
        label=_("親会社の出資比率（%）"),
        required=False,
        max_length=20,
        help_text=_("親会社がない場合は空欄のままにしてください。"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0"}),
    )
    date = forms.CharField(
        label=_("入会予定日"),
        required=False,
        max_length=20,
        help_text=_(
            "入会日は入会を承認する理事会の開催日です。空欄の場合は次回の理事会の日付で計算します。"
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_category(self):
        return self.cleaned_data.get("category") or "corporate"

    def clean_capital_kind(self):
        return self.cleaned_data.get("capital_kind") or "plain"

    def clean_capital(self):
        try:
            return parse_capital(self.cleaned_data.get("capital"))
        except ValueError as error:
            raise forms.ValidationError(str(error))

    def clean_parent_ratio(self):
        try:
            return parse_ratio(self.cleaned_data.get("parent_ratio"))
        except ValueError as error:
            raise forms.ValidationError(str(error))

    def clean_date(self):
        try:
            return parse_date(
                self.cleaned_data.get("date"),
                today=self.today,
                past_message=str(self.past_date_message),
            )
        except ValueError as error:
            raise forms.ValidationError(str(error))

    def clean(self):
        cleaned = super().clean()
        corporate = cleaned.get("category") == "corporate"
        plain = cleaned.get("capital_kind") == "plain"
        if corporate and plain and "capital" in cleaned and cleaned["capital"] is None:
            self.add_error("capital", _("資本金（円）を入力してください。"))
        if not corporate:
            # An expert pays no fee whatever the company figures say.
            cleaned["capital"] = None
            cleaned["parent_ratio"] = None
            cleaned["capital_kind"] = "plain"
        return cleaned

    def quote(self, *, today: datetime.date | None = None):
        """The quote for valid input, or None with the problem added to the form's errors."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        try:
            return quote_for(
                category=data["category"],
                capital=data["capital"],
                parent_ratio=data["parent_ratio"],
                capital_kind=data["capital_kind"],
                admission_date=data["date"],
                today=today or self.today,
            )
        except NoScheduleError as error:
            self._no_schedule(error)
            return None

    def _no_schedule(self, error: NoScheduleError) -> None:
        self.add_error(
            "date",
            _("%(date)s時点で適用される会費表がありません。入会予定日をご確認ください。")
            % {"date": f"{error.on.year}年{error.on.month}月{error.on.day}日"},
        )


class EstimateRequestForm(QuoteForm):
    """The public お見積書: the calculator's fields and the addressee. Without a date the
    admission date is uncertain, and the estimate prices both halves."""

    past_date_message = _(
        "入会予定日が過去の日付です。今後の日付を入力してください"
        "（空欄の場合は上期入会・下期入会の両方の金額を記載します）。"
    )

    company = forms.CharField(
        label=_("宛名（会社名）"),
        max_length=200,
        error_messages={"required": _("見積書の宛名（会社名）を入力してください。")},
    )

    def quotes(self, *, today: datetime.date | None = None):
        """The date's quote, or without a date both halves' (selectors.estimate_quotes);
        None with the problem added to the form's errors."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        try:
            return estimate_quotes(
                category=data["category"],
                capital=data["capital"],
                parent_ratio=data["parent_ratio"],
                capital_kind=data["capital_kind"],
                admission_date=data["date"],
                today=today or self.today,
            )
        except NoScheduleError as error:
            self._no_schedule(error)
            return None

    def inputs(self) -> dict:
        """What the visitor asked for, as the estimate keeps it (JSON)."""
        data = self.cleaned_data
        return estimate_inputs(
            category=data["category"],
            capital_kind=data["capital_kind"],
            capital=data["capital"],
            parent_ratio=data["parent_ratio"],
            admission_date=data["date"],
        )
