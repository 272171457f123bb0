from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import choices


class FeeSchedule(models.Model):
    """The fee amounts for one tier, in force from a date. Edited by the secretariat."""

    Tier = choices.Tier

    tier = models.CharField(_("会員区分"), max_length=20, choices=Tier.choices)
    effective_from = models.DateField(_("適用開始日"))
    admission_fee = models.PositiveIntegerField(
        _("入会費（円）"), validators=[MinValueValidator(0)]
    )
    annual_fee_first_half = models.PositiveIntegerField(
        _("年会費・上期入会（円）"), validators=[MinValueValidator(0)]
    )
    annual_fee_second_half = models.PositiveIntegerField(
        _("年会費・下期入会（円）"), validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("備考"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会費表")
        verbose_name_plural = _("会費表")
        ordering = ["-effective_from", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "effective_from"], name="fee_schedule_unique"),
        ]

    def __str__(self):
        return f"{self.get_tier_display()} ({self.effective_from:%Y-%m-%d}〜)"
