"""The members' benchmark of a round, fixed at its close: computed in the database from the
round's submitted assessments (navi.selectors.benchmark.round_figures) and kept on the
round, so that a company's assessment reopened after the close changes nothing members see.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.exports import csv_bytes
from members.choices import AIRole
from navi.models import NaviRound
from navi.selectors.benchmark import forget, round_answer_rows, round_figures


def round_benchmark_freeze(*, round_: NaviRound) -> NaviRound:
    """Called by navi.services.rounds.round_close inside its transaction (the round is
    locked there); the cached figures are forgotten once it commits."""
    figures = round_figures(round_)
    round_.benchmark = {**figures, "computed_at": timezone.now().isoformat()}
    round_.save(update_fields=["benchmark"])
    transaction.on_commit(lambda: forget(round_))
    return round_


EXPORT_CODE_BYTES = 5


def round_results_export(*, round_: NaviRound, actor) -> bytes:
    """The round's answers for analysis (CSV): one row per company that submitted, in a
    random order, under a code drawn anew for every export (so that two exports cannot be
    joined, nor a code traced to a company), with its AI role and its level for each item
    by key. No name, no free text, no evidence, no use cases. Audited."""
    keys, rows = round_answer_rows(round_)
    draw = secrets.SystemRandom()
    draw.shuffle(rows)
    codes: set[str] = set()
    body = []
    for role, answers in rows:
        code = secrets.token_hex(EXPORT_CODE_BYTES).upper()
        while code in codes:
            code = secrets.token_hex(EXPORT_CODE_BYTES).upper()
        codes.add(code)
        label = AIRole(role).label if role else ""
        body.append([code, str(label), *(answers.get(key) for key in keys)])
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="navi_round.export",
            target=round_,
            data={"rows": len(body), "items": len(keys)},
        )
    with translation.override("ja"):
        header = [_("コード"), _("AIとの関わり"), *keys]
        return csv_bytes([str(h) for h in header], body)
