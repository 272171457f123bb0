from django.core.management.base import BaseCommand, CommandError

from aiga.health import FAILURE_PURPOSE, current_failures, failures_notify
from aiga.models import OutboxMessage
from aiga.outbox import outbox_deliver


class Command(BaseCommand):
    help = (
        "List what has failed (e-mails, onboarding steps, a stopped beat or worker), e-mail "
        "the secretariat about new failures, sending that e-mail from this process (so that "
        "it goes out when the worker itself is down). Exit status 1 when something failed. "
        "Run it from cron or the container's health check."
    )

    def handle(self, *args, **options):
        failures = current_failures()
        for failure in failures:
            self.stdout.write(f"FAIL {failure.kind}: {failure.detail}")
        failures_notify()
        pending = OutboxMessage.objects.filter(
            purpose=FAILURE_PURPOSE, status=OutboxMessage.Status.PENDING
        ).values_list("pk", flat=True)
        for message_id in list(pending):
            outbox_deliver(message_id=message_id, skip_locked=True)
        if failures:
            raise CommandError(f"{len(failures)} failure(s).")
        self.stdout.write("OK")
