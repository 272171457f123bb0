"""Anonymisation of personal data past its retention period, run by beat: rejected and
withdrawn applications and former contacts; accounting records are kept for ten years."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from aiga.models import AuditEntry, OutboxMessage
from aiga.retention import RetentionRequired, accounting_keep_until
from billing.models import Invoice
from members.admissions import workflow
from members.admissions.models import AgreementDocument, Application, Consent
from members.admissions.services.privacy import (
    application_anonymise,
    personal_data_anonymise_due,
)
from members.admissions.tasks import privacy_anonymise_due
from members.models import Contact, Withdrawal
from members.roles import SECRETARIAT
from tests.billing.invoice_helpers import issue
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.members.admissions.board_helpers import ApplicationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 6, 1)
LONG_AGO = timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))  # > 3 years before TODAY
RECENTLY = timezone.make_aware(datetime.datetime(2029, 12, 1, 12, 0))


@pytest.mark.parametrize(
    ("record_date", "kept_until"),
    [
        # Fiscal year Oct–Sep: books of 2025年度 close on 2026-09-30; kept ten years on.
        (datetime.date(2026, 4, 15), datetime.date(2036, 9, 30)),
        (datetime.date(2025, 10, 1), datetime.date(2036, 9, 30)),
        (datetime.date(2025, 9, 30), datetime.date(2035, 9, 30)),
    ],
)
def test_accounting_records_are_kept_ten_years_from_the_closing_of_the_books(
    record_date, kept_until
):
    assert accounting_keep_until(record_date) == kept_until


def _closed(status, changed_at=LONG_AGO, **fields):
    application = ApplicationFactory(
        status=status, applicant_name="不承認 花子", applicant_email="hanako@example.jp", **fields
    )
    Application.objects.filter(pk=application.pk).update(status_changed_at=changed_at)
    Consent.objects.create(
        application=application,
        document=AgreementDocument.objects.first(),
        agreed_at=changed_at,
        agreed_by_name="不承認 花子",
        ip="203.0.113.9",
    )
    return application


def test_a_rejected_application_past_the_period_is_anonymised_with_counts():
    old = _closed(workflow.Status.REJECTED)
    withdrawn = _closed(workflow.Status.WITHDRAWN)
    recent = _closed(workflow.Status.REJECTED, changed_at=RECENTLY)
    open_one = _closed(workflow.Status.SUBMITTED)
    OutboxMessage.objects.create(
        to=["hanako@example.jp"],
        template_key="application_rejected",
        purpose="application_rejected",
        idempotency_key="rejected:1",
        status=OutboxMessage.Status.SENT,
        context={"name": "不承認 花子"},
        content_type_id=__import__("django.contrib.contenttypes.models", fromlist=["ContentType"])
        .ContentType.objects.get_for_model(Application)
        .pk,
        object_id=str(old.pk),
    )

    counts = personal_data_anonymise_due(today=TODAY)

    assert counts["applications"] == 2 and counts["kept"] == 0
    for application in (old, withdrawn):
        application.refresh_from_db()
        assert application.applicant_name == "（匿名化済み）"
        assert application.applicant_email == ""
        assert application.anonymised_at is not None
        contact = application.contacts.get()
        assert (contact.family_name, contact.given_name, contact.email) == (
            "（匿名化済み）",
            "",
            "",
        )
        consent = application.consents.get()
        assert consent.agreed_by_name == "（匿名化済み）" and consent.ip is None
    for application in (recent, open_one):
        application.refresh_from_db()
        assert application.applicant_name == "不承認 花子"
        assert application.consents.get().ip == "203.0.113.9"
    message = OutboxMessage.objects.get(idempotency_key="rejected:1")
    assert message.to == [] and message.context == {}
    entry = AuditEntry.objects.get(action="privacy.anonymise")
    assert entry.data["applications"] == 2 and entry.data["contacts"] == 0

    # A second run finds nothing more, and says so.
    assert personal_data_anonymise_due(today=TODAY)["applications"] == 0
    assert AuditEntry.objects.filter(action="privacy.anonymise").count() == 2


def test_an_application_whose_invoice_is_kept_with_the_books_is_refused_and_counted(issuer):
    organisation = OrganisationFactory()
    invoice = issue(organisation, on=datetime.date(2026, 1, 5))
    application = _closed(workflow.Status.WITHDRAWN, first_invoice=invoice)
    with pytest.raises(RetentionRequired):
        application_anonymise(application_id=application.pk, today=TODAY, now=timezone.now())
    assert personal_data_anonymise_due(today=TODAY) == {
        "applications": 0,
        "kept": 1,
        "contacts": 0,
        "users": 0,
    }
    application.refresh_from_db()
    assert application.applicant_name == "不承認 花子"
    # Once the books' ten years are over, it goes.
    later = accounting_keep_until(invoice.issue_date) + datetime.timedelta(days=1)
    assert personal_data_anonymise_due(today=later)["applications"] == 1


def test_a_former_contact_is_anonymised_and_the_invoice_keeps_its_snapshot(issuer):
    organisation = OrganisationFactory(legal_name="退任テスト株式会社")
    user = UserFactory(email="taro@example.jp", full_name="退任 太郎")
    leaver = ContactFactory(
        organisation=organisation,
        family_name="退任",
        given_name="太郎",
        email="taro@example.jp",
        phone="03-1234-5678",
        is_billing_contact=True,
        user=user,
    )
    invoice = issue(organisation, on=datetime.date(2026, 1, 5))
    addressee = Invoice.objects.get(pk=invoice.pk).addressee
    assert "退任" in addressee
    staying = ContactFactory(organisation=organisation, family_name="在籍")
    leaver.family_name = "退任"  # a change, so that the history holds the name
    leaver.save()
    Contact.objects.filter(pk=leaver.pk).update(is_active=False, left_at=LONG_AGO)
    staff = UserFactory(groups=[SECRETARIAT], email="staff@example.jp")
    former_staff = ContactFactory(organisation=organisation, user=staff, family_name="職員")
    Contact.objects.filter(pk=former_staff.pk).update(is_active=False, left_at=LONG_AGO)

    counts = personal_data_anonymise_due(today=TODAY)

    assert counts["contacts"] == 2 and counts["users"] == 1  # the staff account is not touched
    leaver.refresh_from_db()
    assert leaver.family_name == "（匿名化済み）" and leaver.given_name == ""
    assert leaver.email.endswith("@example.invalid") and leaver.phone == ""
    assert not Contact.history.filter(id=leaver.pk, given_name="太郎").exists()
    user.refresh_from_db()
    assert not user.is_active and user.full_name == "" and user.email != "taro@example.jp"
    staff.refresh_from_db()
    assert staff.email == "staff@example.jp" and staff.is_active
    staying.refresh_from_db()
    assert staying.family_name == "在籍"
    assert Invoice.objects.get(pk=invoice.pk).addressee == addressee


def test_contacts_of_a_company_that_withdrew_long_ago_are_former_contacts():
    organisation = OrganisationFactory()
    contact = ContactFactory(organisation=organisation, family_name="退会")
    membership = MembershipFactory(organisation=organisation, status="ended")
    Withdrawal.objects.create(
        organisation=organisation,
        membership=membership,
        status=Withdrawal.Status.COMPLETED,
        notice_date=datetime.date(2025, 12, 1),
        wished_date=datetime.date(2025, 12, 31),
        effective_date=datetime.date(2025, 12, 31),
        completed_at=LONG_AGO,
        submitted_at=LONG_AGO,
    )
    assert personal_data_anonymise_due(today=TODAY)["contacts"] == 1
    contact.refresh_from_db()
    assert contact.family_name == "（匿名化済み）"


def test_leaving_the_register_starts_the_retention_period():
    from members.services.people import contact_set_active

    organisation = OrganisationFactory()
    contact = ContactFactory(organisation=organisation)
    contact_set_active(contact=contact, active=False, actor=UserFactory(groups=[SECRETARIAT]))
    contact.refresh_from_db()
    assert contact.left_at is not None
    contact_set_active(contact=contact, active=True, actor=UserFactory(groups=[SECRETARIAT]))
    contact.refresh_from_db()
    assert contact.left_at is None


def test_beat_runs_it_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE["privacy-anonymise"]
    assert schedule["task"] == "admissions.tasks.privacy_anonymise_due"
    assert schedule["schedule"] == 86400.0
    privacy_anonymise_due()
    assert AuditEntry.objects.filter(action="privacy.anonymise").exists()
