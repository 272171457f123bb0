from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NaviConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "navi"
    verbose_name = _("AIガバナンスナビ")

    def ready(self):
        from members.portal import PortalSection, portal_section_register
        from navi import admin_answers  # noqa: F401 - registers the secretariat's reading
        from navi.portal.views import home_card

        portal_section_register(
            PortalSection(
                slug="navi",
                title=_("AIガバナンスナビ"),
                urls="navi.portal.urls",
                index="navi_portal:index",
                order=30,
                card_template="navi/portal/home_card.html",
                card_context=home_card,
            )
        )
