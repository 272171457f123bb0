from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from aiga import views

admin.site.site_header = _("AIガバナンス協会 事務局管理画面")
admin.site.site_title = _("AIGA 事務局")
admin.site.index_title = _("会員管理システム")
# django-otp's own device admins are not offered (they would show the keys): a lost
# authenticator is reset from the user's list in the admin, and its owner sets up a new one
# at the next log-in. Here, after every app's admin module has registered its models.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)

handler400 = "aiga.views.bad_request"
handler403 = "aiga.views.permission_denied"
handler404 = "aiga.views.page_not_found"
handler500 = "aiga.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The register's log-in pages (each role lands where it works; the admin's log-in too)
    # and its password-reset page (queued, rate-limited), before Django's own.
    path("", include("members.urls_accounts")),
    path("accounts/", include("django.contrib.auth.urls")),
    path(
        "admin/files/<str:app_label>/<str:model_name>/<str:pk>/<str:field>/",
        views.private_file,
        name="private_file",
    ),
    path("admin/", admin.site.urls),
    # The apps, by name: the building blocks import no app.
    path("", include("members.urls")),
    path("", include("members.urls_portal")),
    path("", include("members.admissions.urls")),
    path("", include("billing.urls")),
    path("", include("navi.urls")),
    path("", include("events.urls")),
]
