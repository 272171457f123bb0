"""An approval issues the first invoice in the same transaction. While the issuer's bank
account is the placeholder the invoice is refused, and so is the whole approval: no
decision, no organisation, no membership, no invoice, no e-mail; the application stays on
the agenda, and whoever recorded it is told why (never a 500)."""

import datetime

import pytest
from django.urls import reverse

from aiga.models import AuditEntry, OutboxMessage
from billing.models import Invoice
from members.admissions import workflow
from members.admissions.models import AgendaItem, BoardDecision
from members.admissions.services.board import board_decision_record
from members.admissions.services.review import ReviewError
from members.models import Membership, Organisation
from members.roles import BOARD
from tests.conftest import TEST_BANK_ACCOUNT, bank_account_clear
from tests.members.admissions.board_helpers import (
    ApplicationFactory,
    MeetingFactory,
    director,
    secretariat,
)
from tests.members.admissions.onboarding_helpers import at, forward

pytestmark = pytest.mark.django_db

MEETING = datetime.date(2026, 3, 12)
MESSAGE = "お振込先口座が未設定です。請求書発行者情報を設定してください。"


def _on_agenda():
    MeetingFactory(date=MEETING)
    application = ApplicationFactory()
    forward(application, MEETING)
    application.refresh_from_db()
    assert application.status == workflow.Status.WITH_BOARD
    return application


def _nothing_written(application):
    application.refresh_from_db()
    assert application.status == workflow.Status.WITH_BOARD
    assert application.organisation_id is None and application.first_invoice_id is None
    assert not BoardDecision.objects.exists()
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()
    assert not Invoice.objects.exists()
    assert AgendaItem.objects.get(application=application).outcome == AgendaItem.Outcome.PENDING
    assert not AuditEntry.objects.filter(action__startswith="application.approve").exists()
    assert not OutboxMessage.objects.filter(template_key__startswith="application_app").exists()


def test_an_approval_without_a_bank_account_is_refused_whole(django_capture_on_commit_callbacks):
    application = _on_agenda()
    bank_account_clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ReviewError) as refused:
            board_decision_record(
                application_id=application.pk,
                decision="approve",
                actor=director(),
                actor_groups=[BOARD],
                now=at(MEETING),
            )
    assert MESSAGE in refused.value.message
    assert "入会承認を記録できませんでした" in refused.value.message
    assert callbacks == []
    _nothing_written(application)


def test_the_same_approval_goes_through_once_the_account_is_set():
    application = _on_agenda()
    bank_account_clear()
    with pytest.raises(ReviewError):
        board_decision_record(
            application_id=application.pk,
            decision="approve",
            actor=director(),
            actor_groups=[BOARD],
            now=at(MEETING),
        )
    bank_account_clear(**TEST_BANK_ACCOUNT)
    board_decision_record(
        application_id=application.pk,
        decision="approve",
        actor=director(),
        actor_groups=[BOARD],
        now=at(MEETING),
    )
    application.refresh_from_db()
    assert application.status == workflow.Status.INVOICED
    assert application.first_invoice.status == Invoice.Status.ISSUED


def test_a_rejection_needs_no_bank_account():
    application = _on_agenda()
    bank_account_clear()
    board_decision_record(
        application_id=application.pk,
        decision="reject",
        actor=director(),
        actor_groups=[BOARD],
        now=at(MEETING),
    )
    application.refresh_from_db()
    assert application.status == workflow.Status.REJECTED


def test_the_secretariat_recording_on_the_boards_behalf_sees_the_message(client):
    application = _on_agenda()
    bank_account_clear()
    client.force_login(secretariat())
    response = client.post(
        f"/admin/admissions/applicationreview/{application.pk}/decide/",
        {"decision": "approve", "note": "", "abstaining_note": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    _nothing_written(application)


def test_a_director_in_the_board_queue_sees_the_message(client):
    application = _on_agenda()
    bank_account_clear()
    client.force_login(director())
    response = client.post(
        reverse("admissions:board_decide", args=[application.pk]),
        {"decision": "approve", "note": "", "abstaining_note": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    _nothing_written(application)
