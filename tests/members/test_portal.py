"""The member portal: the organisation's own membership, contacts and invoices only."""

import pytest

from tests.billing.invoice_helpers import DUES_LINES, issue
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(issuer, django_capture_on_commit_callbacks):
    org = OrganisationFactory(legal_name="架空ポータル株式会社", member_number="AIGA-0950")
    ContactFactory(organisation=org, email="keiri@portal.example.jp", is_billing_contact=True)
    MembershipFactory(organisation=org)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issue(org, lines=DUES_LINES)
    invoice.refresh_from_db()
    assert invoice.pdf
    return invoice


def test_portal_shows_own_membership_contacts_and_invoices(client, invoice):
    user = member_user(organisation=invoice.organisation)
    client.force_login(user)
    html = client.get("/portal/").content.decode()
    assert "架空ポータル株式会社" in html
    assert "AIGA-0950" in html
    assert invoice.number in html
    assert "¥350,000" in html
    assert user.email in html


def test_member_downloads_own_invoice_pdf_as_stored(client, invoice):
    client.force_login(member_user(organisation=invoice.organisation))
    response = client.get(f"/portal/billing/{invoice.pk}/pdf/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    import hashlib

    assert hashlib.sha256(body).hexdigest() == invoice.pdf_sha256


def test_another_company_cannot_see_or_download_the_invoice(client, invoice):
    other = member_user(organisation=OrganisationFactory(legal_name="他社株式会社"))
    client.force_login(other)
    assert invoice.number not in client.get("/portal/").content.decode()
    assert client.get(f"/portal/billing/{invoice.pk}/pdf/").status_code == 404


def test_anonymous_is_sent_to_login(client, invoice):
    response = client.get(f"/portal/billing/{invoice.pk}/pdf/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_portal_query_count_does_not_grow_with_invoices(
    client, invoice, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member_user(organisation=invoice.organisation))
    client.get("/portal/")  # the session warmed
    with CaptureQueriesContext(connection) as one:
        client.get("/portal/")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            issue(invoice.organisation, lines=DUES_LINES)
    # Each app adds its card to the home page; what must not happen is a query per invoice.
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get("/portal/").content.decode()
    assert html.count("/pdf/") == 4


# ------------------------------------------------------------------ the shell other apps add to


def test_the_invoices_page_arrives_through_the_portal_registry(client, invoice):
    """members provides the shell; billing registers its section (in its AppConfig.ready)
    and members never imports billing (the import contract checks that)."""
    from django.urls import reverse

    from members.portal import portal_sections

    sections = {s.slug: s for s in portal_sections()}
    assert sections["billing"].urls == "billing.urls_portal"
    assert sections["admissions"].urls == "members.admissions.urls_portal"
    assert reverse("billing_portal:invoices") == "/portal/billing/"

    client.force_login(member_user(organisation=invoice.organisation))
    home = client.get("/portal/").content.decode()
    assert 'id="portal-card-billing"' in home and 'id="portal-card-admissions"' in home
    assert 'href="/portal/billing/"' in home and 'href="/portal/admissions/"' in home
    page = client.get("/portal/billing/")
    assert page.status_code == 200
    html = page.content.decode()
    assert invoice.number in html and "¥350,000" in html
    assert 'class="nav-link active" href="/portal/billing/"' in html


def test_a_section_s_page_shows_only_the_member_s_own_records(client, invoice):
    other = member_user(organisation=OrganisationFactory(legal_name="他社株式会社"))
    client.force_login(other)
    assert invoice.number not in client.get("/portal/billing/").content.decode()
    assert client.get("/portal/admissions/").status_code == 200


def test_a_user_without_an_organisation_gets_no_section(client, invoice):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/portal/billing/").status_code == 403
    assert client.get("/portal/admissions/").status_code == 403


def test_members_are_members_once_issued_on_the_public_page_and_in_the_portal(client):
    """Approved but not yet paid: a membership row exists, but the company is not a member
    yet: not on the public members' page, and the portal says so."""
    from django.utils import timezone

    from members.models import MemberListing

    unpaid = OrganisationFactory(legal_name="未入金の架空株式会社")
    MembershipFactory(organisation=unpaid, issued_at=None)
    MemberListing.objects.create(
        organisation=unpaid,
        display_name=unpaid.legal_name,
        is_listed=True,
        listed_at=timezone.now(),
    )
    member = OrganisationFactory(legal_name="会員の架空株式会社")
    MembershipFactory(organisation=member)
    MemberListing.objects.create(
        organisation=member,
        display_name=member.legal_name,
        is_listed=True,
        listed_at=timezone.now(),
    )

    page = client.get("/members/").content.decode()
    assert "会員の架空株式会社" in page and "未入金の架空株式会社" not in page

    client.force_login(member_user(organisation=unpaid))
    portal = client.get("/portal/").content.decode()
    assert "有効な会員資格はありません。" in portal
    client.force_login(member_user(organisation=member))
    assert "有効な会員資格はありません。" not in client.get("/portal/").content.decode()


def test_the_sections_pages_query_count_does_not_grow_with_the_rows(
    client, invoice, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member_user(organisation=invoice.organisation))
    for url in ("/portal/billing/", "/portal/admissions/", "/portal/"):
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                issue(invoice.organisation, lines=DUES_LINES)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(url).status_code == 200
