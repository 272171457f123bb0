from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

NUL_MESSAGE = _("使用できない制御文字（NUL）が含まれています。入力内容をご確認ください。")


class AigaConfig(AppConfig):
    name = "aiga"
    verbose_name = _("共通基盤")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib import admin
        from django.core.validators import ProhibitNullCharactersValidator
        from django.db.models.signals import post_migrate, pre_migrate

        from aiga import mail
        from aiga.migration_guard import refuse_stale_database

        pre_migrate.connect(refuse_stale_database, sender=self)
        post_migrate.connect(mail.ensure_default_templates, sender=self)
        # Every form's text field refuses a NUL byte (PostgreSQL cannot store one), but
        # Django's Japanese for that message reads 「何か文字を入力してください。」, which
        # tells the person nothing; this says what is wrong.
        ProhibitNullCharactersValidator.message = NUL_MESSAGE
        # Admin lists show 50 rows a page, not Django's 100: a page's cost is its rows (each
        # column formatted per row), and the secretariat searches and filters rather than
        # scrolls (issue 20).
        admin.ModelAdmin.list_per_page = 50
