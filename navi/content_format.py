"""A Navi content file (navi/content/verX.Y.yaml) read into plain dataclasses and checked.
(Named content_format, not content, so that it is not shadowed by the navi/content/ folder.)

Pure: no database. `parse_version` takes the file's text and returns the version or the
list of what is wrong with it, each problem named by where it is (「areas[1].items[0]
(N04): …」). The format is agreed with the content's authors: docs/navi_content_format.md.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

STATUSES = ("draft", "published")
AREA_KEYS = ("rules", "people", "organisation", "risks", "transparency")
AREA_KINDS = ("company_wide", "use_case")
APPLICABILITIES = ("developer", "user", "both")
LEVEL_COUNT = 4
REQUIRED_DOCUMENT = "meti_guideline"

# Item counts per area the brochure prints for a version (ver1.1: 6/5/5/10/10, 36 items).
EXPECTED_ITEM_COUNTS: dict[str, dict[str, int]] = {
    "1.1": {"rules": 6, "people": 5, "organisation": 5, "risks": 10, "transparency": 10},
}

VERSION_RE = re.compile(r"^\d+(\.\d+)*$")
KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

TOP_KEYS = {
    "version",
    "status",
    "published_on",
    "reconstruction",
    "copy_of",
    "notes",
    "level_points",
    "level_points_note",
    "documents",
    "areas",
}
AREA_FIELDS = {"key", "kind", "title", "items"}
ITEM_FIELDS = {
    "key",
    "number",
    "title",
    "action",
    "risk",
    "applicability",
    "review_mark",
    "levels",
    "references",
}
LEVEL_FIELDS = {"text", "ours"}
REFERENCE_FIELDS = {"document", "clause", "title"}


@dataclasses.dataclass(frozen=True)
class Text:
    """A bilingual text: Japanese and English side by side."""

    ja: str
    en: str


EMPTY = Text("", "")


@dataclasses.dataclass(frozen=True)
class Level:
    number: int
    text: Text
    points: int
    ours: bool = False


@dataclasses.dataclass(frozen=True)
class Reference:
    document: str
    clause: str
    title: Text


@dataclasses.dataclass(frozen=True)
class Item:
    key: str
    number: int
    title: Text
    action: Text
    risk: Text
    applicability: str
    review_mark: bool
    levels: tuple[Level, ...]
    references: tuple[Reference, ...]


@dataclasses.dataclass(frozen=True)
class Area:
    key: str
    kind: str
    title: Text
    items: tuple[Item, ...]


@dataclasses.dataclass(frozen=True)
class Version:
    version: str
    status: str
    published_on: datetime.date | None
    reconstruction: bool
    copy_of: str | None
    notes: Text
    level_points: tuple[int, ...]
    level_points_note: Text
    documents: dict[str, Text]
    areas: tuple[Area, ...]

    @property
    def items(self) -> list[Item]:
        return [item for area in self.areas for item in area.items]


class ContentError(ValueError):
    """A content file that cannot be loaded; `errors` lists every problem found."""

    def __init__(self, errors: list[str], source: str = ""):
        self.errors = errors
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(head + "\n".join(errors))


class _Reader:
    """Reads the raw mapping, collecting every problem instead of stopping at the first."""

    def __init__(self):
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}" if where else message)

    def unknown(self, where: str, raw: dict, allowed: set[str]) -> None:
        for key in sorted(set(raw) - allowed, key=str):
            self.error(where, _("不明な項目「%(key)s」があります。") % {"key": key})

    def mapping(self, where: str, raw) -> dict:
        if not isinstance(raw, dict):
            self.error(where, _("対応表（key: value）で書いてください。"))
            return {}
        return raw

    def text(self, where: str, raw, *, required: bool = True) -> Text:
        if raw is None and not required:
            return EMPTY
        if not isinstance(raw, dict):
            self.error(where, _("日本語と英語の組（{ja: …, en: …}）で書いてください。"))
            return EMPTY
        self.unknown(where, raw, {"ja", "en"})
        values = {}
        for language in ("ja", "en"):
            value = raw.get(language)
            if not isinstance(value, str) or not value.strip():
                self.error(
                    f"{where}.{language}",
                    _("日本語と英語の両方が必要です（空欄です）。"),
                )
                value = ""
            values[language] = value.strip()
        return Text(**values)

    def string(self, where: str, raw, *, pattern: re.Pattern | None = None) -> str:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str) or not raw.strip():
            self.error(where, _("値がありません。"))
            return ""
        if pattern is not None and not pattern.match(raw):
            self.error(where, _("「%(value)s」は使えない形式です。") % {"value": raw})
        return raw.strip()

    def choice(self, where: str, raw, choices: Iterable[str]) -> str:
        choices = tuple(choices)
        if raw not in choices:
            self.error(
                where,
                _("「%(value)s」は使えません（%(choices)s のいずれか）。")
                % {"value": raw, "choices": " | ".join(choices)},
            )
            return ""
        return raw

    def boolean(self, where: str, raw, default: bool = False) -> bool:
        if raw is None:
            return default
        if not isinstance(raw, bool):
            self.error(where, _("true か false で書いてください。"))
            return default
        return raw


def _read_levels(r: _Reader, where: str, raw, points: tuple[int, ...]) -> tuple[Level, ...]:
    if not isinstance(raw, list):
        r.error(where, _("取組例（4段階）をリストで書いてください。"))
        return ()
    if len(raw) != LEVEL_COUNT:
        r.error(where, _("取組例は4段階必要です（%(count)s段階あります）。") % {"count": len(raw)})
    levels = []
    for index, entry in enumerate(raw):
        here = f"{where}[{index}]"
        entry = r.mapping(here, entry)
        r.unknown(here, entry, LEVEL_FIELDS)
        levels.append(
            Level(
                number=index + 1,
                text=r.text(f"{here}.text", entry.get("text")),
                points=points[index] if index < len(points) else 0,
                ours=r.boolean(f"{here}.ours", entry.get("ours")),
            )
        )
    return tuple(levels)


def _read_references(r: _Reader, where: str, raw, documents: dict) -> tuple[Reference, ...]:
    if not isinstance(raw, list) or not raw:
        r.error(where, _("参照先（クロスウォーク）が1つ以上必要です。"))
        return ()
    references = []
    for index, entry in enumerate(raw):
        here = f"{where}[{index}]"
        entry = r.mapping(here, entry)
        r.unknown(here, entry, REFERENCE_FIELDS)
        document = entry.get("document")
        if document not in documents:
            r.error(
                f"{here}.document",
                _("文書「%(document)s」は documents にありません。") % {"document": document},
            )
        references.append(
            Reference(
                document=str(document or ""),
                clause=r.string(f"{here}.clause", entry.get("clause")),
                title=r.text(f"{here}.title", entry.get("title")),
            )
        )
    if documents and not any(ref.document == REQUIRED_DOCUMENT for ref in references):
        r.error(
            where,
            _("AI事業者ガイドライン（%(document)s）への参照が1つ以上必要です。")
            % {"document": REQUIRED_DOCUMENT},
        )
    return tuple(references)


def _without_arrow(text: Text) -> Text:
    """The risk without the brochure's leading ＞ (the pages print it)."""
    return Text(text.ja.lstrip("＞> 　"), text.en.lstrip("＞> 　"))


