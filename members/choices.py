"""Choices shared by an application and the organisation it becomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CapitalKind(models.TextChoices):
    PLAIN = "plain", _("資本金（円）")
    NONE = "none", _("資本金なし（大学・社団法人等）")
    FUND = "fund", _("基金（相互会社等）")
    FOREIGN = "foreign", _("外貨建ての資本金")


class AIRole(models.TextChoices):
    DEVELOPER = "developer", _("AIを開発・提供している")
    USER = "user", _("AIを利用している")
    BOTH = "both", _("開発・提供と利用の両方")
