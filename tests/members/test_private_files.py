import pytest
from django.core.files.base import ContentFile

from aiga.files import private_storage
from members.models import OrganisationDocument
from tests.factories import OrganisationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    org = OrganisationFactory()
    doc = OrganisationDocument(organisation=org, title="反社チェック記録")
    doc.file.save("evidence.pdf", ContentFile(b"%PDF-1.4 secret"), save=True)
    return doc


def test_private_files_live_outside_media_and_have_no_public_url(document, settings):
    path = private_storage.path(document.file.name)
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        private_storage.url(document.file.name)
    # The field's link is the admin's download, which checks who asks.
    assert document.file.url == f"/admin/files/members/organisationdocument/{document.pk}/file/"


def test_own_organisation_can_download(client, document):
    client.force_login(member_user(organisation=document.organisation))
    response = client.get(f"/portal/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"
    assert response["Cache-Control"] == "private, no-store"


def test_other_organisation_is_refused(client, document):
    client.force_login(member_user())
    response = client.get(f"/portal/documents/{document.pk}/")
    assert response.status_code == 404
    assert b"secret" not in response.content


def test_hidden_document_is_refused_to_its_own_organisation(client, document):
    document.visible_to_member = False
    document.save()
    client.force_login(member_user(organisation=document.organisation))
    assert client.get(f"/portal/documents/{document.pk}/").status_code == 404


def test_staff_without_organisation_get_403(client, document):
    client.force_login(UserFactory(groups=["Board"]))
    assert client.get(f"/portal/documents/{document.pk}/").status_code == 403


def test_portal_lists_only_own_documents(client, document):
    other = OrganisationDocument(organisation=OrganisationFactory(), title="他社の資料")
    other.file.save("other.pdf", ContentFile(b"x"), save=True)
    client.force_login(member_user(organisation=document.organisation))
    html = client.get("/portal/").content.decode()
    assert "反社チェック記録" in html
    assert "他社の資料" not in html
