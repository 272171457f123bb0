"""The admin shows records with private files attached (a document, minutes, the seal, an
export) and links each file to a download that checks who may view the record."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from billing.models import IssuerProfile
from members.models import BoardMeeting, MailingListExport, OrganisationDocument
from tests.factories import OrganisationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def secretariat():
    return UserFactory(groups=["Secretariat"])


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def attached():
    organisation = OrganisationFactory()
    document = OrganisationDocument(organisation=organisation, title="定款写し")
    document.file.save("articles.pdf", ContentFile(PDF), save=True)
    meeting = BoardMeeting.objects.create(date=datetime.date(2026, 11, 15))
    meeting.minutes_file.save("minutes.pdf", ContentFile(PDF), save=True)
    issuer = IssuerProfile.objects.first() or IssuerProfile.objects.create()
    issuer.seal.save("seal.png", ContentFile(png()), save=True)
    export = MailingListExport.objects.create(row_count=1)
    export.file.save("list.csv", ContentFile(b"email\r\na@example.jp\r\n"), save=True)
    return {
        f"/admin/members/organisation/{organisation.pk}/change/": document,
        f"/admin/members/boardmeeting/{meeting.pk}/change/": meeting,
        f"/admin/billing/issuerprofile/{issuer.pk}/change/": issuer,
        f"/admin/members/mailinglistexport/{export.pk}/change/": export,
    }


def test_admin_pages_with_private_files_open_and_link_the_download(client, secretariat, attached):
    client.force_login(secretariat)
    for page, record in attached.items():
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        if isinstance(record, MailingListExport):  # its own download, written by the system
            assert f"/admin/members/mailinglistexport/{record.pk}/download/" in html
        else:
            assert "/admin/files/" in html, page


def test_the_download_checks_who_asks(client, secretariat, attached):
    document = next(iter(attached.values()))
    url = document.file.url
    assert url == f"/admin/files/members/organisationdocument/{document.pk}/file/"
    assert client.get(url).status_code == 302  # to the admin's log-in
    client.force_login(member_user(organisation=document.organisation))
    assert client.get(url).status_code == 302  # a member is not staff, even for its own file
    client.force_login(secretariat)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/files/members/organisationdocument/987654/file/",
        "/admin/files/members/organisationdocument/abc/file/",
        "/admin/files/members/nosuchmodel/1/file/",
        "/admin/files/members/organisationdocument/1/title/",
        "/admin/files/members/memberlisting/1/logo/",  # public, not this view's
    ],
)
def test_anything_else_is_not_found(client, secretariat, url):
    client.force_login(secretariat)
    assert client.get(url).status_code == 404


def test_a_director_without_the_admin_is_sent_to_log_in(client, attached):
    document = next(iter(attached.values()))
    client.force_login(UserFactory(groups=["Board"]))
    assert client.get(document.file.url).status_code == 302
