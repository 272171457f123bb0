"""Demo data for a first run. Idempotent: running it twice changes nothing more.

Each app adds its part as a function `seed(stdout) -> list[str]` in `<app>/seed.py`
(list it in SEEDERS below); the returned lines are printed as the demo log-ins.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

SEEDERS = [
    "members.seed",
    "billing.seed",
    "billing.seed_invoices",
    "members.seed_applications",
    "members.seed_board",
    "members.seed_onboarding",
]


class Command(BaseCommand):
    help = "Create fictional demo data (users of every role, member companies, an expert)."

    def handle(self, *args, **options):
        lines: list[str] = []
        for module_name in SEEDERS:
            module = importlib.import_module(module_name)
            with transaction.atomic():
                lines.extend(module.seed(self.stdout) or [])
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log-ins:"))
        for line in lines:
            self.stdout.write("  " + line)
