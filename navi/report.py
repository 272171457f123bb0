"""A company's Navi report, as its AI governance lead takes it to management. Pure: takes a
version with its content (areas → items → levels and references), the answers by item id,
the scores, and optionally the previous submitted assessment's version and answers; reads
neither the database nor the clock.

The report opens with the holes (the brochure: finding the holes item by item matters more
than the overall score): the applicable items furthest from the top level, lowest points
first, each with the next level's example as what to do next. Coverage by policy document
counts the applicable items the crosswalk maps to it. Progress matches items by key; an item
whose texts or points changed between the two versions is shown as changed, not as progress.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from navi import compare as comparing
from navi import scoring

HOLES_SHOWN = 5
COVERED_LEVEL = 3  # an item counts as covered at this level or above
# The order the documents are shown in (the database keeps a JSON object's keys unordered);
# a document not listed follows, by key.
DOCUMENT_ORDER = ("meti_guideline", "iso42001", "nist_ai_rmf")

# Progress of an item between two assessments.
UP, DOWN, SAME, CHANGED, NEW = "up", "down", "same", "changed", "new"


@dataclasses.dataclass(frozen=True)
class ItemRow:
    area: object
    item: object
    answer: object | None
    level: object | None
    next_level: object | None

    @property
    def points(self) -> int | None:
        return self.level.points if self.level is not None else None

    @property
    def marked(self) -> bool:
        """Content not yet reviewed by the SWG is shown in this row."""
        return bool(
            self.item.review_mark
            or (self.level is not None and self.level.ours)
            or (self.next_level is not None and self.next_level.ours)
        )


@dataclasses.dataclass(frozen=True)
class AreaScore:
    area: object
    score: Decimal | None
    previous: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


@dataclasses.dataclass(frozen=True)
class Coverage:
    key: str
    title: str
    mapped: int
    covered: int
    below: list[ItemRow]

    @property
    def percent(self) -> int | None:
        """The share of mapped items at level 3 or above, in whole percent (truncated)."""
        if not self.mapped:
            return None
        return self.covered * 100 // self.mapped


@dataclasses.dataclass(frozen=True)
class ItemProgress:
    row: ItemRow
    status: str
    previous_points: int | None

    @property
    def change(self) -> int | None:
        if self.status in (CHANGED, NEW) or self.row.points is None:
            return None
        if self.previous_points is None:
            return None
        return self.row.points - self.previous_points


@dataclasses.dataclass(frozen=True)
class Previous:
    """The previous submitted assessment: its version (content prefetched), answers, scores."""

    assessment: object
    version: object
    answers: dict
    scores: scoring.Scores


@dataclasses.dataclass(frozen=True)
class Report:
    scores: scoring.Scores
    rows: list[ItemRow]
    holes: list[ItemRow]
    areas: list[AreaScore]
    coverage: list[Coverage]
    previous: Previous | None
    progress: list[ItemProgress]
    overall_previous: Decimal | None

    @property
    def overall_change(self) -> Decimal | None:
        overall = self.scores.overall_display
        if overall is None or self.overall_previous is None:
            return None
        return overall - self.overall_previous

    @property
    def marked(self) -> bool:
        return any(row.marked for row in self.rows)


def _levels(item) -> list:
    return sorted(item.levels.all(), key=lambda level: level.number)


def item_rows(version, answers: dict, *, ai_role: str) -> list[ItemRow]:
    """Every applicable item in the version's order with its answer and the next level."""
    rows = []
    for area in version.areas.all():
        for item in area.items.all():
            if not scoring.applies(item.applicability, ai_role):
                continue
            answer = answers.get(item.pk)
            level = answer.level if answer is not None else None
            levels = _levels(item)
            if level is None:
                following = levels[0] if levels else None
            else:
                following = next((lv for lv in levels if lv.number > level.number), None)
            rows.append(ItemRow(area, item, answer, level, following))
    return rows


def holes(rows: list[ItemRow], *, shown: int = HOLES_SHOWN) -> list[ItemRow]:
    """The answered items below the top level, lowest points first (then lowest level,
    then the version's order): what to work on next."""
    order = {id(row): index for index, row in enumerate(rows)}
    candidates = [row for row in rows if row.level is not None and row.next_level is not None]
    candidates.sort(key=lambda row: (row.points, row.level.number, order[id(row)]))
    return candidates[:shown]


def coverage(version, rows: list[ItemRow]) -> list[Coverage]:
    """For each policy document of the version, its mapped applicable items, how many are at
    level 3 or above, and those still below (an unanswered item is below)."""
    by_document: dict[str, list[ItemRow]] = {key: [] for key in (version.documents or {})}
    for row in rows:
        keys = {reference.document for reference in row.item.references.all()}
        for key in keys:
            by_document.setdefault(key, []).append(row)

    def position(key: str) -> tuple[int, str]:
        return (DOCUMENT_ORDER.index(key) if key in DOCUMENT_ORDER else len(DOCUMENT_ORDER), key)

    result = []
    for key in sorted(by_document, key=position):
        mapped = by_document[key]
        below = [row for row in mapped if row.level is None or row.level.number < COVERED_LEVEL]
        result.append(
            Coverage(
                key=key,
                title=version.document_title(key),
                mapped=len(mapped),
                covered=len(mapped) - len(below),
                below=below,
            )
        )
    return result


def item_progress(rows: list[ItemRow], previous: Previous) -> list[ItemProgress]:
    """Each applicable item against the previous assessment, matched by key: an item new in
    this version is new; one whose texts or points changed is changed, whatever the points."""
    old_items = {}
    for area in previous.version.areas.all():
        for item in area.items.all():
            old_items[item.key] = item
    same_version = previous.version.pk == rows[0].item.version_id if rows else True
    result = []
    for row in rows:
        old = old_items.get(row.item.key)
        if old is None:
            result.append(ItemProgress(row, NEW, None))
            continue
        old_answer = previous.answers.get(old.pk)
        old_points = old_answer.level.points if old_answer and old_answer.level else None
        if not same_version and comparing.compare_items(old, row.item).status != "unchanged":
            result.append(ItemProgress(row, CHANGED, old_points))
            continue
        if row.points is None or old_points is None:
            status = SAME
        elif row.points > old_points:
            status = UP
        elif row.points < old_points:
            status = DOWN
        else:
            status = SAME
        result.append(ItemProgress(row, status, old_points))
    return result


def build_report(
    version, answers: dict, scores: scoring.Scores, *, ai_role: str, previous: Previous | None
) -> Report:
    rows = item_rows(version, answers, ai_role=ai_role)
    previous_areas = {}
    if previous is not None:
        previous_areas = {
            area.key: previous.scores.area_display(area.key)
            for area in previous.version.areas.all()
        }
    areas = [
        AreaScore(area, scores.area_display(area.key), previous_areas.get(area.key))
        for area in version.areas.all()
    ]
    return Report(
        scores=scores,
        rows=rows,
        holes=holes(rows),
        areas=areas,
        coverage=coverage(version, rows),
        previous=previous,
        progress=item_progress(rows, previous) if previous is not None else [],
        overall_previous=previous.scores.overall_display if previous is not None else None,
    )
