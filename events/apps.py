from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("イベント")

    def ready(self):
        from aiga.outbox import register_link
        from events.services.registrations import GUEST_LINK_KIND, guest_link_issue

        register_link(GUEST_LINK_KIND, guest_link_issue)
        from events.views.portal import home_card
        from members.portal import PortalSection, portal_section_register

        portal_section_register(
            PortalSection(
                slug="events",
                title=_("イベント"),
                urls="events.urls_portal",
                index="events_portal:list",
                order=30,
                card_template="events/portal_card.html",
                card_context=home_card,
            )
        )