def _read_item(r: _Reader, where: str, raw, points, documents) -> Item:
    raw = r.mapping(where, raw)
    key = r.string(f"{where}.key", raw.get("key"), pattern=KEY_RE)
    if key:
        where = f"{where} ({key})"
    r.unknown(where, raw, ITEM_FIELDS)
    number = raw.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        r.error(f"{where}.number", _("1以上の整数で書いてください。"))
        number = 0
    if "applicability" not in raw:
        r.error(f"{where}.applicability", _("対象（開発者・提供者／利用者／両方）がありません。"))
        applicability = ""
    else:
        applicability = r.choice(
            f"{where}.applicability", raw.get("applicability"), APPLICABILITIES
        )
    return Item(
        key=key,
        number=number,
        title=r.text(f"{where}.title", raw.get("title")),
        action=r.text(f"{where}.action", raw.get("action")),
        risk=_without_arrow(r.text(f"{where}.risk", raw.get("risk"))),
        applicability=applicability,
        review_mark=r.boolean(f"{where}.review_mark", raw.get("review_mark")),
        levels=_read_levels(r, f"{where}.levels", raw.get("levels"), points),
        references=_read_references(r, f"{where}.references", raw.get("references"), documents),
    )


def _read_areas(r: _Reader, raw, points, documents) -> tuple[Area, ...]:
    if not isinstance(raw, list) or not raw:
        r.error("areas", _("取組領域がありません。"))
        return ()
    areas = []
    for index, entry in enumerate(raw):
        where = f"areas[{index}]"
        entry = r.mapping(where, entry)
        r.unknown(where, entry, AREA_FIELDS)
        key = r.choice(f"{where}.key", entry.get("key"), AREA_KEYS)
        items_raw = entry.get("items")
        if not isinstance(items_raw, list) or not items_raw:
            r.error(f"{where}.items", _("取組項目がありません。"))
            items_raw = []
        areas.append(
            Area(
                key=key,
                kind=r.choice(f"{where}.kind", entry.get("kind"), AREA_KINDS),
                title=r.text(f"{where}.title", entry.get("title")),
                items=tuple(
                    _read_item(r, f"{where}.items[{i}]", item, points, documents)
                    for i, item in enumerate(items_raw)
                ),
            )
        )
    return tuple(areas)


