"""A company's self-assessment against one version of the Navi, and its answers.

Only the company's Navi respondents read and write them. The secretariat reads them only
with the permission `navi.view_answers`, given to named people (members.roles grants no
permission of these models to any group), and every such reading is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aiga.files import get_private_storage
from aiga.uploads import DocumentUpload
from members.choices import AIRole
from navi.models.rounds import NaviRound
from navi.models.versions import NaviItem, NaviLevel, NaviVersion


class NaviAssessment(models.Model):
    """自己診断: one organisation, one version, and in a round (一斉自己診断) one per round.
    In progress until submitted; a submitted one can be reopened until its round closes
    (after the close only by the secretariat, with a reason)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("回答中")
        SUBMITTED = "submitted", _("提出済")

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.PROTECT,
        related_name="navi_assessments",
    )
    version = models.ForeignKey(
        NaviVersion, verbose_name=_("版"), on_delete=models.PROTECT, related_name="assessments"
    )
    round = models.ForeignKey(
        NaviRound,
        verbose_name=_("一斉自己診断"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    ai_role = models.CharField(
        _("AIとの関わり"),
        max_length=20,
        choices=AIRole.choices,
        blank=True,
        help_text=_("該当する項目だけを回答・採点します。開始時に会員情報から設定します。"),
    )
    use_cases = models.TextField(
        _("想定するユースケース"),
        blank=True,
        help_text=_("「各リスク領域への対策」の回答で想定するユースケース（1行に1つ）。"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("開始した人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出した人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Carry-over in a round: the company's earlier submitted assessment the unchanged items'
    # answers were copied from, and for each item that changed since, what changed
    # ({item key: {"text": bool, "points": bool, "version": "1.1", "level": 3 | None}}).
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("引継ぎ元の自己診断"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_items = models.JSONField(_("前回から変更された項目"), default=dict, blank=True)
    # Reopened by the secretariat after its round closed (with a reason, audited): the
    # company may answer and submit again; the round's benchmark does not change.
    reopened_after_close = models.BooleanField(_("締切後に事務局が再開"), default=False)

    class Meta:
        verbose_name = _("ナビの自己診断")
        verbose_name_plural = _("ナビの自己診断")
        ordering = ["-created_at", "-id"]
        permissions = [("view_answers", _("会員企業のナビの回答を閲覧できる"))]
        constraints = [
            # Outside rounds, at most one open assessment per version; in a round, one each.
            models.UniqueConstraint(
                fields=["organisation", "version"],
                condition=Q(status="in_progress", round__isnull=True),
                name="navi_assessment_one_open_per_version",
            ),
            models.UniqueConstraint(
                fields=["organisation", "round"],
                condition=Q(round__isnull=False),
                name="navi_assessment_one_per_round",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="navi_assessment_submitted_has_date",
            ),
        ]

    def __str__(self):
        return _("%(organisation)s の自己診断（ver%(version)s）") % {
            "organisation": self.organisation,
            "version": self.version.number,
        }

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_frozen(self) -> bool:
        """Its round has closed (and the secretariat has not reopened it): read-only."""
        return self.round_id is not None and self.round.is_closed and not self.reopened_after_close

    @property
    def is_locked(self) -> bool:
        """Nothing to change here now: submitted, or frozen by the round's close."""
        return self.is_submitted or self.is_frozen

    @property
    def use_case_list(self) -> list[str]:
        return [line.strip() for line in self.use_cases.splitlines() if line.strip()]


def evidence_upload_to(instance, filename):
    return f"navi/evidence/{instance.assessment.organisation_id}/{filename}"


class NaviAnswer(models.Model):
    """The answer to one item: the level chosen, a comment and optional evidence. The later
    save wins; who saved last and when is kept and shown."""

    assessment = models.ForeignKey(
        NaviAssessment, verbose_name=_("自己診断"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        NaviItem, verbose_name=_("取組項目"), on_delete=models.PROTECT, related_name="answers"
    )
    level = models.ForeignKey(
        NaviLevel,
        verbose_name=_("回答した段階"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
    )
    comment = models.TextField(_("コメント"), blank=True)
    evidence_url = models.URLField(_("根拠資料のリンク"), max_length=500, blank=True)
    evidence_file = DocumentUpload(
        _("根拠資料（PDF）"), storage=get_private_storage, upload_to=evidence_upload_to, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最終更新者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("最終更新日時"))
    # 「前回回答から引継ぎ・要確認」: copied from the company's last submitted assessment
    # (the item unchanged between the versions) and not yet confirmed or changed.
    carried_over = models.BooleanField(_("前回回答から引継ぎ・要確認"), default=False)

    class Meta:
        verbose_name = _("ナビの回答")
        verbose_name_plural = _("ナビの回答")
        ordering = ["assessment", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="navi_answer_one_per_item")
        ]

    def __str__(self):
        return f"{self.assessment} / {self.item}"
