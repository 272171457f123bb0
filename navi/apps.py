from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NaviConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "navi"
    verbose_name = _("AIガバナンスナビ")
