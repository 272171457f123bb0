"""The members' page logo, replaced from the portal: raster images only (the shared upload
validation), listed only once the secretariat approves, and the public page drawn again."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from aiga.models import AuditEntry
from members.models import MemberListing
from members.services.listing import (
    ListingError,
    listing_logo_approve,
    listing_logo_submit,
    members_page_publish,
)
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _png(colour="navy") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def company():
    organisation = OrganisationFactory(legal_name="ロゴ掲載株式会社")
    MembershipFactory(organisation=organisation)
    members_page_publish(organisation=organisation, consent=True)
    return organisation


@pytest.fixture
def representative(company):
    user = UserFactory()
    ContactFactory(organisation=company, user=user, email=user.email, is_member_representative=True)
    return user


def test_a_logo_from_the_portal_waits_for_the_secretariat(client, company, representative):
    client.force_login(representative)
    response = client.post("/portal/profile/logo/", {"logo": _png()})
    assert response.status_code == 302
    listing = MemberListing.objects.get(organisation=company)
    assert listing.pending_logo and not listing.logo
    assert client.get("/portal/profile/logo/pending/").status_code == 200
    # Not on the public page yet.
    assert client.get(f"/members/logo/{listing.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="members_page.logo_submit").exists()


def test_only_raster_images_are_accepted(client, company, representative):
    client.force_login(representative)
    svg = SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    response = client.post("/portal/profile/logo/", {"logo": svg})
    assert response.status_code == 200 and "logo" in response.context["form"].errors
    response = client.post("/portal/profile/logo/", {})
    assert "logo" in response.context["form"].errors
    assert not MemberListing.objects.get(organisation=company).pending_logo


def test_approval_lists_it_and_draws_the_public_page_again(client, company, representative):
    html_before = client.get("/members/").content.decode()
    assert "ロゴ掲載株式会社" in html_before
    listing = listing_logo_submit(organisation=company, actor=representative, logo=_png())
    with pytest.raises(ListingError):
        listing_logo_approve(listing=listing, actor=representative)
    secretariat = UserFactory(groups=["Secretariat"])
    client.force_login(secretariat)
    response = client.post(f"/admin/members/memberlisting/{listing.pk}/actions/approve_logo/")
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.logo and not listing.pending_logo
    client.logout()
    # The cached page was dropped: the logo shows at once.
    assert f"/members/logo/{listing.pk}/" in client.get("/members/").content.decode()
    assert client.get(f"/members/logo/{listing.pk}/").status_code == 200


def test_a_colleague_without_the_roles_cannot_send_a_logo(client, company):
    user = UserFactory()
    ContactFactory(organisation=company, user=user, email=user.email, is_navi_respondent=True)
    client.force_login(user)
    assert client.get("/portal/profile/logo/").status_code == 200
    assert client.post("/portal/profile/logo/", {"logo": _png()}).status_code == 403


def test_another_companys_pending_logo_is_not_reachable(client, company, representative):
    listing_logo_submit(organisation=company, actor=representative, logo=_png())
    other = OrganisationFactory()
    MembershipFactory(organisation=other)
    user = UserFactory()
    ContactFactory(organisation=other, user=user, email=user.email, is_member_representative=True)
    client.force_login(user)
    assert client.get("/portal/profile/logo/pending/").status_code == 404