def _read_points(r: _Reader, raw) -> tuple[int, ...]:
    if (
        not isinstance(raw, list)
        or len(raw) != LEVEL_COUNT
        or not all(isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in raw)
    ):
        r.error("level_points", _("4段階の点数を0以上の整数のリストで書いてください。"))
        return ()
    if any(a >= b for a, b in zip(raw, raw[1:], strict=False)):
        r.error("level_points", _("点数は段階ごとに大きくなる必要があります（昇順）。"))
    return tuple(raw)


def _read_documents(r: _Reader, raw) -> dict[str, Text]:
    raw = r.mapping("documents", raw)
    if not raw:
        r.error("documents", _("参照する文書がありません。"))
    documents = {}
    for key, title in raw.items():
        if not isinstance(key, str) or not KEY_RE.match(key):
            r.error("documents", _("「%(value)s」は使えない形式です。") % {"value": key})
            continue
        documents[key] = r.text(f"documents.{key}", title)
    return documents


def check_version(version: Version) -> list[str]:
    """The rules across the whole version: unique keys and numbers, item counts per area."""
    errors = []
    seen_areas = set()
    for area in version.areas:
        if area.key and area.key in seen_areas:
            errors.append(
                "areas: " + _("取組領域「%(key)s」が重複しています。") % {"key": area.key}
            )
        seen_areas.add(area.key)
    keys, numbers = set(), set()
    for item in version.items:
        if item.key and item.key in keys:
            errors.append(f"{item.key}: " + _("項目キーが重複しています。"))
        if item.number and item.number in numbers:
            errors.append(
                f"{item.key}: "
                + _("項目番号 %(number)s が重複しています。") % {"number": item.number}
            )
        keys.add(item.key)
        numbers.add(item.number)
        if len(item.levels) == LEVEL_COUNT:
            points = [level.points for level in item.levels]
            if any(a >= b for a, b in zip(points, points[1:], strict=False)):
                errors.append(
                    f"{item.key}: " + _("点数は段階ごとに大きくなる必要があります（昇順）。")
                )
    expected = EXPECTED_ITEM_COUNTS.get(version.version)
    if expected is not None:
        counts = {area.key: len(area.items) for area in version.areas}
        if counts != expected:
            errors.append(
                "areas: "
                + _("項目数が ver%(version)s の構成（%(expected)s）と違います（%(found)s）。")
                % {
                    "version": version.version,
                    "expected": ", ".join(f"{k} {v}" for k, v in expected.items()),
                    "found": ", ".join(f"{k} {v}" for k, v in counts.items()),
                }
            )
    return errors


def parse_data(raw, *, base: Version | None = None) -> tuple[Version | None, list[str]]:
    """The version a file's mapping describes, or None and its problems. `base` is the
    version named by `copy_of`: its areas, items, points and documents are taken over
    where this file does not give its own."""
    r = _Reader()
    raw = r.mapping("", raw)
    if not raw:
        return None, r.errors or [_("ファイルが空です。")]
    r.unknown("", raw, TOP_KEYS)
    number = r.string("version", raw.get("version"), pattern=VERSION_RE)
    status = r.choice("status", raw.get("status"), STATUSES)
    published_on = raw.get("published_on")
    if isinstance(published_on, datetime.datetime):
        published_on = published_on.date()
    if published_on is not None and not isinstance(published_on, datetime.date):
        r.error("published_on", _("日付（2025-09-01 の形式）で書いてください。"))
        published_on = None
    reconstruction = r.boolean("reconstruction", raw.get("reconstruction"))
    # A reconstruction may be published without a date: the sources give none (ver1.0), and
    # a date is never invented; it is shown as 「日付未確認」.
    if status == "published" and published_on is None and not reconstruction:
        r.error("published_on", _("公開済みの版には公開日が必要です。"))
    copy_of = raw.get("copy_of")
    if copy_of is not None:
        copy_of = r.string("copy_of", copy_of, pattern=VERSION_RE)
        if base is None or base.version != copy_of:
            r.error("copy_of", _("複製元の版 ver%(version)s がありません。") % {"version": copy_of})
    if base is not None and "level_points" not in raw:
        points = base.level_points
    else:
        points = _read_points(r, raw.get("level_points"))
    if base is not None and "documents" not in raw:
        documents = dict(base.documents)
    else:
        documents = _read_documents(r, raw.get("documents"))
    if copy_of is not None and base is not None and "areas" not in raw:
        areas = tuple(
            dataclasses.replace(
                area,
                items=tuple(
                    dataclasses.replace(
                        item,
                        levels=tuple(
                            dataclasses.replace(level, points=points[level.number - 1])
                            for level in item.levels
                        ),
                    )
                    for item in area.items
                ),
            )
            for area in base.areas
        )
    else:
        areas = _read_areas(r, raw.get("areas"), points, documents)
    version = Version(
        version=number,
        status=status,
        published_on=published_on,
        reconstruction=reconstruction,
        copy_of=copy_of,
        notes=r.text("notes", raw.get("notes"), required=False),
        level_points=points,
        level_points_note=r.text("level_points_note", raw.get("level_points_note"), required=False),
        documents=documents,
        areas=areas,
    )
    errors = r.errors + check_version(version)
    return (None, errors) if errors else (version, [])


