"""Withdrawing an application: the applicant from the link in their acknowledgement, the
secretariat from the review page on the applicant's word; with a reason, audited, and both
sides told. Once the board has decided, there is nothing to withdraw."""

import pytest
from django.core import mail

from aiga.models import AuditEntry
from members.admissions import workflow
from members.admissions.models import Application
from tests.factories import UserFactory
from tests.helpers import WITHDRAW_LINK, emailed_link
from tests.members.admissions.apply_helpers import agree, form_data

pytestmark = pytest.mark.django_db


def _submitted(client) -> tuple[Application, str]:
    agree(client)
    assert client.post("/apply/form/", form_data()).status_code == 302
    link = emailed_link(WITHDRAW_LINK, to="hanako@example.jp")
    return Application.objects.get(), "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_the_applicant_withdraws_from_the_acknowledgements_link(client):
    application, link = _submitted(client)
    other = client.__class__()  # the link works in any browser: it is the key
    page = other.get(link).content.decode()
    assert application.reference in page and "お申込みを取り下げる" in page
    mail.outbox.clear()
    response = other.post(link, {"reason": "社内の体制が整ってから改めて申し込みます。"})
    assert response.status_code == 200
    assert "お申込みを取り下げました" in response.content.decode()
    application.refresh_from_db()
    assert application.status == workflow.Status.WITHDRAWN
    entry = AuditEntry.objects.filter(to_state="withdrawn").get()
    assert entry.note == "社内の体制が整ってから改めて申し込みます。" and entry.actor is None
    emailed_link(r"https?://\S+", to="office@example.org")  # sends what the outbox holds
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "取下げを承りました" in subjects["hanako@example.jp"]
    assert "取下げ" in subjects["office@example.org"]
    assert other.get(link).status_code == 404  # used


def test_a_decided_application_cannot_be_withdrawn_by_its_link(client):
    application, link = _submitted(client)
    Application.objects.filter(pk=application.pk).update(status=workflow.Status.APPROVED)
    assert client.get(link).status_code == 404
    assert client.post(link, {"reason": ""}).status_code == 404
    application.refresh_from_db()
    assert application.status == workflow.Status.APPROVED


def test_a_made_up_link_opens_nothing(client):
    _submitted(client)
    assert client.get("/apply/withdraw/" + "x" * 43 + "/").status_code == 404


def test_the_secretariat_records_a_withdrawal_with_the_reason(client):
    application, _link = _submitted(client)
    staff = client.__class__()
    clerk = UserFactory(groups=["Secretariat"])
    staff.force_login(clerk)
    url = f"/admin/admissions/applicationreview/{application.pk}/withdraw/"
    assert staff.post(url, {"reason": ""}).status_code == 302  # a reason is required
    application.refresh_from_db()
    assert application.status == workflow.Status.SUBMITTED
    mail.outbox.clear()
    staff.post(url, {"reason": "お電話にて取下げのご連絡（12月3日）"})
    application.refresh_from_db()
    assert application.status == workflow.Status.WITHDRAWN
    entry = AuditEntry.objects.filter(to_state="withdrawn").get()
    assert entry.actor == clerk and "お電話" in entry.note
    emailed_link(r"https?://\S+", to="office@example.org")
    (copy,) = [m for m in mail.outbox if m.to == ["hanako@example.jp"]]
    assert "事務局にてお手続きいたしました" in copy.body and "お電話" in copy.body


def test_a_withdrawn_application_leaves_the_boards_agenda(client):
    import datetime

    from members.admissions.models import AgendaItem
    from members.admissions.services.review import application_forward_to_board
    from tests.members.admissions.board_helpers import MeetingFactory, complete_checklist

    application, link = _submitted(client)
    clerk = UserFactory(groups=["Secretariat"])
    meeting = MeetingFactory(date=datetime.date.today() + datetime.timedelta(days=20))
    complete_checklist(application, clerk)
    application_forward_to_board(
        application_id=application.pk,
        actor=clerk,
        actor_groups=["Secretariat"],
        today=meeting.date - datetime.timedelta(days=5),
    )
    client.post(link, {"reason": ""})
    application.refresh_from_db()
    assert application.status == workflow.Status.WITHDRAWN
    assert AgendaItem.objects.get(application=application).outcome == "removed"
