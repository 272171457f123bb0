"""A bounced e-mail is recorded against the contact when the mail provider reports it (a
webhook with a shared token), shows on the admin's index, and the secretariat marks the
address checked."""

import json

import pytest

from aiga.health import current_failures
from aiga.models import AuditEntry
from members.roles import SECRETARIAT
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/hooks/email-bounce/"
TOKEN = "bounce-token-0123456789abcdef"


@pytest.fixture
def contacts(settings):
    settings.EMAIL_BOUNCE_TOKEN = TOKEN
    organisation = OrganisationFactory(legal_name="不達テスト株式会社")
    bounced = ContactFactory(organisation=organisation, email="gone@futatsu.example.jp")
    cc_only = ContactFactory(organisation=organisation, cc_emails=["gone@futatsu.example.jp"])
    other = ContactFactory(organisation=organisation, email="here@futatsu.example.jp")
    return bounced, cc_only, other


def _post(client, payload, token=TOKEN):
    return client.post(
        URL,
        data=json.dumps(payload) if not isinstance(payload, str) else payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_permanent_bounce_is_recorded_against_the_contacts_and_shown(client, contacts):
    bounced, cc_only, other = contacts
    response = _post(
        client, {"email": "Gone@futatsu.example.jp", "permanent": True, "reason": "550 5.1.1"}
    )
    assert response.status_code == 200 and response.json() == {"recorded": 2}
    for contact in (bounced, cc_only):
        contact.refresh_from_db()
        assert contact.email_bounced_at is not None
        assert "550 5.1.1" in contact.email_bounce_reason
    other.refresh_from_db()
    assert other.email_bounced_at is None
    assert AuditEntry.objects.filter(action="contact.bounce").count() == 2
    kinds = [str(f.kind) for f in current_failures()]
    assert kinds.count("メール不達（宛先の確認が必要）") == 2

    client.force_login(UserFactory(groups=[SECRETARIAT]))
    assert "メール不達（宛先の確認が必要）" in client.get("/admin/").content.decode()
    # The secretariat checked the address: no longer flagged.
    client.post(
        "/admin/members/contact/",
        {"action": "bounce_checked", "_selected_action": [bounced.pk, cc_only.pk]},
    )
    bounced.refresh_from_db()
    assert bounced.email_bounced_at is None and bounced.email_bounce_reason == ""
    assert not [f for f in current_failures() if f.key.startswith("bounce:")]


def test_a_temporary_bounce_is_noted_but_not_flagged(client, contacts):
    bounced, _cc, _other = contacts
    assert _post(client, {"email": bounced.email, "permanent": False, "reason": "mailbox full"})
    bounced.refresh_from_db()
    assert bounced.email_bounced_at is None
    assert "mailbox full" in bounced.email_bounce_reason


def test_an_unknown_address_records_nothing(client, contacts):
    assert _post(client, {"email": "nobody@example.jp"}).json() == {"recorded": 0}


@pytest.mark.parametrize(
    "payload",
    ["not json", {"permanent": True}, {"email": 5}, {"email": "a@b.jp", "permanent": "yes"}, []],
)
def test_a_malformed_report_is_refused_with_a_clear_answer(client, contacts, payload):
    response = _post(client, payload)
    assert response.status_code == 400
    assert "expected JSON" in response.json()["error"]
    assert not AuditEntry.objects.filter(action="contact.bounce").exists()


def test_a_wrong_token_is_refused(client, contacts):
    response = _post(client, {"email": contacts[0].email}, token="wrong")
    assert response.status_code == 403
    contacts[0].refresh_from_db()
    assert contacts[0].email_bounced_at is None


def test_without_a_token_configured_the_address_does_not_exist(client, settings):
    settings.EMAIL_BOUNCE_TOKEN = ""
    assert _post(client, {"email": "a@example.jp"}, token="").status_code == 404
