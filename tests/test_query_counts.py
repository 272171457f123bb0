"""Every page `make bench` measures (scripts/bench_pages.py) makes the same number of
queries with a handful of members as with several times more (issue 20): a page's cost must
not grow with the association. Timings are the bench's business; this guards the counts."""

import datetime
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aiga.audit import audit_log
from billing.services import invoices as invoicing
from billing.services import payments
from billing.services.receipts import receipt_issue
from events.models import AgendaIntroduction, Event, Registration
from members.admissions.models import AgendaItem
from members.models import ChangeNotice, MemberListing
from members.roles import BOARD, SECRETARIAT
from tests.factories import ContactFactory, MembershipFactory, UserFactory
from tests.members.admissions.board_helpers import ApplicationFactory, MeetingFactory

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from bench_pages import PAGES, navi_prepare  # noqa: E402

pytestmark = pytest.mark.django_db

LINE = {
    "description": "年会費",
    "quantity": 1,
    "unit_price": 500_000,
    "tax_treatment": "non_taxable",
}


def _all_hands():
    from tests.events.factories import EventFactory, kind

    found = Event.objects.filter(kind__key="all_hands", starts_at__isnull=False).first()
    return found or EventFactory(kind=kind("all_hands"), title="規模確認のAll-Hands")


def grow(n, meeting, start=0):
    """n member companies as the association has them: a membership, a contact, a public
    listing, an invoice (every other one paid), an application on the meeting's agenda
    (every third an expert's), an audit entry and a registration for an event."""
    for i in range(start, start + n):
        membership = MembershipFactory(organisation__legal_name=f"規模確認{i}株式会社")
        organisation = membership.organisation
        contact = ContactFactory(organisation=organisation, is_billing_contact=True)
        ChangeNotice.objects.create(
            organisation=organisation,
            requested_by=contact,
            changes={"share_capital": {"old": 80_000_000, "new": 150_000_000}},
            crosses_smb_line=True,
        )
        MemberListing.objects.create(
            organisation=organisation,
            display_name=organisation.legal_name,
            is_listed=True,
            listed_at=timezone.now(),
        )
        invoice = invoicing.invoice_issue_new(
            organisation=organisation,
            lines=[LINE],
            subject="2026年度 年会費",
            issue_date=datetime.date(2026, 10, 1),
            actor=None,
        )
        if i % 2:
            payments.payment_record(
                invoice=invoice,
                paid_on=datetime.date(2026, 10, 20),
                amount=invoice.total,
                payer_name="キボカクニン",
                method="bank_transfer",
                actor=None,
            )
            receipt_issue(invoice=invoice, actor=None)
        application = ApplicationFactory(**({"category": "expert"} if i % 3 == 0 else {}))
        AgendaItem.objects.create(meeting=meeting, application=application)
        audit_log(actor=None, action="members_page.publish", target=organisation)
        # Someone of each company registered for the same event (the reception's list).
        event = Event.objects.filter(audience="members").order_by("id").first()
        Registration.objects.create(
            event=event, contact=contact, organisation=organisation, attendance="attended"
        )
        # …and is on an All-Hands' agenda to introduce itself.
        AgendaIntroduction.objects.create(event=_all_hands(), organisation=organisation, order=i)


def counts(clients):
    result = {}
    for page in PAGES:
        path = page["path"]() if callable(page["path"]) else page["path"]
        client = clients[page["role"]]
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (page["name"], response.status_code)
        result[page["name"]] = len(captured)
    return result


def test_no_page_makes_more_queries_for_more_members(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(date=timezone.localdate() + datetime.timedelta(days=20))
    grow(2, meeting)
    member = ContactFactory(
        organisation=MembershipFactory().organisation,
        user=UserFactory(),
        is_member_representative=True,
    ).user
    navi_prepare(member)
    clients = {"anonymous": Client()}
    for role, user in (
        ("secretariat", UserFactory(groups=[SECRETARIAT])),
        ("director", UserFactory(groups=[BOARD])),
        ("member", member),
    ):
        clients[role] = Client()
        clients[role].force_login(user)
    counts(clients)  # each session's first requests fill what it keeps
    small = counts(clients)
    grow(10, meeting, start=2)
    counts(clients)  # the public members' page is drawn again once after the change
    large = counts(clients)
    assert large == small
