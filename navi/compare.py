"""Two versions of the Navi compared item by item, matched by their stable keys. Pure: takes
the items (anything with the item's attributes and its levels), returns rows to show.

Each row is added, removed, changed or unchanged; a changed row says whether its texts, its
points or both changed, and carries the old and new text of the 取組事項 and of every level
with the changed words marked (navi.diff), in the language of the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from django.utils.safestring import SafeString

from navi.diff import diff_html

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
TEXT_FIELDS = ("title_ja", "title_en", "action_ja", "action_en", "risk_ja", "risk_en")


@dataclasses.dataclass
class TextDiff:
    label: str  # "title", "action", "risk", or the level's number
    old: SafeString
    new: SafeString
    changed: bool
    old_points: int | None = None
    new_points: int | None = None

    @property
    def points_changed(self) -> bool:
        return self.old_points != self.new_points


@dataclasses.dataclass
class Row:
    key: str
    status: str
    old: object | None
    new: object | None
    text_changed: bool = False
    points_changed: bool = False
    fields: list[TextDiff] = dataclasses.field(default_factory=list)
    levels: list[TextDiff] = dataclasses.field(default_factory=list)

    @property
    def item(self):
        return self.new if self.new is not None else self.old


@dataclasses.dataclass
class Comparison:
    rows: list[Row]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in (ADDED, REMOVED, CHANGED, UNCHANGED)}


def _levels(item) -> list:
    levels = item.levels.all() if hasattr(item.levels, "all") else item.levels
    return sorted(levels, key=lambda level: level.number)


def _shown(obj, field: str) -> str:
    """The text in the page's language (the attribute without suffix picks it)."""
    return getattr(obj, field) or ""


def compare_items(old, new) -> Row:
    text_changed = any(getattr(old, f) != getattr(new, f) for f in TEXT_FIELDS)
    text_changed |= old.number != new.number or old.applicability != new.applicability
    fields = []
    for field in ("title", "action", "risk"):
        before, after = _shown(old, field), _shown(new, field)
        old_html, new_html = diff_html(before, after)
        fields.append(TextDiff(field, old_html, new_html, before != after))
    levels = []
    points_changed = False
    old_levels = {level.number: level for level in _levels(old)}
    new_levels = {level.number: level for level in _levels(new)}
    for number in sorted(set(old_levels) | set(new_levels)):
        before_level, after_level = old_levels.get(number), new_levels.get(number)
        before = _shown(before_level, "text") if before_level else ""
        after = _shown(after_level, "text") if after_level else ""
        old_html, new_html = diff_html(before, after)
        diff = TextDiff(
            str(number),
            old_html,
            new_html,
            changed=(
                before_level is None
                or after_level is None
                or (before_level.text_ja, before_level.text_en)
                != (after_level.text_ja, after_level.text_en)
            ),
            old_points=before_level.points if before_level else None,
            new_points=after_level.points if after_level else None,
        )
        text_changed |= diff.changed
        points_changed |= diff.points_changed
        levels.append(diff)
    status = CHANGED if text_changed or points_changed else UNCHANGED
    return Row(
        new.key, status, old, new, text_changed, points_changed, fields=fields, levels=levels
    )


def compare(old_items: Sequence, new_items: Sequence) -> Comparison:
    """The rows in the new version's order, each removed item after the one it followed."""
    old_by_key = {item.key: item for item in old_items}
    new_keys = {item.key for item in new_items}
    rows = []
    for item in new_items:
        if item.key in old_by_key:
            rows.append(compare_items(old_by_key[item.key], item))
        else:
            rows.append(Row(item.key, ADDED, None, item))
    for index, item in enumerate(old_items):
        if item.key in new_keys:
            continue
        # after the row of the nearest earlier item still present (or first)
        position = 0
        for earlier in reversed(old_items[:index]):
            match = next((i for i, row in enumerate(rows) if row.key == earlier.key), None)
            if match is not None:
                position = match + 1
                break
        rows.insert(position, Row(item.key, REMOVED, item, None))
    return Comparison(rows)
