"""The 変更届's states and the moves between them, as a pure table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeNoticeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("確認中")
    APPROVED = "approved", _("承認・反映済み")
    RETURNED = "returned", _("差戻し")
    WITHDRAWN = "withdrawn", _("取下げ")


S = ChangeNoticeStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.APPROVED, S.RETURNED, S.WITHDRAWN}),
    S.APPROVED: frozenset(),
    S.RETURNED: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
