"""The association's vocabulary, one definition each: what kind of member (会員種別), the fee
tier (会員区分), the kind of capital and the role in AI. Models, the fee rules, forms, the
board pack, e-mails and PDFs all take their labels from here."""

from django.db import models
from django.utils import translation
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


class MemberKind(models.TextChoices):
    """会員種別: a company joins as 正会員, a person as 有識者会員."""

    CORPORATE = "corporate", _("正会員")
    EXPERT = "expert", _("有識者会員")


class Tier(models.TextChoices):
    """会員区分（枠）: the fee tier of a membership (experts pay no fees)."""

    REGULAR = "regular", _("正会員（通常枠）")
    SMB = "smb", _("正会員（SMB・スタートアップ枠）")
    EXPERT = "expert", _("有識者会員")


def label_in(choices, code: str, language: str) -> str:
    """A code's label in the given language, whatever the request's ("" when unknown)."""
    try:
        member = choices(code)
    except ValueError:
        return ""
    with translation.override(language):
        return str(member.label)
