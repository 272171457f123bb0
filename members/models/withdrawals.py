"""Withdrawals (退会届): submitted by the 会員代表者, confirmed by the secretariat, and
completed on their effective date by the daily job; cancellable until then."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Withdrawal(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("受付（事務局の確認待ち）")
        CONFIRMED = "confirmed", _("確認済（退会日待ち）")
        COMPLETED = "completed", _("退会済")
        CANCELLED = "cancelled", _("取消")

    # The one transition table: each service checks it under a row lock.
    TRANSITIONS = {
        "submitted": {"confirmed", "cancelled"},
        "confirmed": {"completed", "cancelled"},
        "completed": set(),
        "cancelled": set(),
    }
    OPEN = ("submitted", "confirmed")

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.PROTECT,
        related_name="withdrawals",
    )
    membership = models.ForeignKey(
        "members.Membership",
        verbose_name=_("会員資格"),
        on_delete=models.PROTECT,
        related_name="withdrawals",
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    reason = models.TextField(_("退会の理由"))
    wished_date = models.DateField(_("退会希望日"))
    notice_date = models.DateField(_("届出日"))
    effective_date = models.DateField(
        _("退会日"), db_index=True, help_text=_("会員資格の最終日。会員規程の定めによります。")
    )
    submitted_at = models.DateTimeField(_("届出日時"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("届出者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by_name = models.CharField(_("届出者の氏名"), max_length=100)
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("確認者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取消者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("退会処理日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("退会届")
        verbose_name_plural = _("退会届")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=["submitted", "confirmed"]),
                name="withdrawal_one_open_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(effective_date__gte=models.F("notice_date")),
                name="withdrawal_effective_after_notice",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.effective_date}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
