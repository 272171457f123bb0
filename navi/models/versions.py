"""The versions of the AI Governance Navi: areas, items, their four levels and points, and
the crosswalk to the policy documents.

A published version's structure never changes, like an issued invoice: `save()` and
`delete()` refuse it and the querysets refuse bulk updates and deletes, for every caller.
Two things stay movable after publication: the version's notes (and its note on the
points), and the texts of an item that still carries the secretariat's review mark
(「事務局案（SWG未レビュー）」), with its levels' texts, until the mark is cleared. The mark
only ever goes from set to cleared.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aiga.models import ImmutableError

__all__ = [
    "ImmutableError",
    "NaviArea",
    "NaviItem",
    "NaviLevel",
    "NaviReference",
    "NaviVersion",
    "in_language",
]

REVIEW_MARK = _("事務局案（SWG未レビュー）")
RECONSTRUCTION_MARK = _("再構成（事務局案）")


def in_language(ja: str, en: str) -> str:
    """The English text on English pages (the Japanese where no English was written)."""
    if (translation.get_language() or "ja").startswith("en") and en:
        return en
    return ja


def _changed(instance: models.Model, old: models.Model, update_fields=None) -> set[str]:
    return {
        field.name
        for field in instance._meta.concrete_fields
        if (update_fields is None or field.name in update_fields or field.attname in update_fields)
        and field.value_from_object(old) != field.value_from_object(instance)
    }


def _refuse(model_name, fields) -> None:
    raise ImmutableError(
        _("公開済みの版の%(model)sは変更できません（%(fields)s）。")
        % {"model": model_name, "fields": ", ".join(sorted(fields))}
    )


class NaviVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=NaviVersion.Status.PUBLISHED)

    def update(self, **kwargs):
        if "status" in kwargs or self.published().exists():
            raise ImmutableError(_("公開済みの版は一括で変更できません。"))
        return super().update(**kwargs)

    def delete(self):
        if self.published().exists():
            raise ImmutableError(_("公開済みの版は削除できません。"))
        return super().delete()


class NaviVersion(models.Model):
    """ver1.0, ver1.1, ver2.0 …: a draft the secretariat edits, or published and frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        PUBLISHED = "published", _("公開済")

    # What may still be written once published: notes, never the structure.
    MUTABLE_AFTER_PUBLISH = frozenset(
        {"notes_ja", "notes_en", "level_points_note_ja", "level_points_note_en"}
    )

    number = models.CharField(
        _("版"), max_length=20, unique=True, help_text=_("「1.1」のように書きます（ver1.1）。")
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_on = models.DateField(_("公開日"), null=True, blank=True)
    reconstruction = models.BooleanField(
        _("再構成（事務局案）"),
        default=False,
        help_text=_("協会の資料から事務局が再構成した版（ver1.0 など）。"),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("複製元の版"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies",
    )
    notes_ja = models.TextField(_("注記"), blank=True)
    notes_en = models.TextField(_("注記（英語）"), blank=True)
    level_points_note_ja = models.TextField(_("点数に関する注記"), blank=True)
    level_points_note_en = models.TextField(_("点数に関する注記（英語）"), blank=True)
    documents = models.JSONField(
        _("参照文書"),
        default=dict,
        blank=True,
        help_text=_("クロスウォークが参照する文書（キーごとに日本語 ja と英語 en の名称）。"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    history = HistoricalRecords()
    objects = NaviVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("ナビの版")
        verbose_name_plural = _("ナビの版")
        ordering = [models.F("published_on").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(
                # A reconstruction (ver1.0) may have no known date; none is invented.
                condition=Q(status="draft")
                | Q(published_on__isnull=False)
                | Q(reconstruction=True),
                name="navi_version_published_has_date",
            )
        ]

    def __str__(self):
        return f"ver{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def notes(self) -> str:
        return in_language(self.notes_ja, self.notes_en)

    @property
    def level_points_note(self) -> str:
        return in_language(self.level_points_note_ja, self.level_points_note_en)

    def document_title(self, key: str) -> str:
        title = (self.documents or {}).get(key) or {}
        return in_language(title.get("ja", key), title.get("en", ""))

    def save(self, *args, **kwargs):
        if self.pk is not None:
            old = NaviVersion._base_manager.filter(pk=self.pk).first()
            if old is not None and old.status == self.Status.PUBLISHED:
                frozen = _changed(self, old, kwargs.get("update_fields"))
                frozen -= self.MUTABLE_AFTER_PUBLISH
                if frozen:
                    _refuse(_("版"), frozen)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).published().exists():
            raise ImmutableError(_("公開済みの版は削除できません。"))
        return super().delete(*args, **kwargs)


class _FrozenQuerySet(models.QuerySet):
    """Rows of a published version are neither updated nor deleted in bulk."""

    version_lookup = "version"

    def _any_published(self) -> bool:
        return self.filter(**{f"{self.version_lookup}__status": "published"}).exists()

    def update(self, **kwargs):
        if self._any_published():
            raise ImmutableError(_("公開済みの版の内容は一括で変更できません。"))
        return super().update(**kwargs)

    def delete(self):
        if self._any_published():
            raise ImmutableError(_("公開済みの版の内容は削除できません。"))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if any(obj._version_is_published() for obj in objs):
            raise ImmutableError(_("公開済みの版には追加できません。"))
        return super().bulk_create(objs, *args, **kwargs)


class _ItemPartQuerySet(_FrozenQuerySet):
    version_lookup = "item__version"


class _VersionPart(models.Model):
    """A row of a version: added, changed or deleted only while the version is a draft,
    except the fields `_mutable(old)` allows."""

    class Meta:
        abstract = True

    def _version_id(self) -> int | None:
        raise NotImplementedError

    def _version_is_published(self) -> bool:
        version_id = self._version_id()
        return (
            version_id is not None
            and NaviVersion.objects.filter(pk=version_id, status="published").exists()
        )

    def _mutable(self, old) -> set[str]:
        return set()

    def save(self, *args, **kwargs):
        if self.pk is None:
            if self._version_is_published():
                raise ImmutableError(_("公開済みの版には追加できません。"))
        else:
            old = type(self)._base_manager.filter(pk=self.pk).first()
            if old is not None and (old._version_is_published() or self._version_is_published()):
                frozen = _changed(self, old, kwargs.get("update_fields")) - self._mutable(old)
                if frozen:
                    _refuse(self._meta.verbose_name, frozen)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None:
            old = type(self)._base_manager.filter(pk=self.pk).first()
            if old is not None and old._version_is_published():
                raise ImmutableError(_("公開済みの版の内容は削除できません。"))
        return super().delete(*args, **kwargs)


class NaviArea(_VersionPart):
    """One of the five areas (取組領域) of a version."""

    class Kind(models.TextChoices):
        COMPANY_WIDE = "company_wide", _("全社・組織としての対応を要する項目")
        USE_CASE = "use_case", _("ユースケースに応じて内容が変化する項目")

    version = models.ForeignKey(
        NaviVersion, verbose_name=_("版"), on_delete=models.CASCADE, related_name="areas"
    )
    key = models.CharField(_("キー"), max_length=30)
    kind = models.CharField(_("区分"), max_length=20, choices=Kind.choices)
    title_ja = models.CharField(_("領域名"), max_length=200)
    title_en = models.CharField(_("領域名（英語）"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("表示順"), default=0)

    objects = _FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("取組領域")
        verbose_name_plural = _("取組領域")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="navi_area_key_unique")
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)

    def _version_id(self):
        return self.version_id


class NaviItem(_VersionPart):
    """An item (取組項目) of a version, known across versions by its stable key (N15)."""

    class Applicability(models.TextChoices):
        DEVELOPER = "developer", _("開発者・提供者")
        USER = "user", _("利用者")
        BOTH = "both", _("開発者・提供者／利用者")

    TEXT_FIELDS = frozenset(
        {"title_ja", "title_en", "action_ja", "action_en", "risk_ja", "risk_en"}
    )

    version = models.ForeignKey(
        NaviVersion, verbose_name=_("版"), on_delete=models.CASCADE, related_name="items"
    )
    area = models.ForeignKey(
        NaviArea, verbose_name=_("取組領域"), on_delete=models.RESTRICT, related_name="items"
    )
    key = models.CharField(
        _("キー"), max_length=20, help_text=_("版をまたいで変わらない項目の識別子（N15 など）。")
    )
    number = models.PositiveSmallIntegerField(_("番号"), validators=[MinValueValidator(1)])
    title_ja = models.CharField(_("項目名"), max_length=200)
    title_en = models.CharField(_("項目名（英語）"), max_length=200, blank=True)
    action_ja = models.TextField(_("取組事項"), blank=True)
    action_en = models.TextField(_("取組事項（英語）"), blank=True)
    risk_ja = models.TextField(_("取り組まない場合のリスク"), blank=True)
    risk_en = models.TextField(_("取り組まない場合のリスク（英語）"), blank=True)
    applicability = models.CharField(
        _("対象"), max_length=20, choices=Applicability.choices, default=Applicability.BOTH
    )
    # Outside the frozen structure: cleared once by the secretariat, which freezes the texts.
    review_mark = models.BooleanField(
        _("事務局案（SWG未レビュー）"),
        default=False,
        help_text=_("SWGのレビュー前の事務局案。解除すると文言も確定し、変更できなくなります。"),
    )

    history = HistoricalRecords()
    objects = _FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("取組項目")
        verbose_name_plural = _("取組項目")
        ordering = ["version", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="navi_item_key_unique"),
            models.UniqueConstraint(fields=["version", "number"], name="navi_item_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)

    @property
    def action(self) -> str:
        return in_language(self.action_ja, self.action_en)

    @property
    def risk(self) -> str:
        return in_language(self.risk_ja, self.risk_en)

    @property
    def texts_editable(self) -> bool:
        """While the version is a draft, or the item still carries the review mark."""
        return self.review_mark or not self._version_is_published()

    def _version_id(self):
        return self.version_id

    def _mutable(self, old) -> set[str]:
        allowed = set()
        if old.review_mark:
            allowed |= self.TEXT_FIELDS
            if not self.review_mark:
                allowed.add("review_mark")  # cleared, never set again
        return allowed


class NaviLevel(_VersionPart):
    """One of an item's four levels (取組例1–4), with its text and its points."""

    item = models.ForeignKey(
        NaviItem, verbose_name=_("取組項目"), on_delete=models.CASCADE, related_name="levels"
    )
    number = models.PositiveSmallIntegerField(
        _("段階"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    text_ja = models.TextField(_("取組例"))
    text_en = models.TextField(_("取組例（英語）"), blank=True)
    points = models.PositiveSmallIntegerField(_("点数"))
    ours = models.BooleanField(
        _("事務局案の文言"),
        default=False,
        help_text=_("パンフレットにない、事務局が書いた取組例（項目の印を解除しても表示します）。"),
    )

    history = HistoricalRecords()
    objects = _ItemPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("取組例（段階）")
        verbose_name_plural = _("取組例（段階）")
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="navi_level_number_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=4), name="navi_level_number_1_to_4"
            ),
        ]

    def __str__(self):
        return _("レベル%(number)s（%(points)s点）") % {
            "number": self.number,
            "points": self.points,
        }

    @property
    def text(self) -> str:
        return in_language(self.text_ja, self.text_en)

    def _version_id(self):
        if self.item_id is None:
            return None
        return (
            NaviItem._base_manager.filter(pk=self.item_id)
            .values_list("version_id", flat=True)
            .first()
        )

    def _mutable(self, old) -> set[str]:
        marked = NaviItem._base_manager.filter(pk=old.item_id, review_mark=True).exists()
        return {"text_ja", "text_en"} if marked else set()


class NaviReference(_VersionPart):
    """A crosswalk entry: where a policy document asks for what the item asks."""

    item = models.ForeignKey(
        NaviItem, verbose_name=_("取組項目"), on_delete=models.CASCADE, related_name="references"
    )
    document = models.CharField(
        _("文書"), max_length=40, help_text=_("版の参照文書のキー（meti_guideline など）。")
    )
    clause = models.CharField(_("該当箇所"), max_length=100)
    title_ja = models.CharField(_("見出し"), max_length=200)
    title_en = models.CharField(_("見出し（英語）"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("表示順"), default=0)

    objects = _ItemPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("参照先（クロスウォーク）")
        verbose_name_plural = _("参照先（クロスウォーク）")
        ordering = ["item", "position", "id"]

    def __str__(self):
        return f"{self.document} {self.clause}"

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)

    @property
    def document_title(self) -> str:
        return self.item.version.document_title(self.document)

    def _version_id(self):
        return NaviLevel._version_id(self)  # type: ignore[arg-type]
