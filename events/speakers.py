"""A speaker as the brochure writes one: 「有識者会員 殿村弁護士」, 「経済産業省 宇田川調整官」,
「野村総合研究所 渡辺翔太氏」. Pure: no database."""

from __future__ import annotations

MEMBER_CONTACT = "member_contact"
EXPERT_MEMBER = "expert_member"
OUTSIDE = "outside"

EXPERT_PREFIX = "有識者会員"  # as printed; a proper title, not translated
HONORIFIC = "氏"  # a person without a title


def speaker_line(*, kind: str, name: str, affiliation: str = "", title: str = "") -> str:
    """The speaker's line: the affiliation (for an expert member, 「有識者会員」), then the
    name with the title or 「氏」 straight after it."""
    person = f"{name}{title or HONORIFIC}" if name else title
    front = EXPERT_PREFIX if kind == EXPERT_MEMBER else affiliation
    return f"{front} {person}".strip() if front else person
