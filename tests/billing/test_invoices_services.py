import datetime

import pytest
from django.core import mail

from aiga.models import AuditEntry, OutboxMessage
from billing.invoice_calc import compute_totals
from billing.models import Invoice, IssuerProfile
from billing.services import invoices as invoicing
from billing.services import payments
from billing.tasks import invoice_finalise
from tests.billing.invoice_helpers import DUES_LINES, EVENT_LINE, issue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lines", "net10", "tax10", "total"),
    [
        # 3 × 3,333 = 9,999 → tax 999.9 rounded down once for the rate: 999.
        ([EVENT_LINE], 9_999, 999, 10_998),
        # Per line it would be 333 + 333 + 333 = 999 … but per rate on 9,999 it is still 999;
        # two lines of 15 yen: per line 1 + 1 = 2, per rate 30 → 3.
        (
            [
                {
                    "description": "a",
                    "quantity": 1,
                    "unit_price": 15,
                    "tax_treatment": "taxable_10",
                },
                {
                    "description": "b",
                    "quantity": 1,
                    "unit_price": 15,
                    "tax_treatment": "taxable_10",
                },
            ],
            30,
            3,
            33,
        ),
        ([*DUES_LINES, EVENT_LINE], 9_999, 999, 360_998),
    ],
)
def test_tax_is_rounded_down_once_per_rate(lines, net10, tax10, total):
    totals = compute_totals(lines)
    rate10 = [r for r in totals.rates if r.rate == 10][0]
    assert (rate10.net, rate10.tax, totals.total) == (net10, tax10, total)


def test_non_taxable_lines_carry_no_tax():
    totals = compute_totals(DUES_LINES)
    assert totals.tax == 0 and totals.total == 350_000
    assert [r.rate for r in totals.rates] == [None]


def test_issue_freezes_totals_addressee_and_due_date(issuer, organisation):
    invoice = issue(organisation, lines=[*DUES_LINES, EVENT_LINE])
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.number == "AIGA-2025-0001"
    assert (invoice.subtotal, invoice.tax_total, invoice.total) == (359_999, 999, 360_998)
    assert invoice.addressee == "みらいAIラボ株式会社 経理部 佐藤 花子 様"
    assert "御中" not in invoice.addressee
    assert invoice.member_number == "AIGA-0901"
    assert invoice.due_date == datetime.date(2026, 5, 29)
    assert invoice.is_qualified
    assert invoice.issuer["registration_number"] == "T1234567890123"
    assert AuditEntry.objects.filter(action="invoice.issue", object_id=str(invoice.pk)).exists()


def test_company_without_contact_is_addressed_onchu(issuer):
    from tests.factories import OrganisationFactory

    org = OrganisationFactory(legal_name="株式会社サンプル銀行")
    invoice = issue(org)
    assert invoice.addressee == "株式会社サンプル銀行 御中"


def test_taxable_line_refused_without_registration_number(organisation):
    profile = IssuerProfile.current()
    assert profile.registration_number == ""
    with pytest.raises(invoicing.InvoiceError, match="登録番号"):
        issue(organisation, lines=[EVENT_LINE])
    invoice = issue(organisation)  # dues only: fine, but not a qualified invoice
    assert invoice.is_qualified is False


@pytest.mark.parametrize(
    "bad",
    [
        [],
        [{"description": "", "quantity": 1, "unit_price": 1, "tax_treatment": "non_taxable"}],
        [{"description": "x", "quantity": 0, "unit_price": 1, "tax_treatment": "non_taxable"}],
        [{"description": "x", "quantity": 1, "unit_price": "abc", "tax_treatment": "non_taxable"}],
        [{"description": "x", "quantity": 1, "unit_price": 1, "tax_treatment": "taxable_8"}],
    ],
)
def test_bad_lines_are_refused(issuer, organisation, bad):
    with pytest.raises(invoicing.InvoiceError):
        issue(organisation, lines=bad)
    assert not Invoice.objects.exists()


def test_issuing_twice_is_refused(issuer, organisation):
    invoice = issue(organisation)
    with pytest.raises(invoicing.InvoiceError):
        invoicing.invoice_issue(invoice=invoice, actor=None)


