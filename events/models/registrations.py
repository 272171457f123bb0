"""Who registered for an event: the minimum the private calendar and the meeting URL need.
Capacity, the waiting list and attendance come with the next issue."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Contact


class Registration(models.Model):
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("イベント"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("利用者"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("担当者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    ground_rule_agreed_at = models.DateTimeField(_("参加の前提への同意日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("参加登録")
        verbose_name_plural = _("参加登録")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_one_per_user")
        ]

    def __str__(self):
        return f"{self.event} / {self.user}"
