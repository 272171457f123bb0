"""Load the Navi's content files: `manage.py navi_load` (every version under navi/content/
not yet in the database) or `manage.py navi_load --file path/to/verX.Y.yaml`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from navi.services.loading import versions_load_files
from navi.services.versions import NaviError


class Command(BaseCommand):
    help = "Loads the Navi versions of navi/content/*.yaml that are not in the database yet."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="one content file to load (its folder gives copy_of)")

    def handle(self, *args, file=None, **options):
        try:
            loaded = versions_load_files(file=file)
        except NaviError as exc:
            raise CommandError("\n".join([str(exc), *exc.errors])) from exc
        for version in loaded:
            self.stdout.write(f"loaded {version} ({version.get_status_display()})")
        if not loaded:
            self.stdout.write("nothing to load")
