import logging

from axes.helpers import get_cool_off
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, RequestDataTooBig
from django.db import connection
from django.db.models import FileField
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from aiga.celery import app
from aiga.files import serve_private_file
from aiga.middleware import request_too_large

logger = logging.getLogger(__name__)


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


def bad_request(request, exception=None):
    """400, or 413 when the body was too large (Django raises RequestDataTooBig, a
    SuspiciousOperation, past DATA_UPLOAD_MAX_MEMORY_SIZE; aiga.uploads past the upload
    limits)."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large()
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    """403: one line in the log (aiga.log_filters keeps django.request's traceback out)."""
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else "-"
    reason = str(exception) if exception is not None and str(exception) else "permission denied"
    logger.warning(
        "Forbidden: %s %s user=%s reason=%s", request.method, request.path, user_id, reason
    )
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@require_GET
@cache_control(max_age=86400)
def favicon(request):
    """/favicon.ico, asked for by browsers and tools that do not read the page's <link>."""
    return HttpResponseRedirect(static("favicon.ico"))


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


@require_GET
def private_file(request, app_label: str, model_name: str, pk: str, field: str):
    """A private file attached to a record, as a download, to whoever may view that record in
    the admin (the model admin's own rule); the admin's widgets link here."""
    if not request.user.is_authenticated or not request.user.is_staff:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    try:
        model = apps.get_model(app_label, model_name)
        file_field = model._meta.get_field(field)
    except (LookupError, FieldDoesNotExist):
        raise Http404
    if not isinstance(file_field, FileField) or not getattr(file_field.storage, "is_private", 0):
        raise Http404
    record = model._default_manager.filter(pk=pk).first() if str(pk).isdigit() else None
    model_admin = admin.site._registry.get(model)
    allowed = (
        model_admin.has_view_permission(request, record)
        if model_admin is not None
        else request.user.has_perm(f"{app_label}.view_{model_name}")
    )
    if not allowed:
        raise PermissionDenied
    if record is None:
        raise Http404
    return serve_private_file(getattr(record, field))
