"""The applicant's side of a correction round: the e-mailed link opens the application,
the corrected form is resubmitted, and the secretariat sees the field diff."""

import re

import pytest
from django.core import mail

from members.admissions import workflow
from members.admissions.models import Application
from members.admissions.services.review import application_request_correction
from tests.members.admissions.apply_helpers import agree, form_data
from tests.members.admissions.board_helpers import secretariat

pytestmark = pytest.mark.django_db


def _submit(client):
    agree(client)
    response = client.post("/apply/form/", form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(corporate_number=form_data()["corporate_number"])


def _link_from_mail():
    for message in reversed(mail.outbox):
        match = re.search(r"https?://[^\s]+/apply/draft/[^\s]+/", message.body)
        if match:
            return match.group(0).split("://", 1)[1].split("/", 1)[1]
    raise AssertionError("no correction link was e-mailed")


@pytest.fixture
def corrected(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit(client)
    staff = secretariat()
    with django_capture_on_commit_callbacks(execute=True):
        application_request_correction(
            application_id=application.pk,
            message="資本金の金額を登記簿のとおりに修正してください。",
            actor=staff,
            actor_groups=["Secretariat"],
        )
    client.cookies.clear()
    return application


def test_link_opens_the_application_with_the_request(client, corrected):
    response = client.get("/" + _link_from_mail(), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "資本金の金額を登記簿のとおりに修正してください。" in html
    assert "修正して再提出する" in html
    assert 'value="save"' not in html  # a correction is resubmitted, not saved as a draft


def test_resubmission_goes_back_to_the_secretariat_with_the_diff(
    client, corrected, django_capture_on_commit_callbacks
):
    client.get("/" + _link_from_mail())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/apply/form/", form_data(share_capital="８０，０００，０００"))
    assert response.status_code == 302
    corrected.refresh_from_db()
    assert corrected.status == workflow.Status.SUBMITTED
    assert corrected.share_capital == 80_000_000
    round_ = corrected.correction_requests.get()
    assert [field for field, _before, _after in round_.diff] == ["share_capital"]
    assert any("資本金" in m.body for m in mail.outbox if "office@" in ",".join(m.to))
    # The done page says a copy went to the applicant: it did, with the corrected figures.
    (copy,) = [m for m in mail.outbox if m.to == ["hanako@example.jp"] and "修正後" in m.subject]
    assert "80,000,000" in copy.body.replace("８", "8") or "8,000万" in copy.body
    assert corrected.reference in copy.subject


def test_invalid_correction_shows_field_errors_and_changes_nothing(client, corrected):
    client.get("/" + _link_from_mail())
    response = client.post("/apply/form/", form_data(corporate_number="1234567890123"))
    assert response.status_code == 200
    corrected.refresh_from_db()
    assert corrected.status == workflow.Status.CORRECTION_REQUESTED


def test_link_no_longer_works_after_resubmission(client, corrected):
    link = "/" + _link_from_mail()
    client.get(link)
    client.post("/apply/form/", form_data())
    client.cookies.clear()
    assert client.get(link).status_code == 404
