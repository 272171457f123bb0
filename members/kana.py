"""Normalisation of Japanese input as people really type it. Pure: no database.

Readings become full-width katakana (from hiragana or half-width katakana), digits and
commas typed in full width become ASCII, and postal codes and corporate numbers lose
their separators.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import jaconv

_KATAKANA_RE = re.compile(r"^[\u30A1-\u30FA\u30FC\u30FB\u30FD\u30FE ]+$")
_DASHES = "-‐‑‒–—―−ーｰ－"
_SPACES_RE = re.compile(r"[\s\u3000]+")


def to_katakana(value: str) -> str:
    """ひらがな and ﾊﾝｶｸ → full-width カタカナ; spaces collapsed to one ASCII space."""
    value = (value or "").strip()
    value = jaconv.h2z(value, kana=True, ascii=False, digit=False)
    value = jaconv.hira2kata(value)
    value = value.replace("\u30fc", "ー").replace("-", "ー").replace("－", "ー")
    return _SPACES_RE.sub(" ", value).strip()


def is_katakana(value: str) -> bool:
    return bool(_KATAKANA_RE.match(value))


def ascii_width(value: str) -> str:
    """Full-width ASCII (digits, letters, ＠, ，) → ASCII; kana are left as they are."""
    return jaconv.z2h(value or "", kana=False, ascii=True, digit=True).strip()


# Characters people type around an amount: separators, currency marks and spaces.
_YEN_NOISE = re.compile(r"[,\s¥\\円_'’]")
_YEN_UNITS = re.compile(r"^(?:(\d+)兆)?(?:(\d+)億)?(?:(\d+)万)?(\d*)$")
_PERCENT = re.compile(r"\d{1,3}(?:\.\d{1,6})?")


# The largest amount of yen typed anywhere in the system: a thousand trillion yen, far above
# any company's share capital or any invoice, and far below what a BigIntegerField holds
# (9.2 × 10^18), so a typing slip is refused with a message instead of breaking the database.
MAX_YEN = 10**15


class NegativeAmountError(ValueError):
    """An amount typed with a minus sign."""


class AmountTooLargeError(ValueError):
    """An amount above MAX_YEN (a typing slip, or someone probing)."""


def parse_yen(value) -> int | None:
    """Yen as Japanese write them, full-width or not: 「１００，０００，０００円」,
    "¥100,000,000", 「5億」, 「５億」, 「1億2000万」 → an integer. None when empty.

    The one parser of amounts: the membership page, the quote API and the application form.
    Raises NegativeAmountError for a minus sign, AmountTooLargeError above MAX_YEN,
    ValueError for anything else."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = _YEN_NOISE.sub("", text).replace("ー", "-").replace("−", "-")
    if not text:
        return None
    if text.startswith("-"):
        raise NegativeAmountError(text)
    match = _YEN_UNITS.match(text)
    if not match or not any(match.groups()):
        raise ValueError(text)
    if any(len(g.lstrip("0")) > len(str(MAX_YEN)) for g in match.groups() if g):
        raise AmountTooLargeError(text)  # before int(): a thousand digits are not parsed
    cho, oku, man, rest = (int(g) if g else 0 for g in match.groups())
    amount = cho * 10**12 + oku * 10**8 + man * 10**4 + rest
    if amount > MAX_YEN:
        raise AmountTooLargeError(text)
    return amount


