"""Two people (or two browser tabs) at once, on PostgreSQL: the same draft submitted twice
at the same moment is submitted once, and member numbers handed out at the same time are
all different and have no gap."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from aiga.models import AuditEntry, OutboxMessage
from members.admissions.forms import ApplicationForm, ContactFormSet
from members.admissions.models import Application
from members.admissions.selectors.applications import current_documents
from members.admissions.services.applications import (
    ApplicationError,
    ConsentInput,
    application_save_draft,
    application_submit,
)
from members.models import Organisation
from members.services.member_numbers import member_number_assign
from tests.factories import MembershipFactory, OrganisationFactory
from tests.members.admissions.apply_helpers import form_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(n, work):
    """Run `work(i)` in n threads that start together; return what each returned or raised."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait(10)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_the_same_draft_submitted_twice_at_once_is_submitted_once():
    form = ApplicationForm(data=form_data(), submitting=False)
    people = ContactFormSet(form_data(), holders=form.role_holders(), submitting=False)
    assert form.is_valid() and people.is_valid(), (form.errors, people.errors)
    data = form.application_data()
    contacts = people.contacts(cc_emails=form.cleaned_data["bill_cc"])
    consent = ConsentInput(
        document_ids=[d.pk for d in current_documents()],
        agreed_by_name="緑川 花子",
        agreed_at=timezone.now(),
    )
    draft, _token = application_save_draft(
        application_id=None, data=data, contacts=contacts, consent=consent
    )
    OutboxMessage.objects.all().delete()  # the draft link

    results = _at_once(
        2, lambda i: application_submit(application_id=draft.pk, data=data, contacts=contacts)
    )
    submitted = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(submitted) == 1 and len(refused) == 1, results
    assert refused[0].code == "not_draft"
    assert Application.objects.get().status == "submitted"
    assert AuditEntry.objects.filter(action="application.submit").count() == 1
    assert sorted(OutboxMessage.objects.values_list("purpose", flat=True)) == [
        "application_notice_secretariat",
        "application_received",
    ]


def test_member_numbers_given_at_the_same_moment_are_distinct_and_gapless():
    organisations = [OrganisationFactory() for _ in range(6)]
    for organisation in organisations:
        MembershipFactory(organisation=organisation, issued_at=None)
    results = _at_once(6, lambda i: member_number_assign(organisation=organisations[i], actor=None))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [f"AIGA-{n:04d}" for n in range(1, 7)]
    assert not Organisation.objects.filter(memberships__issued_at__isnull=True).exists()


def test_one_organisation_asked_twice_at_once_gets_one_number():
    organisation = OrganisationFactory()
    results = _at_once(2, lambda i: member_number_assign(organisation=organisation, actor=None))
    assert results[0] == results[1] == "AIGA-0001", results
    assert AuditEntry.objects.filter(action="organisation.member_number").count() == 1
