"""The draft's and the correction's link are issued when the e-mail is delivered (issue
"Security II", item 2): the outbox row and the admin never hold it, a resend issues a new
one, and an application that is no longer the applicant's to edit gets none."""

import pytest
from django.core import mail

from aiga.models import OutboxMessage
from aiga.outbox import outbox_deliver, outbox_resend
from members.admissions.models import Application
from members.admissions.selectors.applications import DraftLinkError, draft_from_token
from tests.factories import UserFactory
from tests.helpers import DRAFT_LINK, emailed_link
from tests.members.admissions.apply_helpers import agree, form_data

pytestmark = pytest.mark.django_db

EMAIL = "draft@example.jp"


def _save_draft(client):
    agree(client)
    response = client.post(
        "/apply/form/",
        {"category": "corporate", "legal_name": "架空商事株式会社",
         "applicant_email": EMAIL, "action": "save"},
    )  # fmt: skip
    assert response.status_code == 302
    return Application.objects.get()


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


def test_the_outbox_and_the_admin_hold_no_draft_link(client):
    draft = _save_draft(client)
    assert draft.draft_token_hash == ""  # no link opens it until the e-mail goes out
    message = OutboxMessage.objects.get(template_key="application_draft_link")
    assert "resume_url" not in message.context
    assert message.context["link"] == {"kind": "application_draft", "id": draft.pk}

    token = _token(emailed_link(DRAFT_LINK, to=EMAIL))
    assert draft_from_token(token=token) == draft
    row = OutboxMessage.objects.filter(pk=message.pk).values().get()
    assert token not in str(row)

    staff = client.__class__()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = staff.get(f"/admin/aiga/outboxmessage/{message.pk}/change/").content.decode()
    assert "application_draft" in html  # the reference is shown, the link is not
    assert token not in html and "/apply/draft/" not in html


def test_a_resend_issues_a_new_draft_link_and_the_old_one_stops(client):
    _save_draft(client)
    old = _token(emailed_link(DRAFT_LINK, to=EMAIL))
    message = OutboxMessage.objects.get(template_key="application_draft_link")
    again = outbox_resend(message=message)
    assert outbox_deliver(message_id=again.pk)
    new = _token(emailed_link(DRAFT_LINK, to=EMAIL))
    assert new != old
    with pytest.raises(DraftLinkError):
        draft_from_token(token=old)
    assert draft_from_token(token=new)


def test_a_draft_submitted_before_its_link_went_out_gets_no_link(client):
    _save_draft(client)
    assert client.post("/apply/form/", form_data(applicant_email=EMAIL)).status_code == 302
    assert Application.objects.get().status == "submitted"
    message = OutboxMessage.objects.get(template_key="application_draft_link")
    assert outbox_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.CANCELLED
    assert not any("/apply/draft/" in m.body for m in mail.outbox)
    assert Application.objects.get().draft_token_hash == ""