def load_yaml(text: str) -> tuple[object, list[str]]:
    try:
        return yaml.safe_load(text), []
    except yaml.YAMLError as exc:
        return None, [_("YAMLとして読めません: %(error)s") % {"error": exc}]


def parse_version(
    text: str, *, base_for: Callable[[str], Version | None] | None = None
) -> tuple[Version | None, list[str]]:
    """A file's text as a version, or None and its problems. `base_for(number)` gives the
    version a `copy_of` names."""
    raw, errors = load_yaml(text)
    if errors:
        return None, errors
    base = None
    if isinstance(raw, dict) and raw.get("copy_of") is not None and base_for is not None:
        base = base_for(str(raw["copy_of"]))
    return parse_data(raw, base=base)


def read_directory(directory: Path) -> tuple[dict[str, Version], dict[str, list[str]]]:
    """Every *.yaml file in `directory`, read in the order their `copy_of` needs: the
    versions by number, and the problems by file name."""
    texts = {
        path.name: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.yaml"))
    }
    return read_texts(texts)


def read_texts(texts: dict[str, str]) -> tuple[dict[str, Version], dict[str, list[str]]]:
    versions: dict[str, Version] = {}
    problems: dict[str, list[str]] = {}
    pending = dict(texts)
    while pending:
        progressed = False
        for name, text in list(pending.items()):
            raw, errors = load_yaml(text)
            copy_of = raw.get("copy_of") if isinstance(raw, dict) else None
            if not errors and copy_of is not None and str(copy_of) not in versions:
                if any(
                    isinstance(r, dict) and str(r.get("version")) == str(copy_of)
                    for r in (load_yaml(t)[0] for n, t in pending.items() if n != name)
                ):
                    continue  # its base is still to be read
            version, errors = (
                (None, errors)
                if errors
                else parse_data(
                    raw, base=versions.get(str(copy_of)) if copy_of is not None else None
                )
            )
            del pending[name]
            progressed = True
            if errors:
                problems[name] = errors
            elif version.version in versions:
                problems[name] = [
                    _("版 ver%(version)s は別のファイルにもあります。")
                    % {"version": version.version}
                ]
            else:
                versions[version.version] = version
        if not progressed:  # copy_of in a circle
            for name in pending:
                problems[name] = [_("複製元の版を読み込めません（循環しています）。")]
            break
    return versions, problems


def _raw_text(text: Text) -> dict:
    return {"ja": text.ja, "en": text.en}


def to_raw(version: Version) -> dict:
    """A version as the mapping its file would hold (the inverse of `parse_data`)."""
    return {
        "version": version.version,
        "status": version.status,
        "published_on": version.published_on,
        "reconstruction": version.reconstruction,
        "notes": _raw_text(version.notes) if version.notes != EMPTY else None,
        "level_points": list(version.level_points),
        "level_points_note": (
            _raw_text(version.level_points_note) if version.level_points_note != EMPTY else None
        ),
        "documents": {key: _raw_text(title) for key, title in version.documents.items()},
        "areas": [
            {
                "key": area.key,
                "kind": area.kind,
                "title": _raw_text(area.title),
                "items": [
                    {
                        "key": item.key,
                        "number": item.number,
                        "title": _raw_text(item.title),
                        "action": _raw_text(item.action),
                        "risk": _raw_text(item.risk),
                        "applicability": item.applicability,
                        "review_mark": item.review_mark,
                        "levels": [
                            {"text": _raw_text(level.text), "ours": level.ours}
                            for level in item.levels
                        ],
                        "references": [
                            {
                                "document": ref.document,
                                "clause": ref.clause,
                                "title": _raw_text(ref.title),
                            }
                            for ref in item.references
                        ],
                    }
                    for item in area.items
                ],
            }
            for area in version.areas
        ],
    }


def validate(version: Version) -> list[str]:
    """Every rule a file is held to, for a version built otherwise (from the database)."""
    _parsed, errors = parse_data(to_raw(version))
    for item in version.items:
        points = tuple(level.points for level in item.levels)
        if len(points) == LEVEL_COUNT and points != version.level_points:
            errors.append(
                f"{item.key}: "
                + _("点数が版の設定（%(expected)s）と違います（%(found)s）。")
                % {
                    "expected": ", ".join(map(str, version.level_points)),
                    "found": ", ".join(map(str, points)),
                }
            )
    return errors
