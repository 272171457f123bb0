"""Demo data for a first run. Idempotent: running it twice changes nothing more.

Each app adds its part as a function `seed(stdout) -> list[str]` in its `demo` module; they
run in INSTALLED_APPS order, which is the order the apps build on each other. The returned
lines are printed as the demo log-ins.
"""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_modules():
    for config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise


class Command(BaseCommand):
    help = "Create fictional demo data (users of every role, member companies, an expert)."

    def handle(self, *args, **options):
        lines: list[str] = []
        for module in demo_modules():
            with transaction.atomic():
                lines.extend(module.seed(self.stdout) or [])
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log-ins:"))
        for line in lines:
            self.stdout.write("  " + line)
