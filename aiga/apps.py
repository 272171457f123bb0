from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AigaConfig(AppConfig):
    name = "aiga"
    verbose_name = _("共通基盤")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from aiga import mail
        from aiga.migration_guard import refuse_stale_database

        pre_migrate.connect(refuse_stale_database, sender=self)
        post_migrate.connect(mail.ensure_default_templates, sender=self)
