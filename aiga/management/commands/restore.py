import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aiga.backup import BackupError, backup_restore, restore_verify


class Command(BaseCommand):
    help = (
        "Restore a backup into an EMPTY database and empty file folders, then verify it "
        "(row counts, files, each stored PDF's SHA-256). Exit status 1 if a check fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="the backup's folder")
        parser.add_argument(
            "--verify-only", action="store_true", help="check an already restored copy"
        )

    def handle(self, *args, source, verify_only, **options):
        folder = Path(source)
        try:
            if verify_only:
                manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            else:
                manifest = backup_restore(source=folder)
        except BackupError as exc:
            raise CommandError(str(exc))
        failed = False
        for name, problems in restore_verify(manifest).items():
            self.stdout.write(f"{'OK  ' if not problems else 'FAIL'} {name}")
            for problem in problems[:20]:
                self.stdout.write(f"     {problem}")
            failed = failed or bool(problems)
        if failed:
            raise CommandError("The restored copy differs from the backup.")
        self.stdout.write("Restore verified.")
