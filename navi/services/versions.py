"""Writes to the Navi's versions: load a content file, copy a version into a new draft,
publish a draft, edit the texts of an item under review, clear its review mark. Each one
transaction with its audit entry."""

from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from aiga.audit import audit_log
from navi import content_format as fmt
from navi.models import NaviArea, NaviItem, NaviLevel, NaviReference, NaviVersion
from navi.selectors.versions import version_as_content


class NaviError(Exception):
    """A refusal to show the secretariat; `errors` lists the problems, when there are several."""

    def __init__(self, message: str, errors: list[str] | None = None):
        self.errors = errors or []
        super().__init__(message)


def _create_content(*, version: NaviVersion, areas) -> None:
    """Areas, items, levels and references of `areas` (content dataclasses) in a draft."""
    for position, area in enumerate(areas):
        area_row = NaviArea.objects.create(
            version=version,
            key=area.key,
            kind=area.kind,
            title_ja=area.title.ja,
            title_en=area.title.en,
            position=position,
        )
        for item in area.items:
            item_row = NaviItem.objects.create(
                version=version,
                area=area_row,
                key=item.key,
                number=item.number,
                title_ja=item.title.ja,
                title_en=item.title.en,
                action_ja=item.action.ja,
                action_en=item.action.en,
                risk_ja=item.risk.ja,
                risk_en=item.risk.en,
                applicability=item.applicability,
                review_mark=item.review_mark,
            )
            bulk_create_with_history(
                [
                    NaviLevel(
                        item=item_row,
                        number=level.number,
                        text_ja=level.text.ja,
                        text_en=level.text.en,
                        points=level.points,
                        ours=level.ours,
                    )
                    for level in item.levels
                ],
                NaviLevel,
            )
            NaviReference.objects.bulk_create(
                NaviReference(
                    item=item_row,
                    document=ref.document,
                    clause=ref.clause,
                    title_ja=ref.title.ja,
                    title_en=ref.title.en,
                    position=index,
                )
                for index, ref in enumerate(item.references)
            )


def version_load(*, data: fmt.Version, actor, source: str = "") -> NaviVersion:
    """A content file's version, created as it is written (published when it says so)."""
    errors = fmt.validate(data)
    if errors:
        raise NaviError(_("内容に誤りがあります。"), errors)
    with transaction.atomic():
        if NaviVersion.objects.filter(number=data.version).exists():
            raise NaviError(
                _("ver%(number)s はすでに登録されています。") % {"number": data.version}
            )
        copied_from = (
            NaviVersion.objects.filter(number=data.copy_of).first() if data.copy_of else None
        )
        version = NaviVersion.objects.create(
            number=data.version,
            reconstruction=data.reconstruction,
            copied_from=copied_from,
            notes_ja=data.notes.ja,
            notes_en=data.notes.en,
            level_points_note_ja=data.level_points_note.ja,
            level_points_note_en=data.level_points_note.en,
            documents={key: {"ja": t.ja, "en": t.en} for key, t in data.documents.items()},
        )
        _create_content(version=version, areas=data.areas)
        if data.status == NaviVersion.Status.PUBLISHED:
            version.status = NaviVersion.Status.PUBLISHED
            version.published_on = data.published_on
            version.save(update_fields=["status", "published_on"])
        audit_log(
            actor=actor,
            action="navi_version.load",
            target=version,
            to_state=version.status,
            data={"source": source, "items": len(data.items)},
        )
    return version


def next_draft_number(number: str, taken: set[str]) -> str:
    """The next free minor number after `number` (1.1 → 1.2; 2 → 2.1)."""
    match = re.match(r"^(\d+)(?:\.(\d+))?", number)
    major, minor = (int(match.group(1)), int(match.group(2) or 0)) if match else (0, 0)
    while True:
        minor += 1
        candidate = f"{major}.{minor}"
        if candidate not in taken:
            return candidate


