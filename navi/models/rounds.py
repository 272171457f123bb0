"""一斉自己診断: about every six months all members assess themselves against one published
version between an opening and a closing date (Asia/Tokyo, both inclusive). The figures
members see of a round (the anonymous benchmark) are fixed when it closes and kept on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from navi.models.versions import NaviVersion, in_language


class NaviRound(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("実施予定")
        OPEN = "open", _("実施中")
        CLOSED = "closed", _("締切済")

    # The transition table; one service per arrow (navi.services.rounds).
    TRANSITIONS = {
        "scheduled": {"open"},
        "open": {"closed"},
        "closed": set(),
    }

    version = models.ForeignKey(
        NaviVersion, verbose_name=_("版"), on_delete=models.PROTECT, related_name="rounds"
    )
    title_ja = models.CharField(_("名称"), max_length=200, help_text=_("例: 2026年秋 一斉自己診断"))
    title_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    opens_on = models.DateField(_("開始日"))
    closes_on = models.DateField(
        _("締切日"), help_text=_("この日の終わり（日本時間）に締め切ります。")
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    opened_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("締切日時"), null=True, blank=True)
    # The anonymous benchmark as computed at the close (navi.services.benchmark); members
    # see only this, so a later reopening of one company's assessment changes nothing shown.
    benchmark = models.JSONField(_("締切時の集計"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("一斉自己診断")
        verbose_name_plural = _("一斉自己診断")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="navi_round_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="navi_round_closed_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED
