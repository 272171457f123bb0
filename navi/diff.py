"""The changed words between two texts, as safe HTML. Pure.

Japanese has no spaces between words, so the texts are compared token by token where a
token is a run of Latin letters or digits, a run of spaces, or any other single character.
A run of one or two unchanged characters between two changes is folded into the change,
so that a rewritten phrase reads as one deletion and one insertion rather than confetti.
"""

from __future__ import annotations

import difflib
import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"[A-Za-z0-9]+|\s+|.", re.DOTALL)
SHORT_EQUAL = 2  # tokens


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def opcodes(old: str, new: str) -> list[tuple[str, str, str]]:
    """(tag, old part, new part) runs, tag one of equal / delete / insert / replace, with
    short equal runs between changes folded into them."""
    a, b = tokens(old), tokens(new)
    runs = [
        (tag, "".join(a[i1:i2]), "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ]
    merged: list[tuple[str, str, str]] = []
    for index, (tag, old_part, new_part) in enumerate(runs):
        between_changes = 0 < index < len(runs) - 1
        if tag == "equal" and between_changes and len(tokens(old_part)) <= SHORT_EQUAL:
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _tag, prev_old, prev_new = merged.pop()
            merged.append(("replace", prev_old + old_part, prev_new + new_part))
        else:
            merged.append((tag, old_part, new_part))
    return merged


def diff_html(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old text with its removed parts in <del>, and the new with its added parts in
    <ins>; every character of the texts escaped."""
    old_html, new_html = [], []
    for tag, old_part, new_part in opcodes(old, new):
        if tag == "equal":
            old_html.append(escape(old_part))
            new_html.append(escape(new_part))
            continue
        if old_part:
            old_html.append(f"<del>{escape(old_part)}</del>")
        if new_part:
            new_html.append(f"<ins>{escape(new_part)}</ins>")
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # noqa: S308


def changed(old: str, new: str) -> bool:
    return (old or "").strip() != (new or "").strip()
