"""The members' benchmark of a round, fixed at its close: computed in the database from the
round's submitted assessments (navi.selectors.benchmark.round_figures) and kept on the
round, so that a company's assessment reopened after the close changes nothing members see.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from navi.models import NaviRound
from navi.selectors.benchmark import forget, round_figures


def round_benchmark_freeze(*, round_: NaviRound) -> NaviRound:
    """Called by navi.services.rounds.round_close inside its transaction (the round is
    locked there); the cached figures are forgotten once it commits."""
    figures = round_figures(round_)
    round_.benchmark = {**figures, "computed_at": timezone.now().isoformat()}
    round_.save(update_fields=["benchmark"])
    transaction.on_commit(lambda: forget(round_))
    return round_
