from celery import shared_task

from aiga import health, outbox


@shared_task(name="aiga.tasks.outbox_send", ignore_result=True)
def outbox_send(message_id: int) -> None:
    outbox.outbox_deliver(message_id=message_id)


@shared_task(name="aiga.tasks.outbox_sweep", ignore_result=True)
def outbox_sweep() -> None:
    outbox.outbox_sweep()


@shared_task(name="aiga.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Queued by beat, run by a worker: the worker's sign of life."""
    health.heartbeat_record(name=health.WORKER)


@shared_task(name="aiga.tasks.failures_notify", ignore_result=True)
def failures_notify() -> None:
    health.failures_notify()
