"""Import the association's existing members from a CSV or Excel file (the register
import; docs/member_import.md). A dry run unless --apply is given."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from billing.services.register_import import ImportFileError, member_import


class Command(BaseCommand):
    help = "Import existing members (CSV or .xlsx). Without --apply, only checks the file."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--apply", action="store_true", help="write (one transaction)")

    def handle(self, path, apply=False, **options):
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            report = member_import(
                data=data,
                filename=path,
                actor=None,
                today=timezone.localdate(),
                dry_run=not apply,
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(f"{len(report.errors)} problem(s); nothing written.")
        verb = "Imported" if apply else "Dry run (nothing written)"
        self.stdout.write(
            f"{verb}: {report.members} members, {len(report.created)} new, "
            f"{len(report.updated)} updated, {len(report.unchanged)} unchanged; contacts "
            f"{report.contacts_created} new, {report.contacts_updated} updated; legacy invoices "
            f"{report.invoices_created} new, {report.invoices_updated} updated."
        )
