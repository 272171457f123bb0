"""The general assembly of members (社員総会): its date, its record date, and whether its
convocation notice has gone out."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GeneralAssembly(models.Model):
    title = models.CharField(_("名称"), max_length=200, help_text=_("例: 第3回定時社員総会"))
    meeting_date = models.DateField(_("開催日"))
    start_time = models.TimeField(_("開始時刻"))
    venue = models.CharField(_("場所"), max_length=300)
    record_date = models.DateField(
        _("基準日"), help_text=_("この日の社員（正会員）が議決権を行使します。")
    )
    votes_in_writing = models.BooleanField(
        _("書面・電磁的方法による議決権行使"),
        default=False,
        help_text=_("認めるときは、招集通知を開催日の2週間前までに発送します（一般法人法§39）。"),
    )
    agenda = models.TextField(_("目的である事項（議題）"))
    convocation_sent_at = models.DateTimeField(
        _("招集通知の発送日時"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("社員総会")
        verbose_name_plural = _("社員総会")
        ordering = ["-meeting_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record_date__lte=models.F("meeting_date")),
                name="general_assembly_record_date_before_meeting",
                violation_error_message=_("基準日は開催日以前の日付にしてください。"),
            )
        ]

    def __str__(self):
        return self.title
