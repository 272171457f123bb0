import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiga.settings")

app = Celery("aiga")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up_pdf(**kwargs):
    """Each worker process renders a small PDF as it starts: the first invoice of the day
    does not wait for WeasyPrint and the font to load."""
    from aiga.pdf import warm_up

    warm_up()
