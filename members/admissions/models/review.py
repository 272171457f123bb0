"""Secretariat review and board approval (steps 3 and 4 of an application): review checks,
correction rounds, board meetings, their agendas and decisions. Imported into members.models.

Nothing here changes an application's status: services/review.py does, through
the transition table in workflow.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from members.admissions.models.applications import Application
from members.models import BoardMeeting


class AgendaItem(models.Model):
    """An application on a meeting's agenda. A carry-over adds a new item and keeps the old."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("審議待ち")
        DECIDED = "decided", _("決議済み")
        CARRIED_OVER = "carried_over", _("次回へ持越し")
        MOVED = "moved", _("別の理事会へ変更")
        REMOVED = "removed", _("取下げ等")

    meeting = models.ForeignKey(
        BoardMeeting, verbose_name=_("理事会"), on_delete=models.PROTECT, related_name="agenda"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("入会申込"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    carried_over_from = models.ForeignKey(
        BoardMeeting,
        verbose_name=_("持越し元"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_over_items",
    )
    number = models.PositiveIntegerField(
        _("議案番号"), help_text=_("理事会ごとの第〇号議案。議題に加えたときに決まります。")
    )
    outcome = models.CharField(
        _("結果"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    added_at = models.DateTimeField(_("追加日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("議題")
        verbose_name_plural = _("議題")
        ordering = ["meeting__date", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "application"], name="agenda_item_once_per_meeting"
            ),
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique"),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(outcome="pending"),
                name="agenda_item_one_pending_per_application",
            ),
        ]

    def __str__(self):
        return f"{self.meeting} {self.number_label} — {self.application.display_name}"

    @property
    def number_label(self) -> str:
        return _("第%(number)s号議案") % {"number": self.number}

    def save(self, *args, **kwargs):
        # Every way onto an agenda (forwarding, moving, carry-over, the admin) numbers the
        # item here, so no path can add one without; the number never changes afterwards.
        if self.number is None:
            self.number = (
                AgendaItem.objects.filter(meeting_id=self.meeting_id).aggregate(n=Max("number"))[
                    "n"
                ]
                or 0
            ) + 1
        super().save(*args, **kwargs)


class ReviewCheck(models.Model):
    """One check of the secretariat's review checklist: who, when, how, result, note.
    Recording a kind again supersedes the earlier record (the latest counts)."""

    class Kind(models.TextChoices):
        ANTISOCIAL = "antisocial", _("反社チェック")
        CORPORATE_NUMBER = "corporate_number", _("法人番号の確認（国税庁）")
        CAPITAL = "capital", _("資本金・親会社の出資比率の確認")
        PARENT_MEMBER = "parent_member", _("親会社の入会状況")
        RECOMMENDER = "recommender", _("推薦する理事・監事への確認")

    class Result(models.TextChoices):
        OK = "ok", _("問題なし")
        ISSUE = "issue", _("要確認・問題あり")
        NOT_APPLICABLE = "not_applicable", _("該当なし")

    application = models.ForeignKey(
        Application,
        verbose_name=_("入会申込"),
        on_delete=models.CASCADE,
        related_name="review_checks",
    )
    kind = models.CharField(_("確認項目"), max_length=30, choices=Kind.choices)
    result = models.CharField(_("結果"), max_length=20, choices=Result.choices)
    method = models.CharField(
        _("方法"), max_length=200, blank=True, help_text=_("例: 新聞記事・データベース検索")
    )
    source = models.CharField(_("確認資料・出典"), max_length=300, blank=True)
    checked_on = models.DateField(_("確認日"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("確認者"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("メモ"), blank=True)
    override_reason = models.TextField(
        _("理事会に付議する理由"),
        blank=True,
        help_text=_("結果が「問題なし」以外で理事会に付議する場合は必須です。"),
    )
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("審査チェック")
        verbose_name_plural = _("審査チェック")
        ordering = ["application", "kind", "-recorded_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_result_display()}"

    @property
    def is_clean(self) -> bool:
        """No reason needed to forward: 問題なし, or 該当なし for the parent company's
        membership (the applicant has no parent company)."""
        return self.result == self.Result.OK or (
            self.kind == self.Kind.PARENT_MEMBER and self.result == self.Result.NOT_APPLICABLE
        )

    @property
    def blocks_forwarding(self) -> bool:
        return not self.is_clean and not self.override_reason.strip()


class CorrectionRequest(models.Model):
    """One correction round (補正依頼): what must change, and the application before and
    after the applicant's resubmission, for a field-by-field diff."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("入会申込"),
        on_delete=models.CASCADE,
        related_name="correction_requests",
    )
    round = models.PositiveIntegerField(_("回"))
    message = models.TextField(_("補正をお願いする内容"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("依頼者"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("依頼日時"))
    before = models.JSONField(_("補正前の申込内容"), default=dict)
    after = models.JSONField(_("補正後の申込内容"), default=dict, blank=True)
    resubmitted_at = models.DateTimeField(_("再提出日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("補正依頼")
        verbose_name_plural = _("補正依頼")
        ordering = ["application", "round"]
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="correction_round_unique")
        ]

    def __str__(self):
        return f"{self.application.reference} 第{self.round}回"

    @property
    def diff(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that changed."""
        if self.resubmitted_at is None:
            return []
        keys = list(dict.fromkeys([*self.before, *self.after]))
        return [
            (k, self.before.get(k), self.after.get(k))
            for k in keys
            if self.before.get(k) != self.after.get(k)
        ]


class BoardDecision(models.Model):
    """The board's decision on one application, and who recorded it when."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("承認")
        REJECT = "reject", _("不承認")

    application = models.OneToOneField(
        Application,
        verbose_name=_("入会申込"),
        on_delete=models.CASCADE,
        related_name="board_decision",
    )
    meeting = models.ForeignKey(
        BoardMeeting, verbose_name=_("理事会"), on_delete=models.PROTECT, related_name="decisions"
    )
    decision = models.CharField(_("決議"), max_length=10, choices=Decision.choices)
    note = models.TextField(_("備考"), blank=True)
    admission_date = models.DateField(
        _("入会日"), help_text=_("開催日、または書面決議で最後の同意が到達した日。")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("記録者"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("記録日時"))
    on_behalf_of_board = models.BooleanField(_("事務局が理事会に代わって記録"), default=False)
    abstaining = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("特別利害関係により議決に加わらない理事"),
        blank=True,
        related_name="+",
    )
    abstaining_note = models.CharField(_("特別利害関係（理事名など）"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("理事会の決議")
        verbose_name_plural = _("理事会の決議")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.application.display_name}: {self.get_decision_display()}"


class ApplicationReview(Application):
    """The secretariat's review screen in the admin (a proxy: same rows as Application)."""

    class Meta:
        proxy = True
        verbose_name = _("申請内容の確認（事務局）")
        verbose_name_plural = _("申請内容の確認（事務局）")
