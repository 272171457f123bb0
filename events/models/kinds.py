"""Kinds of event (the All-Hands, Spotlight, コモンズ …): data the secretariat can extend."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events import access


class Audience(models.TextChoices):
    MEMBERS = access.MEMBERS, _("会員限定")
    INVITED = access.INVITED, _("招待企業のみ")
    PUBLIC = access.PUBLIC, _("一般公開")


class EventKind(models.Model):
    key = models.SlugField(_("キー"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称（英語）"), max_length=100, blank=True)
    description = models.TextField(_("説明"), blank=True)
    default_audience = models.CharField(
        _("標準の対象"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    is_series = models.BooleanField(
        _("通し番号あり"),
        default=False,
        help_text=_("#1、#2 … の番号を、登録した順に自動で付けます。"),
    )
    has_segments = models.BooleanField(_("コーナー構成あり"), default=False)
    default_segments = models.JSONField(
        _("標準のコーナー"),
        default=list,
        blank=True,
        help_text=_("新しいイベントに最初から入れるコーナーの名称（1行に1つ）。"),
    )
    requires_organiser = models.BooleanField(
        _("主催会員企業の記録"), default=False, help_text=_("会員企業の自主企画など。")
    )
    ground_rule = models.TextField(
        _("参加の前提（グラウンドルール）"),
        blank=True,
        help_text=_("記入すると、参加登録にこの前提への同意が必要になります。"),
    )
    is_external = models.BooleanField(
        _("対外活動"),
        default=False,
        help_text=_("登壇・記者発表など、協会の活動記録として残すもの（参加登録なし）。"),
    )
    is_highlight = models.BooleanField(_("公開ページの活動実績に掲載"), default=False)
    order = models.PositiveIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("選択可能"), default=True)

    class Meta:
        verbose_name = _("イベントの種類")
        verbose_name_plural = _("イベントの種類")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name in the language of the page (the English one when there is one)."""
        return in_language(self.name, self.name_en)


def in_language(ja: str, en: str) -> str:
    english = (translation.get_language() or "ja").startswith("en")
    return en if english and en else ja
