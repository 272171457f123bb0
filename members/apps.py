from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("会員管理")

    def ready(self):
        from django.db.models.signals import post_migrate

        from members.roles import ensure_groups

        post_migrate.connect(ensure_groups, dispatch_uid="members.ensure_groups")
