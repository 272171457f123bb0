from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aiga.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the public and private files into a folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", help="an empty folder (default: var/backups/<date-time>)", default=""
        )

    def handle(self, *args, to, **options):
        folder = Path(to or f"var/backups/{timezone.localtime():%Y%m%d-%H%M%S}")
        try:
            manifest = backup_create(to=folder)
        except BackupError as exc:
            raise CommandError(str(exc))
        rows = sum(manifest["tables"].values())
        files = sum(len(v) for v in manifest["files"].values())
        self.stdout.write(f"Backup written to {folder}: {rows} rows, {files} files.")
