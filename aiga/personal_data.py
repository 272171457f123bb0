"""Everything the system holds about a person or an organisation (開示請求, and the first
step of the breach runbook): each app registers what it holds (`personal_data_source_register`
in its ready()), and the secretariat's export collects them all into one workbook.

A source is called with `email` (a person, lower-case) and/or `organisation_id` and returns
sheets: (title, header, rows), titles and headers as lazy text, values raw.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aiga.audit import action_label
from aiga.models import AuditEntry, OutboxMessage


@dataclass
class Sheet:
    title: Any
    header: list[Any]
    rows: list[list[Any]]


def tokyo(value: datetime.datetime | None) -> str:
    """A stored time as the secretariat reads it (a spreadsheet cell holds no time zone)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


PersonalDataSource = Callable[..., Iterable[Sheet]]
_sources: list[PersonalDataSource] = []


def personal_data_source_register(source: PersonalDataSource) -> None:
    if source not in _sources:
        _sources.append(source)


def _outbox(*, email: str | None):
    if not email:
        return []
    rows = (
        OutboxMessage.objects.annotate(recipients=Cast("to", TextField()))
        .annotate(copies=Cast("cc", TextField()))
        .filter(Q(recipients__icontains=email) | Q(copies__icontains=email))
        .order_by("created_at")
    )
    return [
        Sheet(
            _("送信メール"),
            [_("作成日時"), _("件名"), _("宛先"), _("状態"), _("送信日時")],
            [
                [
                    tokyo(m.created_at),
                    m.subject,
                    ", ".join(m.to),
                    m.get_status_display(),
                    tokyo(m.sent_at),
                ]
                for m in rows
            ],
        )
    ]


def personal_data_collect(
    *, email: str | None = None, organisation_id: int | None = None
) -> list[Sheet]:
    """Every registered source's sheets, then the e-mails sent to the person."""
    email = (email or "").strip().lower() or None
    sheets: list[Sheet] = []
    for source in _sources:
        sheets += list(source(email=email, organisation_id=organisation_id))
    sheets += _outbox(email=email)
    return sheets


def actor_entries(user_ids: list[int]) -> Sheet:
    """What the person did, as the audit log records it."""
    rows = (
        AuditEntry.objects.filter(actor_id__in=user_ids)
        .select_related("content_type")
        .order_by("created_at")
    )
    return Sheet(
        _("操作の記録"),
        [_("日時"), _("操作"), _("対象")],
        [[tokyo(e.created_at), action_label(e.action), _target(e)] for e in rows],
    )


def _target(entry: AuditEntry) -> str:
    """The kind of record and its id (audit entries hold ids, not names)."""
    if entry.content_type_id is None:
        return ""
    return _("%(model)s（ID %(id)s）") % {
        "model": entry.content_type.name,
        "id": entry.object_id,
    }
