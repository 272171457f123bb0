from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def home(request):
    return render(request, "home.html")


def _broker_state() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "eager"
    try:
        from aiga.celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # noqa: BLE001 - reported, not raised
        return "unreachable"


@never_cache
@require_GET
def healthz(request):
    """JSON health. 503 only when the database is unreachable; the broker is reported."""
    database = "ok"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001
        database = "unreachable"
    body = {
        "status": "ok" if database == "ok" else "error",
        "database": database,
        "broker": _broker_state(),
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
