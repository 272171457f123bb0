"""The All-Hands' ② 新規会員の自己紹介: the companies whose membership was issued since the
previous All-Hands, in the order the secretariat sets, each invited to introduce itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Organisation


class AgendaIntroduction(models.Model):
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("イベント"),
        on_delete=models.CASCADE,
        related_name="introductions",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("会員企業"),
        on_delete=models.PROTECT,
        related_name="all_hands_introductions",
    )
    order = models.PositiveIntegerField(_("順番"), default=0)
    issued_at = models.DateTimeField(_("会員資格の発行日時"), null=True, blank=True)
    invited_at = models.DateTimeField(_("自己紹介の依頼日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("新規会員の自己紹介")
        verbose_name_plural = _("新規会員の自己紹介")
        ordering = ["event", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="introduction_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.event} / {self.organisation}"
