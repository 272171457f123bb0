from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members.admissions"
    label = "admissions"
    verbose_name = _("入会手続")

    def ready(self):
        from aiga.health import failure_source_register
        from aiga.outbox import register_link
        from aiga.personal_data import personal_data_source_register
        from billing.signals import invoice_paid
        from billing.sources import source_register
        from members.admissions.receivers import move_application_on
        from members.admissions.selectors.applications import application_source
        from members.admissions.selectors.onboarding import onboarding_failures
        from members.admissions.selectors.personal_data import admissions_personal_data
        from members.admissions.services.applications import (
            LINK_KIND,
            WITHDRAW_LINK_KIND,
            draft_link_issue,
            withdraw_link_issue,
        )
        from members.admissions.views.portal import home_card
        from members.portal import PortalSection, portal_section_register

        invoice_paid.connect(move_application_on, dispatch_uid="admissions.move_application_on")
        # An invoice's source 「application:17」 reads 「入会申込 APP-00017」 in the admin.
        source_register("application", application_source)
        # Failed onboarding steps show on the admin's index and are e-mailed (aiga.health).
        failure_source_register(onboarding_failures)
        personal_data_source_register(admissions_personal_data)
        # The draft's and the correction's link, issued when the e-mail is delivered.
        register_link(LINK_KIND, draft_link_issue)
        # The acknowledgement's link to withdraw the application.
        register_link(WITHDRAW_LINK_KIND, withdraw_link_issue)
        portal_section_register(
            PortalSection(
                slug="admissions",
                title=_("入会時の同意書類"),
                urls="members.admissions.urls_portal",
                index="admissions_portal:agreements",
                order=90,
                card_template="admissions/portal_card.html",
                card_context=home_card,
            )
        )
