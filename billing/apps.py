from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "billing"
    verbose_name = _("会費・請求")

    def ready(self):
        from aiga.health import failure_source_register
        from aiga.personal_data import personal_data_source_register
        from aiga.signals import message_sent
        from billing.receivers import record_invoice_sent
        from billing.selectors import billing_personal_data, renewal_failures
        from billing.services.reminders import on_invoice_paid
        from billing.signals import invoice_paid
        from billing.views.portal import home_card
        from members.portal import PortalSection, portal_section_register

        message_sent.connect(record_invoice_sent, dispatch_uid="billing.record_invoice_sent")
        personal_data_source_register(billing_personal_data)
        failure_source_register(renewal_failures)
        invoice_paid.connect(on_invoice_paid, dispatch_uid="billing.lift_suspensions")
        portal_section_register(
            PortalSection(
                slug="billing",
                title=_("請求書"),
                urls="billing.urls_portal",
                index="billing_portal:invoices",
                order=20,
                card_template="billing/portal_card.html",
                card_context=home_card,
            )
        )
