"""Personal data of applications that did not lead to a membership, and the daily run that
anonymises what is past its retention period (beat: admissions.tasks.privacy_anonymise_due).

A rejected or withdrawn application is kept PRIVACY_RETENTION_DAYS after its last change (a
question, a new application), then its applicant's and contacts' particulars and the names
and IPs of its consents are replaced, and the e-mails about it keep no recipient or values.
One invoiced before it was withdrawn is an accounting record's companion: it is kept while
the books are (aiga.retention) — refused here, and counted as kept.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from aiga.audit import audit_log
from aiga.models import OutboxMessage
from aiga.retention import ANONYMISED, RetentionRequired, anonymise_cutoff, must_keep_accounting
from members.admissions import workflow
from members.admissions.models import Application, ApplicationContact, Consent
from members.services.privacy import contacts_anonymise_due

CLOSED = (workflow.Status.REJECTED, workflow.Status.WITHDRAWN)


def applications_due(*, today: datetime.date):
    cutoff = anonymise_cutoff(today=today, days=settings.PRIVACY_RETENTION_DAYS)
    return Application.objects.filter(
        status__in=CLOSED,
        status_changed_at__date__lte=cutoff,
        anonymised_at__isnull=True,
        organisation__isnull=True,
    )


def application_anonymise(
    *, application_id: int, today: datetime.date, now: datetime.datetime
) -> bool:
    """Replace one closed application's personal data. RetentionRequired when an invoice it
    led to is still kept with the books."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("first_invoice")
            .get(pk=application_id)
        )
        if application.anonymised_at is not None:
            return False
        if application.status not in CLOSED:
            raise RetentionRequired(f"application {application.pk} is {application.status}")
        invoice = application.first_invoice
        if invoice is not None and must_keep_accounting(invoice.issue_date, today=today):
            raise RetentionRequired(
                f"application {application.pk}: invoice {invoice.number} is kept with the books"
            )
        Application.objects.filter(pk=application.pk).update(
            applicant_name=ANONYMISED,
            applicant_title="",
            applicant_email="",
            mailing_list_emails=[],
            expert_profile="",
            anonymised_at=now,
        )
        for contact in ApplicationContact.objects.filter(application=application):
            ApplicationContact.objects.filter(pk=contact.pk).update(
                family_name=ANONYMISED,
                given_name="",
                family_name_kana="",
                given_name_kana="",
                title="",
                department="",
                email="",
                cc_emails=[],
                phone="",
            )
        Consent.objects.filter(application=application).update(agreed_by_name=ANONYMISED, ip=None)
        OutboxMessage.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=str(application.pk),
        ).exclude(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]).update(
            to=[], cc=[], context={}, subject=ANONYMISED
        )
    return True


def personal_data_anonymise_due(*, today: datetime.date) -> dict[str, int]:
    """The daily run: closed applications and former contacts past the retention period.
    One audit entry with the counts, whatever they are (a run that found nothing is a run)."""
    now = timezone.now()
    counts = {"applications": 0, "kept": 0}
    for application_id in list(applications_due(today=today).values_list("pk", flat=True)):
        try:
            if application_anonymise(application_id=application_id, today=today, now=now):
                counts["applications"] += 1
        except RetentionRequired:
            counts["kept"] += 1
    counts.update(contacts_anonymise_due(today=today, now=now))
    with transaction.atomic():
        audit_log(
            actor=None,
            action="privacy.anonymise",
            note=f"retention {settings.PRIVACY_RETENTION_DAYS} days, up to {today.isoformat()}",
            data=counts,
        )
    return counts