def parse_percent(value) -> Decimal | None:
    """「５１．５％」, "51.5%" → Decimal("51.5"); None when empty. Plain decimals only ("1e9"
    is a number to Decimal but not a percentage). Raises ValueError; the range is the
    caller's."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = text.replace("%", "").replace("。", ".").replace(" ", "").strip()
    if not text:
        return None
    if not _PERCENT.fullmatch(text):
        raise ValueError(text)
    return Decimal(text)


def digits_only(value: str) -> str:
    """Full-width digits to ASCII and every dash, space and 〒 removed."""
    text = unicodedata.normalize("NFKC", value or "")
    text = text.replace("〒", "")
    for dash in _DASHES:
        text = text.replace(dash, "")
    return _SPACES_RE.sub("", text)


def normalise_postal_code(value: str) -> str:
    """「〒１０４－００６１」 → "1040061" (digits only; validation is the caller's)."""
    return digits_only(value)


def format_postal_code(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else digits


def normalise_phone(value: str) -> str:
    """Full-width digits and dashes → "03-1234-5678" as typed, with ASCII hyphens."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return _SPACES_RE.sub("", text)


_PHONE_RE = re.compile(r"^(0\d{9,10}|\+\d{8,15})$")


def is_valid_phone(value: str) -> bool:
    compact = re.sub(r"[-()]", "", value)
    return bool(_PHONE_RE.match(compact))


def normalise_email(value: str) -> str:
    """Full-width ＠ and letters → ASCII; surrounding spaces removed."""
    return unicodedata.normalize("NFKC", value or "").strip()


def split_addresses(value: str) -> list[str]:
    """Addresses separated by new lines, commas, semicolons or spaces (any width)."""
    text = unicodedata.normalize("NFKC", value or "")
    parts = re.split(r"[\s,;、，；]+", text)
    seen: list[str] = []
    for part in parts:
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


# --------------------------------------------------------------------------- bank names
# A payer's name as banks carry it: half-width kana, small kana written large (ｼﾔ for シャ),
# the long vowel written "-", legal forms abbreviated (ｶ) before, (ｶ after, (ｶ) inside).
_SMALL_TO_LARGE = str.maketrans(
    "ァィゥェォャュョッヮヵヶヂヅヲヰヱ", "アイウエオヤユヨツワカケジズオイエ"
)
_BANK_DROP = re.compile(r"[\s\u3000・.,．，、。'\"“”/／]+")
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]")

# The abbreviations banks print for legal forms (the 全銀協 略語), as they read once
# normalised by `bank_kana`, with the forms they stand for.
LEGAL_FORM_ABBREVIATIONS = {
    "カ": "株式会社",
    "ユ": "有限会社",
    "ド": "合同会社",
    "メ": "合名会社",
    "シ": "合資会社",
    "シヤ": "一般社団法人・公益社団法人",
    "ザイ": "一般財団法人・公益財団法人",
    "ダイ": "国立大学法人・公立大学法人",
    "トクヒ": "特定非営利活動法人",
    "イ": "医療法人",
    "ガク": "学校法人",
    "フク": "社会福祉法人",
    "ドク": "独立行政法人",
    "シユウ": "宗教法人",
}
# Legal forms written out in kana, as some payers type them.
LEGAL_FORMS_SPELLED = (
    "カブシキガイシヤ",
    "カブシキカイシヤ",
    "ユウゲンガイシヤ",
    "ユウゲンカイシヤ",
    "ゴウドウガイシヤ",
    "ゴウドウカイシヤ",
    "イツパンシヤダンホウジン",
    "コウエキシヤダンホウジン",
    "イツパンザイダンホウジン",
    "コウエキザイダンホウジン",
    "シヤダンホウジン",
    "ザイダンホウジン",
    "トクテイヒエイリカツドウホウジン",
    "コクリツダイガクホウジン",
    "イリヨウホウジン",
)
_ABBR = "|".join(sorted(map(re.escape, LEGAL_FORM_ABBREVIATIONS), key=len, reverse=True))
_FORM_INSIDE = re.compile(rf"\((?:{_ABBR})\)")
_FORM_BEFORE = re.compile(rf"^(?:{_ABBR})\)")
_FORM_AFTER = re.compile(rf"\((?:{_ABBR})$")
_SPELLED = "|".join(LEGAL_FORMS_SPELLED)
_SPELLED_AROUND = re.compile(rf"^(?:{_SPELLED})|(?:{_SPELLED})$")


def bank_kana(value: str) -> str:
    """A kana name reduced to what a bank's field can tell apart: full-width katakana (from
    ﾊﾝｶｸ or ひらがな), small kana large, every long vowel and dash "-", ASCII letters and
    digits upper-case, no spaces or dots. 「ﾐﾅﾄﾐﾗｲｷﾞﾝｺｳ」 and 「ミナトミライギンコウ」 agree;
    so do 「ｴ-ｱｲ」 and 「エーアイ」."""
    text = jaconv.h2z(value or "", kana=True, ascii=False, digit=False)  # ｶﾞ → ガ
    text = unicodedata.normalize("NFKC", jaconv.hira2kata(text)).upper()  # ＡＢＣ → ABC
    text = text.translate(_SMALL_TO_LARGE)
    text = _DASH_RE.sub("-", text).replace("（", "(").replace("）", ")")
    return _BANK_DROP.sub("", text)


def bank_name_key(value: str) -> str:
    """The name alone, for comparing a payer with an organisation: `bank_kana` without the
    legal form however a bank wrote it (ｶ)ﾐﾅﾄ, ﾐﾅﾄ(ｶ, ﾐﾅﾄ(ｶ)ｷﾞﾝｺｳ, ｶﾌﾞｼｷｶﾞｲｼﾔﾐﾅﾄ)."""
    text = bank_kana(value)
    text = _FORM_INSIDE.sub("", text)
    text = _FORM_BEFORE.sub("", text)
    text = _FORM_AFTER.sub("", text)
    text = _SPELLED_AROUND.sub("", text)
    return text.replace("(", "").replace(")", "")


# --------------------------------------------------------------------------- 五十音 order
# Legal forms as a reading spells them (「カブシキガイシャ」 before or after the name), in
# full-width katakana with small kana as written: left out when ordering by name.
_LEGAL_FORM_READINGS = (
    "カブシキガイシャ",
    "カブシキカイシャ",
    "ユウゲンガイシャ",
    "ユウゲンカイシャ",
    "ゴウドウガイシャ",
    "ゴウドウカイシャ",
    "ゴウメイガイシャ",
    "ゴウシガイシャ",
    "イッパンシャダンホウジン",
    "コウエキシャダンホウジン",
    "イッパンザイダンホウジン",
    "コウエキザイダンホウジン",
    "トクテイヒエイリカツドウホウジン",
    "コクリツダイガクホウジン",
    "ガッコウホウジン",
    "ドクリツギョウセイホウジン",
)
_LEGAL_FORM_READING_RE = re.compile(
    rf"^(?:{'|'.join(_LEGAL_FORM_READINGS)})\s*|\s*(?:{'|'.join(_LEGAL_FORM_READINGS)})$"
)
_SMALL_KANA = str.maketrans("ァィゥェォャュョッヮヵヶ", "アイウエオヤユヨツワカケ")


def reading_without_legal_form(kana: str) -> str:
    """「カブシキガイシャ ミライ」 → 「ミライ」: the name's reading alone."""
    return _LEGAL_FORM_READING_RE.sub("", to_katakana(kana)).strip()


def gojuon_key(kana: str, name: str = "") -> tuple[str, str, str]:
    """A key that orders names as a Japanese list does (五十音順): by reading without the
    legal form, voiced and small kana as their plain sound first (ガ with カ, ッ with ツ),
    the long-vowel mark ignored; a name with no reading after every name with one."""
    reading = reading_without_legal_form(kana)
    plain = unicodedata.normalize("NFKD", reading)
    plain = "".join(c for c in plain if c not in "\u3099\u309a").translate(_SMALL_KANA)
    plain = plain.replace("ー", "").replace(" ", "")
    return ("0" if plain else "1", plain or (name or ""), reading)
