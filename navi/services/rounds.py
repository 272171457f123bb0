"""一斉自己診断 (rounds): schedule one, open it, close it. Each transition locks the round,
checks NaviRound.TRANSITIONS, saves and audits in one transaction.

Opening gives each issued regular and SMB member its assessment of the round and invites
its respondents; closing freezes the assessments and fixes the members' benchmark."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from navi.models import NaviRound, NaviVersion
from navi.services.benchmark import round_benchmark_freeze


class RoundError(Exception):
    """A refusal shown to the secretariat."""


def _locked(round_: NaviRound) -> NaviRound:
    return NaviRound.objects.select_for_update().select_related("version").get(pk=round_.pk)


def _require_transition(round_: NaviRound, to: str) -> None:
    if to not in NaviRound.TRANSITIONS[round_.status]:
        raise RoundError(
            _("「%(status)s」の一斉自己診断は「%(to)s」にできません。")
            % {"status": round_.get_status_display(), "to": NaviRound.Status(to).label}
        )


def round_schedule(
    *,
    version: NaviVersion,
    title_ja: str,
    title_en: str = "",
    opens_on: datetime.date,
    closes_on: datetime.date,
    actor,
) -> NaviRound:
    if not version.is_published:
        raise RoundError(_("公開済みの版でなければ一斉自己診断は実施できません。"))
    if version.reconstruction:
        raise RoundError(_("参考のために再構成した版では一斉自己診断は実施できません。"))
    if closes_on < opens_on:
        raise RoundError(_("締切日は開始日以降の日付にしてください。"))
    with transaction.atomic():
        round_ = NaviRound.objects.create(
            version=version,
            title_ja=title_ja,
            title_en=title_en,
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action="navi_round.schedule",
            target=round_,
            to_state=round_.status,
            data={
                "version": version.number,
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
            },
        )
    return round_


def round_open(*, round_: NaviRound, actor=None, now: datetime.datetime | None = None) -> NaviRound:
    now = now or timezone.now()
    with transaction.atomic():
        round_ = _locked(round_)
        _require_transition(round_, NaviRound.Status.OPEN)
        round_.status = NaviRound.Status.OPEN
        round_.opened_at = now
        round_.save(update_fields=["status", "opened_at"])
        audit_log(
            actor=actor,
            action="navi_round.open",
            target=round_,
            from_state=NaviRound.Status.SCHEDULED,
            to_state=round_.status,
        )
    return round_


def round_close(
    *, round_: NaviRound, actor=None, now: datetime.datetime | None = None
) -> NaviRound:
    now = now or timezone.now()
    with transaction.atomic():
        round_ = _locked(round_)
        _require_transition(round_, NaviRound.Status.CLOSED)
        round_.status = NaviRound.Status.CLOSED
        round_.closed_at = now
        round_.save(update_fields=["status", "closed_at"])
        round_benchmark_freeze(round_=round_)
        audit_log(
            actor=actor,
            action="navi_round.close",
            target=round_,
            from_state=NaviRound.Status.OPEN,
            to_state=round_.status,
        )
    return round_
