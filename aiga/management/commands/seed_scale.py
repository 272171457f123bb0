"""`manage.py seed_scale --scale N`: a synthetic association in its own database, for
measuring the app at today's size (--scale 1: 130 members), ten times (1,300) and a
hundred times; fractions work too (--scale 0.1: 13 members, for the tests).

Each app adds its part in a `<app>/scale.py` module, found over the installed apps in
INSTALLED_APPS order (as `aiga.mail` finds `<app>.emails`), with one function:

    def seed(ctx: ScaleContext) -> None

`ctx.scale` is the factor; `ctx.count(n)` is n at scale 1 scaled (rounded, with a
minimum); `ctx.random` is the one random.Random every app draws from, so the same
`--seed` (and `--today`) gives the same data; `ctx.today` / `ctx.now` the day the data is
made for (today, or `--today`);
`ctx.write(line)` reports; `ctx.audit(...)` takes an audit entry (audit_log's arguments)
that the command writes in bulk after the app; `ctx.shared` is a dict where an app leaves
what later apps need (members leaves "organisations", "memberships", …, each module's
docstring says what it reads and leaves). Each app's part runs in one transaction.

A module may also define `holds_data() -> bool`: the command refuses to run (unless
--force) when one says the database already holds real data — members says so when
there is any organisation — so synthetic rows never mix with an association's own.
Rows are written with bulk_create where the services would be too slow, valid under every
constraint, and document numbers are left consistent with their sequences.
"""

from __future__ import annotations

import datetime
import importlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

from aiga.audit import audit_log_many
from aiga.models import AuditEntry

DEFAULT_SEED = 20


@dataclass
class ScaleContext:
    scale: float
    random: random.Random
    today: datetime.date
    now: datetime.datetime
    write: Callable[[str], None]
    shared: dict[str, Any] = field(default_factory=dict)
    audit_entries: list[AuditEntry] = field(default_factory=list)

    def count(self, at_scale_one: float, *, minimum: int = 0) -> int:
        return max(minimum, round(at_scale_one * self.scale))

    def audit(
        self,
        *,
        action: str,
        target: models.Model,
        from_state: str = "",
        to_state: str = "",
        note: str = "",
        data: dict | None = None,
    ) -> None:
        """An audit entry as aiga.audit.audit_log writes it, by no one (the seeding)."""
        content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        self.audit_entries.append(
            AuditEntry(
                action=action,
                content_type=content_type,
                object_id=str(target.pk),
                from_state=str(from_state or ""),
                to_state=str(to_state or ""),
                note=note,
                data=data or {},
            )
        )

    def flush(self) -> None:
        audit_log_many(self.audit_entries)
        self.audit_entries = []


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def scale_modules():
    for config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{config.name}.scale")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.scale":
                raise


def _our_models():
    modules = list(scale_modules())
    labels = {
        config.label
        for config in apps.get_app_configs()
        if any(m.__name__ == f"{config.name}.scale" for m in modules) or config.name == "aiga"
    }
    return [
        m
        for m in apps.get_models()
        if (m._meta.app_label in labels or m is AuditEntry) and not m._meta.proxy
    ]


class Command(BaseCommand):
    help = "Fill an empty database with a synthetic association (--scale 1: 130 members)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 is today's size")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the random seed")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day the data is made for, YYYY-MM-DD (default: today in Tokyo)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="add to a database that already holds organisations",
        )

    def handle(self, *args, scale, seed, today, force, **options):
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        holding = [m for m in scale_modules() if hasattr(m, "holds_data")]
        if not force and any(module.holds_data() for module in holding):
            raise CommandError(
                "This database already holds organisations: seed_scale wants a database of "
                "its own (createdb, migrate, then seed_scale). --force adds to it anyway."
            )
        start = time.perf_counter()
        before = {m: m._base_manager.count() for m in _our_models()}
        ctx = ScaleContext(
            scale=scale,
            random=random.Random(seed),
            today=today or timezone.localdate(),
            now=timezone.now() if today is None else _noon(today),
            write=lambda line: self.stdout.write(f"  {line}"),
        )
        for module in scale_modules():
            part = time.perf_counter()
            with transaction.atomic():
                module.seed(ctx)
                ctx.flush()
            ctx.write(f"({module.__name__}: {time.perf_counter() - part:.1f} s)")
        elapsed = time.perf_counter() - start
        self.stdout.write(self.style.SUCCESS(f"Scale {scale:g} (seed {seed}) in {elapsed:.1f} s:"))
        for model, count in before.items():
            made = model._base_manager.count() - count
            if made:
                self.stdout.write(f"  {model._meta.label:<40} {made:>8,}")
