"""The association's governance records: board meetings and officers."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aiga.files import get_private_storage
from aiga.uploads import DocumentUpload


class Officer(models.Model):
    """Directors and the auditor, as the secretariat maintains them (experts' recommenders)."""

    class Role(models.TextChoices):
        REPRESENTATIVE_DIRECTOR = "representative_director", _("代表理事")
        EXECUTIVE_DIRECTOR = "executive_director", _("業務執行理事")
        DIRECTOR = "director", _("理事")
        AUDITOR = "auditor", _("監事")

    name = models.CharField(_("氏名"), max_length=100)
    name_kana = models.CharField(_("フリガナ"), max_length=100, blank=True)
    title = models.CharField(_("肩書"), max_length=200, blank=True)
    role = models.CharField(_("役職"), max_length=30, choices=Role.choices)
    order = models.PositiveIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("在任中"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("役員")
        verbose_name_plural = _("役員")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"


def minutes_upload_to(instance, filename):
    return f"board/minutes/{instance.date:%Y%m%d}-{filename}"


class BoardMeeting(models.Model):
    """A board meeting (held, around the middle of each month) or a written resolution."""

    class Kind(models.TextChoices):
        HELD = "held", _("開催")
        WRITTEN = "written", _("書面決議")

    class Status(models.TextChoices):
        PLANNED = "planned", _("予定")
        HELD = "held", _("開催済み")
        MINUTES_APPROVED = "minutes_approved", _("議事録承認済み")

    kind = models.CharField(_("形式"), max_length=10, choices=Kind.choices, default=Kind.HELD)
    date = models.DateField(
        _("日付"), help_text=_("開催の場合は開催日、書面決議の場合は提案日です。")
    )
    title = models.CharField(_("名称"), max_length=200, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    consents_completed_on = models.DateField(
        _("最後の理事の同意が到達した日"),
        null=True,
        blank=True,
        help_text=_("書面決議のみ。この日が入会日になります。"),
    )
    minutes_file = DocumentUpload(
        _("議事録（PDF）"),
        storage=get_private_storage,
        upload_to=minutes_upload_to,
        blank=True,
    )
    minutes_reference = models.CharField(_("議事録（参照先）"), max_length=300, blank=True)
    note = models.TextField(_("備考"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("理事会")
        verbose_name_plural = _("理事会")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="written") | Q(consents_completed_on__isnull=True),
                name="board_meeting_consent_date_only_written",
            )
        ]

    def __str__(self):
        label = self.title or (
            _("理事会") if self.kind == self.Kind.HELD else _("理事会（書面決議）")
        )
        return f"{label} {self.date:%Y-%m-%d}"

    @property
    def admission_date(self):
        """The day a decision of this meeting takes effect (None until known)."""
        if self.kind == self.Kind.HELD:
            return self.date
        return self.consents_completed_on
