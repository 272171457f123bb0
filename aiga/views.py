from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aiga.celery import app


def home(request):
    return render(request, "home.html")


def _broker_state() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "eager"
    try:
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


class LoginView(auth_views.LoginView):
    """Log-in by e-mail. Password guessing is braked by django-axes (aiga/auth.py), which
    sees every log-in form through `authenticate`, the admin's included."""

    redirect_authenticated_user = True


def login_locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page for a locked-out log-in, on /accounts/login/ and
    /admin/login/ alike. The same page whether the address has an account or not."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
