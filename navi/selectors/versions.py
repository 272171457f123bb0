"""Reads of the Navi's versions: the current published one with everything prefetched, one
version's item, a version as content (to check it like a file), and two versions compared."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from navi import compare as comparing
from navi import content_format as fmt
from navi.models import NaviArea, NaviItem, NaviLevel, NaviReference, NaviVersion

# A reconstruction may have no date (ver1.0): it is the oldest, never the current version
# (PostgreSQL would put NULL first in a descending order).
NEWEST_FIRST = F("published_on").desc(nulls_last=True)


def versions_with_content(*, levels: bool = True) -> QuerySet[NaviVersion]:
    """Versions with their areas, each area's items, and (with `levels`) each item's levels
    and references: five queries (three without), whatever the size of the version."""
    items = NaviItem.objects.order_by("number", "id")
    if levels:
        items = items.prefetch_related(
            Prefetch("levels", queryset=NaviLevel.objects.order_by("number")),
            Prefetch("references", queryset=NaviReference.objects.order_by("position", "id")),
        )
    areas = NaviArea.objects.order_by("position", "id").prefetch_related(
        Prefetch("items", queryset=items)
    )
    return NaviVersion.objects.prefetch_related(Prefetch("areas", queryset=areas))


def published_versions() -> QuerySet[NaviVersion]:
    return NaviVersion.objects.published().order_by(NEWEST_FIRST, "-id")


def all_versions() -> QuerySet[NaviVersion]:
    """Drafts first (newest first), then the published versions, newest first."""
    return NaviVersion.objects.order_by("status", NEWEST_FIRST, "-id")


def current_version_id() -> int | None:
    return published_versions().values_list("pk", flat=True).first()


def current_version(*, levels: bool = False) -> NaviVersion | None:
    """The published version with the latest publication date, with its areas and items
    (and their levels and references with `levels`)."""
    latest = current_version_id()
    if latest is None:
        return None
    return versions_with_content(levels=levels).get(pk=latest)


def version_by_number(number: str, *, published_only: bool = True) -> NaviVersion | None:
    queryset = NaviVersion.objects.all()
    if published_only:
        queryset = queryset.published()
    return queryset.filter(number=number).first()


def version_item(version: NaviVersion, key: str) -> NaviItem | None:
    """One item of a version by its key, with its area, levels and references."""
    return (
        NaviItem.objects.filter(version=version, key=key)
        .select_related("area", "version")
        .prefetch_related(
            Prefetch("levels", queryset=NaviLevel.objects.order_by("number")),
            Prefetch("references", queryset=NaviReference.objects.order_by("position", "id")),
        )
        .first()
    )


def item_other_versions(item: NaviItem, *, published_only: bool = True) -> list[NaviVersion]:
    """The other versions that have an item of the same key, newest first."""
    queryset = NaviVersion.objects.filter(items__key=item.key).exclude(pk=item.version_id)
    if published_only:
        queryset = queryset.published()
    return list(queryset.order_by(NEWEST_FIRST, "-id"))


def version_outline(version: NaviVersion) -> list[NaviItem]:
    """The version's items by number: key, number and titles only (for links)."""
    return list(
        NaviItem.objects.filter(version=version)
        .order_by("number", "id")
        .only("pk", "key", "number", "title_ja", "title_en")
    )


def version_items(version: NaviVersion) -> list[NaviItem]:
    """A version's items in number order, from the prefetched areas when there are some."""
    items = [item for area in version.areas.all() for item in area.items.all()]
    return sorted(items, key=lambda item: (item.number, item.pk))


def _text(ja: str, en: str) -> fmt.Text:
    return fmt.Text(ja or "", en or "")


def version_as_content(version: NaviVersion) -> fmt.Version:
    """A version in the database as the content format reads a file, so that it is checked
    by the same rules before it is published."""
    version = versions_with_content().get(pk=version.pk)
    areas = []
    for area in version.areas.all():
        items = []
        for item in area.items.all():
            levels = tuple(
                fmt.Level(
                    number=level.number,
                    text=_text(level.text_ja, level.text_en),
                    points=level.points,
                    ours=level.ours,
                )
                for level in item.levels.all()
            )
            items.append(
                fmt.Item(
                    key=item.key,
                    number=item.number,
                    title=_text(item.title_ja, item.title_en),
                    action=_text(item.action_ja, item.action_en),
                    risk=_text(item.risk_ja, item.risk_en),
                    applicability=item.applicability,
                    review_mark=item.review_mark,
                    levels=levels,
                    references=tuple(
                        fmt.Reference(
                            document=ref.document,
                            clause=ref.clause,
                            title=_text(ref.title_ja, ref.title_en),
                        )
                        for ref in item.references.all()
                    ),
                )
            )
        areas.append(
            fmt.Area(
                key=area.key,
                kind=area.kind,
                title=_text(area.title_ja, area.title_en),
                items=tuple(items),
            )
        )
    first_levels = areas[0].items[0].levels if areas and areas[0].items else ()
    return fmt.Version(
        version=version.number,
        status=version.status,
        published_on=version.published_on,
        reconstruction=version.reconstruction,
        copy_of=version.copied_from.number if version.copied_from_id else None,
        notes=_text(version.notes_ja, version.notes_en),
        level_points=tuple(level.points for level in first_levels),
        level_points_note=_text(version.level_points_note_ja, version.level_points_note_en),
        documents={
            key: _text(title.get("ja", ""), title.get("en", ""))
            for key, title in (version.documents or {}).items()
            if isinstance(title, dict)
        },
        areas=tuple(areas),
    )


def version_points(version: NaviVersion) -> list[tuple[int, int]]:
    """(level, points) of the version's levels, from its items (the same for every item of
    a well-formed version)."""
    rows = (
        NaviLevel.objects.filter(item__version=version)
        .values_list("number", "points")
        .distinct()
        .order_by("number", "points")
    )
    return list(rows)


def version_compare(old: NaviVersion, new: NaviVersion) -> comparing.Comparison:
    """Two versions item by item, matched by key."""
    old = versions_with_content().get(pk=old.pk)
    new = versions_with_content().get(pk=new.pk)
    return comparing.compare(version_items(old), version_items(new))


def version_by_id(pk: int) -> NaviVersion:
    return NaviVersion.objects.get(pk=pk)
