"""Links the system shows or sends keep working: the logo on the review page (uploads are
not served under /media/), and the review link in the resubmission notice once the
application has left review."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from aiga.models import OutboxMessage
from members.admissions import workflow
from members.admissions.services.applications import application_withdraw
from members.admissions.services.review import (
    application_request_correction,
    application_resubmit,
)
from members.roles import SECRETARIAT
from tests.factories import UserFactory
from tests.members.admissions.board_helpers import ApplicationFactory, secretariat

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _logo_href(page: str) -> str:
    marker = 'target="_blank" rel="noopener">ロゴ</a>'
    before = page.split(marker, 1)[0]
    return before.rsplit('href="', 1)[1].split('"', 1)[0]


@pytest.fixture
def with_logo():
    application = ApplicationFactory(list_publicly=True)
    application.logo.save("mark.png", ContentFile(png()))
    return application


def test_the_review_pages_logo_link_opens_the_logo(client, with_logo):
    client.force_login(secretariat())
    page = client.get(f"/admin/admissions/applicationreview/{with_logo.pk}/change/")
    assert page.status_code == 200
    href = _logo_href(page.content.decode())
    assert not href.startswith(settings.MEDIA_URL)
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == with_logo.logo.open("rb").read()


def test_the_application_page_links_the_same_logo(client, with_logo):
    client.force_login(secretariat())
    page = client.get(f"/admin/admissions/application/{with_logo.pk}/change/")
    assert page.status_code == 200
    href = _logo_href(page.content.decode())
    assert client.get(href).status_code == 200


def test_the_logo_is_not_for_everyone(client, with_logo):
    url = f"/admin/admissions/application/{with_logo.pk}/logo/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(UserFactory(is_staff=True))  # staff without the secretariat's rights
    assert client.get(url).status_code == 403


def test_an_application_without_a_logo_has_none_to_serve(client):
    application = ApplicationFactory()
    client.force_login(secretariat())
    assert client.get(f"/admin/admissions/application/{application.pk}/logo/").status_code == 404


def _resubmitted():
    user = secretariat()
    app = ApplicationFactory(share_capital=300_000_000)
    application_request_correction(
        application_id=app.pk, message="資本金をご確認ください。", actor=user,
        actor_groups=[SECRETARIAT],
    )  # fmt: skip
    application_resubmit(application_id=app.pk, data={"share_capital": 100_000_000})
    notice = OutboxMessage.objects.get(template_key="application_resubmitted_secretariat")
    url = notice.context["admin_url"]
    assert url.startswith(settings.SITE_URL)
    return app, user, url.removeprefix(settings.SITE_URL)


def test_the_resubmission_notice_links_a_page_that_outlives_the_review(client):
    app, user, path = _resubmitted()
    client.force_login(user)
    assert client.get(path).status_code == 200
    application_withdraw(application_id=app.pk, actor=user, actor_groups=[SECRETARIAT])
    app.refresh_from_db()
    assert app.status == workflow.Status.WITHDRAWN
    response = client.get(path)
    assert response.status_code == 200
    assert app.display_name in response.content.decode()


def test_an_old_review_link_goes_on_to_the_application(client):
    app, user, _path = _resubmitted()
    application_withdraw(application_id=app.pk, actor=user, actor_groups=[SECRETARIAT])
    client.force_login(user)
    response = client.get(f"/admin/admissions/applicationreview/{app.pk}/change/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/admin/admissions/application/{app.pk}/change/"
    assert client.get("/admin/admissions/applicationreview/999999/change/").status_code == 404
