from celery import shared_task

from aiga import outbox


@shared_task(name="aiga.tasks.outbox_send", ignore_result=True)
def outbox_send(message_id: int) -> None:
    outbox.outbox_deliver(message_id=message_id)


@shared_task(name="aiga.tasks.outbox_sweep", ignore_result=True)
def outbox_sweep() -> None:
    outbox.outbox_sweep()