def version_copy(*, version: NaviVersion, actor, number: str | None = None) -> NaviVersion:
    """A new draft with the version's areas, items, levels and references, to edit into the
    next version. Review marks are kept as they are."""
    source = version_as_content(version)
    with transaction.atomic():
        taken = set(NaviVersion.objects.values_list("number", flat=True))
        number = number or next_draft_number(version.number, taken)
        if number in taken:
            raise NaviError(_("ver%(number)s はすでに登録されています。") % {"number": number})
        if not fmt.VERSION_RE.match(number):
            raise NaviError(_("版は「2.0」のように数字で書いてください。"))
        draft = NaviVersion.objects.create(
            number=number,
            copied_from=version,
            reconstruction=False,
            notes_ja="",
            notes_en="",
            level_points_note_ja=version.level_points_note_ja,
            level_points_note_en=version.level_points_note_en,
            documents=dict(version.documents or {}),
        )
        _create_content(version=draft, areas=source.areas)
        audit_log(
            actor=actor,
            action="navi_version.copy",
            target=draft,
            to_state=draft.status,
            data={"copied_from": version.number},
        )
    return draft


def version_publish(
    *, version: NaviVersion, actor, published_on: datetime.date | None = None
) -> NaviVersion:
    """A draft published: checked by the content file's rules first, then frozen."""
    errors = fmt.validate(version_as_content(version))
    if errors:
        raise NaviError(_("公開できません。内容に誤りがあります。"), errors)
    with transaction.atomic():
        locked = NaviVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != NaviVersion.Status.DRAFT:
            raise NaviError(_("この版はすでに公開されています。"))
        locked.status = NaviVersion.Status.PUBLISHED
        locked.published_on = published_on or timezone.localdate()
        locked.save(update_fields=["status", "published_on"])
        audit_log(
            actor=actor,
            action="navi_version.publish",
            target=locked,
            from_state=NaviVersion.Status.DRAFT,
            to_state=locked.status,
            data={"published_on": locked.published_on.isoformat()},
        )
    return locked


def _refuse_frozen_texts(item: NaviItem) -> None:
    if not item.texts_editable:
        raise NaviError(_("公開済みの版で事務局案の印のない項目の文言は変更できません。"))


def item_update_texts(
    *, item: NaviItem, actor, texts: dict[str, str], level_texts: dict[int, dict] | None = None
) -> NaviItem:
    """The item's texts (title, 取組事項, risk; Japanese and English) and its levels' texts,
    while the version is a draft or the item carries the review mark. `texts` holds the
    fields to change; `level_texts` maps a level's number to its {text_ja, text_en}."""
    unknown = set(texts) - NaviItem.TEXT_FIELDS
    if unknown:
        raise NaviError(_("変更できない項目です: %(fields)s") % {"fields": ", ".join(unknown)})
    with transaction.atomic():
        locked = NaviItem.objects.select_for_update().get(pk=item.pk)
        _refuse_frozen_texts(locked)
        changed = {}
        for field, value in texts.items():
            if getattr(locked, field) != value:
                changed[field] = {"before": getattr(locked, field), "after": value}
                setattr(locked, field, value)
        if changed:
            locked.save(update_fields=list(changed))
        for number, values in (level_texts or {}).items():
            level = locked.levels.get(number=number)
            level_changed = [
                field
                for field in ("text_ja", "text_en")
                if field in values and getattr(level, field) != values[field]
            ]
            for field in level_changed:
                changed[f"level{number}.{field}"] = {
                    "before": getattr(level, field),
                    "after": values[field],
                }
                setattr(level, field, values[field])
            if level_changed:
                level.save(update_fields=level_changed)
        if changed:
            audit_log(
                actor=actor,
                action="navi_item.update_texts",
                target=locked,
                data={"changed": changed, "version": locked.version.number},
            )
    return locked


def item_clear_review_mark(*, item: NaviItem, actor) -> NaviItem:
    """The SWG has reviewed the item: the mark goes, and in a published version its texts
    are frozen from now on."""
    with transaction.atomic():
        locked = NaviItem.objects.select_for_update().get(pk=item.pk)
        if not locked.review_mark:
            raise NaviError(_("この項目には事務局案の印がありません。"))
        locked.review_mark = False
        locked.save(update_fields=["review_mark"])
        audit_log(
            actor=actor,
            action="navi_item.clear_review_mark",
            target=locked,
            data={"version": locked.version.number, "key": locked.key},
        )
    return locked
