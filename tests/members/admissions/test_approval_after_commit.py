"""The board's decision commits first; the first invoice's PDF is rendered after commit,
and the approval notice that carries it goes out once it is stored (issue 10).

A renderer that fails never undoes a decision: the invoice stays issued with its number,
the failure is shown to the secretariat, and the sweep renders and sends it later, once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from aiga.models import OutboxMessage
from billing import pdf
from billing.models import Invoice
from billing.services import invoices as invoicing
from members.admissions import workflow
from members.admissions.models import ApplicationContact, BoardDecision
from tests.factories import ContactFactory, OrganisationFactory
from tests.members.admissions.board_helpers import (
    ApplicationFactory,
    MeetingFactory,
    director,
    secretariat,
)
from tests.members.admissions.onboarding_helpers import decide, forward

MARCH = datetime.date(2026, 3, 12)


def _broken_renderer(invoice):
    raise RuntimeError("WeasyPrint exploded")


@pytest.mark.django_db
def test_a_failing_renderer_leaves_the_decision_and_the_invoice_committed(
    django_capture_on_commit_callbacks, monkeypatch, client
):
    monkeypatch.setattr(pdf, "invoice_pdf_bytes", _broken_renderer)
    with django_capture_on_commit_callbacks(execute=True):
        application, _meeting = decide(MARCH)

    application.refresh_from_db()
    assert application.status == workflow.Status.INVOICED
    assert BoardDecision.objects.filter(application=application, decision="approve").exists()
    invoice = Invoice.objects.get(application=application)
    assert invoice.status == Invoice.Status.ISSUED and invoice.number
    assert not invoice.pdf
    assert "WeasyPrint exploded" in invoice.pdf_error
    # The notice waits for its attachment: nothing went out without the PDF.
    assert not OutboxMessage.objects.filter(purpose="application_approved").exists()
    assert mail.outbox == []

    # The secretariat sees it.
    client.force_login(secretariat())
    page = client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert "PDFを作成できませんでした" in page and "WeasyPrint exploded" in page
    listing = client.get("/admin/billing/invoice/").content.decode()
    assert "PDF未作成" in listing

    # The renderer is mended: the sweep stores the PDF and sends the notice with it, once.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert invoicing.invoice_sweep(older_than=datetime.timedelta(0)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert invoicing.invoice_sweep(older_than=datetime.timedelta(0)) == 0
    invoice.refresh_from_db()
    assert invoice.pdf and invoice.pdf_error == ""
    assert invoice.sent_at is not None
    (notice,) = mail.outbox
    assert "入会審査結果・会費ご請求のご案内" in notice.subject
    assert [a[0] for a in notice.attachments] == [invoice.pdf_filename]


@pytest.mark.django_db
def test_a_failing_renderer_does_not_fail_the_director_s_request(monkeypatch, client):
    monkeypatch.setattr(pdf, "invoice_pdf_bytes", _broken_renderer)
    today = timezone.localdate()
    MeetingFactory(date=today)
    application = ApplicationFactory()
    forward(application, today)
    client.force_login(director())
    response = client.post(
        f"/board/decide/{application.pk}/", {"decision": "approve", "note": "承認"}, follow=True
    )
    assert response.status_code == 200
    assert "の決議を記録しました" in response.content.decode()
    application.refresh_from_db()
    assert application.status == workflow.Status.INVOICED


@pytest.mark.django_db
def test_one_e_mail_with_the_pdf_when_the_applicant_is_the_billing_addressee(
    django_capture_on_commit_callbacks,
):
    """The representative is also the billing contact (with a colleague in copy): one
    approval-and-invoice e-mail, no separate invoice e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        application, _meeting = decide(MARCH)
    invoice = Invoice.objects.get(application=application)
    assert len(mail.outbox) == 1
    (notice,) = mail.outbox
    assert notice.to == [application.applicant_email]
    assert [a[0] for a in notice.attachments] == [invoice.pdf_filename]
    assert "請求書（PDF）を添付いたしますので" in notice.body
    assert not OutboxMessage.objects.filter(purpose="billing.invoice_issued").exists()
    invoice.refresh_from_db()
    assert invoice.sent_to == [application.applicant_email]


@pytest.mark.django_db
def test_a_billing_contact_s_copies_join_the_single_e_mail(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    ApplicationContact.objects.filter(application=application).update(
        is_billing_contact=True, cc_emails=["cfo@example.jp"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        decide(MARCH, application=application)
    (notice,) = mail.outbox
    assert notice.to == [application.applicant_email]
    assert notice.cc == ["cfo@example.jp"]
    assert len(notice.attachments) == 1


# ------------------------------------------------------------------ PostgreSQL, two sessions


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_another_invoice_is_issued_while_the_approval_s_pdf_renders(monkeypatch):
    """The decision's transaction holds the number counter; the render must not be inside
    it, or every other invoice waits seconds (and a failing render rolls the decision back)."""
    rendering = threading.Event()
    release = threading.Event()
    real = pdf.invoice_pdf_bytes

    def slow_renderer(invoice):
        if invoice.organisation.legal_name.startswith("架空テクノロジー"):
            rendering.set()
            assert release.wait(20), "the test never released the renderer"
        return real(invoice)

    monkeypatch.setattr(pdf, "invoice_pdf_bytes", slow_renderer)
    errors = []

    def approve():
        try:
            decide(MARCH)
        except Exception as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
            rendering.set()
        finally:
            connection.close()

    other = OrganisationFactory(legal_name="並行請求株式会社")
    ContactFactory(organisation=other, email="keiri@heiko.example.jp", is_billing_contact=True)
    worker = threading.Thread(target=approve)
    worker.start()
    try:
        assert rendering.wait(30), "the approval never started rendering"
        assert not errors, errors
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            second = invoicing.invoice_issue_new(
                organisation=other,
                lines=[{"description": "研修会 参加費", "quantity": 1, "unit_price": 5000}],
                subject="研修会 参加費",
                actor=secretariat(),
            )
        assert second.number
        # The decision is already committed while its PDF is still being rendered.
        assert BoardDecision.objects.filter(decision="approve").count() == 1
    finally:
        release.set()
        worker.join(30)
    assert not errors, errors
    first = Invoice.objects.exclude(pk=second.pk).get(kind="invoice")
    assert first.pdf and first.number != second.number
