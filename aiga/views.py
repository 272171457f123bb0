from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

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


@method_decorator(
    ratelimit(key="post:username", rate="10/15m", method="POST", block=False), name="dispatch"
)
@method_decorator(ratelimit(key="ip", rate="30/15m", method="POST", block=False), name="dispatch")
class LoginView(auth_views.LoginView):
    """Log-in by e-mail, with a brake on password guessing (per address and per IP)."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            form = self.get_form()
            form.is_valid()  # bind the data so the page shows what was typed
            form.errors.clear()
            form.add_error(
                None,
                _("ログインの試行が多すぎます。15分ほど待ってから、もう一度お試しください。"),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)