def test_issue_sends_pdf_to_billing_contact_exactly_once(
    issuer,
    organisation,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issue(organisation)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["keiri@mirai.example.jp"]
    assert message.cc == ["cfo@mirai.example.jp"]
    assert "AIGA-2025-0001" in message.subject
    assert "みらいAIラボ株式会社 経理部 佐藤 花子 様" in message.body
    assert "350,000円" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert filename == "AIGA-2025-0001.pdf" and mimetype == "application/pdf"
    invoice.refresh_from_db()
    assert content == invoice.pdf.read()
    assert invoice.sent_at is not None
    assert invoice.sent_to == ["keiri@mirai.example.jp", "cfo@mirai.example.jp"]

    # A duplicated task sends nothing more.
    invoice_finalise(invoice.pk)
    invoice_finalise.delay(invoice.pk)
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.filter(purpose="billing.invoice_issued").count() == 1


def test_resend_is_a_new_send_request(issuer, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issue(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        invoicing.invoice_resend(invoice=invoice, actor=None)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].attachments[0][1] == mail.outbox[0].attachments[0][1]
    assert AuditEntry.objects.filter(action="invoice.resend").count() == 1


def test_resend_of_draft_is_refused(issuer, organisation):
    draft = invoicing.invoice_create_draft(
        organisation=organisation, lines=DUES_LINES, subject="x", actor=None
    )
    with pytest.raises(invoicing.InvoiceError):
        invoicing.invoice_resend(invoice=draft, actor=None)


def test_cancel_issues_credit_note_and_replacement(
    issuer,
    organisation,
    django_capture_on_commit_callbacks,
):
    original = issue(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        credit, replacement = invoicing.invoice_cancel(
            invoice=original,
            actor=None,
            reason="年会費の区分誤り",
            replacement_lines=[{**DUES_LINES[0], "unit_price": 50_000}],
            replacement_subject="2025年度 入会費（訂正）",
            issue_date=datetime.date(2026, 4, 20),
        )
    original.refresh_from_db()
    assert original.status == Invoice.Status.CANCELLED
    assert credit.kind == Invoice.Kind.CREDIT_NOTE
    assert credit.number == "AIGA-CN-2025-0001"
    assert credit.cancels == original
    assert credit.total == -350_000
    assert replacement.number == "AIGA-2025-0002"
    assert replacement.replaces == original
    assert replacement.total == 50_000
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("請求取消" in s for s in subjects)
    assert (
        len(mail.outbox) == 2
    )  # credit note + replacement (the original was never finalised here)
    # The credit note's e-mail says why, and which invoice to pay instead (issue 18, item 5).
    (notice,) = [m for m in mail.outbox if "請求取消" in m.subject]
    assert (
        "先般お送りいたしました請求書（請求書番号：AIGA-2025-0001、2026年4月15日付）に"
        "誤りがございましたため" in notice.body
    )
    assert "取消の理由：年会費の区分誤り" in notice.body
    assert "訂正後の請求書（請求書番号：AIGA-2025-0002、2026年4月20日付）" in notice.body
    assert "訂正後の請求書にてお手続きくださいますようお願い申し上げます" in notice.body
    assert "The corrected invoice AIGA-2025-0002 of 20 April 2026" in notice.body


def test_a_credit_note_without_replacement_says_nothing_is_due(
    issuer, organisation, django_capture_on_commit_callbacks
):
    original = issue(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        invoicing.invoice_cancel(invoice=original, actor=None, reason="二重に発行したため")
    (notice,) = [m for m in mail.outbox if "請求取消" in m.subject]
    assert "取消の理由：二重に発行したため" in notice.body
    assert "取り消した請求書へのお支払いは不要です。" in notice.body
    assert "訂正後" not in notice.body and "corrected invoice" not in notice.body


def test_cancel_needs_reason_and_issued_invoice(issuer, organisation):
    invoice = issue(organisation)
    with pytest.raises(invoicing.InvoiceError):
        invoicing.invoice_cancel(invoice=invoice, actor=None, reason=" ")
    invoicing.invoice_cancel(invoice=invoice, actor=None, reason="重複")
    with pytest.raises(invoicing.InvoiceError):
        invoicing.invoice_cancel(invoice=invoice, actor=None, reason="again")


def test_cancel_refused_when_payments_exist(issuer, organisation):
    invoice = issue(organisation)
    payments.payment_record(
        invoice=invoice,
        paid_on=datetime.date(2026, 5, 1),
        amount=1000,
        payer_name="X",
        method="bank_transfer",
        actor=None,
    )
    with pytest.raises(invoicing.InvoiceError, match="入金"):
        invoicing.invoice_cancel(invoice=invoice, actor=None, reason="x")


def test_overdue_is_a_fact_not_a_status(issuer, organisation):
    invoice = issue(organisation)
    assert invoice.is_overdue(datetime.date(2026, 5, 29)) is False
    assert invoice.is_overdue(datetime.date(2026, 5, 30)) is True
    assert invoice.status == Invoice.Status.ISSUED


def test_invoice_sent_later_by_the_sweeper_still_records_when_and_to_whom(
    issuer,
    organisation,
    django_capture_on_commit_callbacks,
    settings,
):
    from aiga.outbox import outbox_sweep

    settings.EMAIL_BACKEND = "tests.aiga.failing_backend.FailingBackend"  # SMTP is down
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issue(organisation)
    invoice.refresh_from_db()
    assert invoice.pdf and invoice.sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(status="pending").update(next_attempt_at=None)
    outbox_sweep()
    assert len(mail.outbox) == 1
    invoice.refresh_from_db()
    assert invoice.sent_at is not None
    assert invoice.sent_to == ["keiri@mirai.example.jp", "cfo@mirai.example.jp"]
    assert AuditEntry.objects.filter(action="invoice.sent", object_id=str(invoice.pk)).count() == 1


def test_invoice_issued_while_the_broker_is_down_is_finished_by_the_sweep(
    issuer,
    organisation,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from billing.tasks import invoice_finalise as task

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issue(organisation)  # the user's action succeeds
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED and invoice.number
    assert not invoice.pdf and mail.outbox == []
    # Too fresh: the sweep leaves it to the task that may still be on its way.
    assert invoicing.invoice_sweep() == 0
    # An issued invoice cannot be edited (not even created_at): sweep with no delay instead.
    assert invoicing.invoice_sweep(older_than=datetime.timedelta(0)) == 1
    invoice.refresh_from_db()
    assert invoice.pdf and invoice.sent_at is not None
    assert len(mail.outbox) == 1
    assert invoicing.invoice_sweep(older_than=datetime.timedelta(0)) == 0
    assert len(mail.outbox) == 1
