import datetime

import pytest

from aiga.models import AuditEntry
from billing.models import Invoice, Payment
from billing.services import invoices as invoicing
from billing.services import payments
from tests.billing.invoice_helpers import issue

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 20)


def pay(invoice, amount):
    return payments.payment_record(
        invoice=invoice,
        paid_on=DAY,
        amount=amount,
        payer_name="AIGA-0901 ミライAIラボ",
        method="bank_transfer",
        actor=None,
    )


@pytest.fixture
def invoice(issuer, organisation):
    return issue(organisation)  # 350,000 yen


def test_exact_payment_marks_paid(invoice):
    pay(invoice, 350_000)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.balance == 0
    assert AuditEntry.objects.filter(action="payment.record").count() == 1
    assert AuditEntry.objects.filter(action="invoice.paid").count() == 1


def test_short_payment_stays_issued_and_shows_shortfall(invoice):
    pay(invoice, 300_000)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.balance == 50_000
    pay(invoice, 50_000)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_excess_is_shown_not_absorbed(invoice):
    pay(invoice, 360_000)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.balance == -10_000
    paid = AuditEntry.objects.get(action="invoice.paid")
    assert paid.data["excess"] == 10_000


def test_reversal_reopens_and_cannot_repeat(invoice):
    payment = pay(invoice, 350_000)
    with pytest.raises(invoicing.InvoiceError):
        payments.payment_reverse(payment=payment, reason="", actor=None)
    reversal = payments.payment_reverse(
        payment=payment, reason="別会員の入金を誤って消込", actor=None
    )
    assert reversal.amount == -350_000 and reversal.reverses == payment
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.balance == 350_000
    assert Payment.objects.count() == 2  # nothing deleted
    with pytest.raises(invoicing.InvoiceError):
        payments.payment_reverse(payment=payment, reason="again", actor=None)
    with pytest.raises(invoicing.InvoiceError):
        payments.payment_reverse(payment=reversal, reason="again", actor=None)


@pytest.mark.parametrize("amount", [0, -5, "100", 1.5, True])
def test_bad_amounts_are_refused(invoice, amount):
    with pytest.raises(invoicing.InvoiceError):
        pay(invoice, amount)
    assert not Payment.objects.exists()


def test_payment_on_cancelled_or_draft_is_refused(invoice, organisation):
    invoicing.invoice_cancel(invoice=invoice, actor=None, reason="x")
    with pytest.raises(invoicing.InvoiceError):
        pay(invoice, 1)
    from tests.billing.invoice_helpers import DUES_LINES

    draft = invoicing.invoice_create_draft(
        organisation=organisation, lines=DUES_LINES, subject="x", actor=None
    )
    with pytest.raises(invoicing.InvoiceError):
        pay(draft, 1)


def test_invoice_paid_is_signalled_once_when_covered(invoice):
    from billing.signals import invoice_paid

    calls = []

    def receiver(sender, invoice, actor, **kwargs):
        calls.append((invoice.pk, invoice.status))

    invoice_paid.connect(receiver, dispatch_uid="test_payments.receiver")
    try:
        _signalled_once(invoice, calls)
    finally:
        invoice_paid.disconnect(dispatch_uid="test_payments.receiver")


def _signalled_once(invoice, calls):
    pay(invoice, 100_000)
    assert calls == []
    pay(invoice, 250_000)
    assert calls == [(invoice.pk, Invoice.Status.PAID)]
    pay(invoice, 1)  # excess after paid: no second call
    assert len(calls) == 1


def test_admin_records_a_payment_and_shows_shortfall(client, invoice):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = f"/admin/billing/invoice/{invoice.pk}/payment/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"paid_on": "2026-05-20", "amount": "abc", "method": "bank_transfer"}
    )
    assert response.status_code == 200 and not Payment.objects.exists()
    response = client.post(
        url,
        {
            "paid_on": "2026-05-20",
            "amount": "300000",
            "method": "bank_transfer",
            "payer_name": "ミライ",
        },
        follow=True,
    )
    assert "不足額" in response.content.decode()
    assert Payment.objects.get().amount == 300_000


@pytest.mark.parametrize(
    "amount,message",
    [
        (str(10**30), "金額が大きすぎます。桁数をご確認ください。"),
        (str(2**63), "金額が大きすぎます。桁数をご確認ください。"),
        ("1000000000000001", "金額が大きすぎます。桁数をご確認ください。"),
        ("-5", "金額は円単位の数字で入力してください"),
    ],
)
def test_admin_payment_form_refuses_an_amount_beyond_range(invoice, amount, message):
    from django.test import Client

    from tests.factories import UserFactory

    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(groups=["Secretariat"]))
    response = client.post(
        f"/admin/billing/invoice/{invoice.pk}/payment/",
        {"paid_on": "2026-05-20", "amount": amount, "method": "bank_transfer"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Payment.objects.exists()
    assert not AuditEntry.objects.filter(action="payment.record").exists()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED


def test_admin_payment_amount_as_typed_in_japan(client, invoice):
    from tests.factories import UserFactory

    client.force_login(UserFactory(groups=["Secretariat"]))
    url = f"/admin/billing/invoice/{invoice.pk}/payment/"
    assert 'value="350,000"' in client.get(url).content.decode()  # the balance, as shown
    response = client.post(
        url, {"paid_on": "2026-05-20", "amount": "３５０，０００円", "method": "bank_transfer"}
    )
    assert response.status_code == 302
    assert Payment.objects.get().amount == 350_000
