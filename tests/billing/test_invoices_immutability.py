import datetime

import pytest
from django.contrib.auth.models import Group

from aiga.models import AuditEntry, ImmutableError
from billing.models import Invoice, InvoiceLine, Payment
from billing.services import invoices as invoicing
from billing.services import payments
from tests.billing.invoice_helpers import issue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(issuer, organisation):
    return issue(organisation)


def test_model_save_of_frozen_field_is_refused(issued):
    issued.total = 1
    with pytest.raises(ImmutableError):
        issued.save()
    issued.refresh_from_db()
    issued.subject = "changed"
    with pytest.raises(ImmutableError):
        issued.save(update_fields=["subject"])
    assert Invoice.objects.get(pk=issued.pk).subject == "2025年度 入会費・年会費"


def test_status_cannot_jump_outside_the_transitions(issued):
    issued.status = Invoice.Status.DRAFT
    with pytest.raises(ImmutableError):
        issued.save(update_fields=["status"])


def test_delete_and_bulk_operations_are_refused(issued):
    with pytest.raises(ImmutableError):
        issued.delete()
    with pytest.raises(ImmutableError):
        Invoice.objects.all().delete()
    with pytest.raises(ImmutableError):
        Invoice.objects.filter(pk=issued.pk).update(total=0)
    line = issued.lines.first()
    line.unit_price = 1
    with pytest.raises(ImmutableError):
        line.save()
    with pytest.raises(ImmutableError):
        line.delete()
    with pytest.raises(ImmutableError):
        InvoiceLine.objects.filter(invoice=issued).delete()
    assert Invoice.objects.filter(pk=issued.pk).exists()


def test_drafts_can_still_be_deleted(issuer, organisation):
    from tests.billing.invoice_helpers import DUES_LINES

    draft = invoicing.invoice_create_draft(
        organisation=organisation, lines=DUES_LINES, subject="x", actor=None
    )
    draft.delete()
    assert not Invoice.objects.filter(pk=draft.pk).exists()


def test_payments_and_audit_entries_are_append_only(issued):
    payment = payments.payment_record(
        invoice=issued,
        paid_on=datetime.date(2026, 5, 1),
        amount=100,
        payer_name="X",
        method="bank_transfer",
        actor=None,
    )
    payment.amount = 5
    with pytest.raises(ImmutableError):
        payment.save()
    with pytest.raises(ImmutableError):
        payment.delete()
    with pytest.raises(ImmutableError):
        Payment.objects.all().delete()
    with pytest.raises(ImmutableError):
        AuditEntry.objects.all().delete()


def _superuser():
    return UserFactory(is_superuser=True, is_staff=True)


def _secretariat():
    from django.contrib.auth.models import Permission

    user = UserFactory(groups=["Secretariat"])
    group = Group.objects.get(name="Secretariat")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="billing"))
    return user


@pytest.mark.parametrize("make_user", [_superuser, _secretariat])
def test_admin_refuses_edit_delete_and_bulk_delete(client, issued, make_user):
    user = make_user()
    client.force_login(user)
    change_url = f"/admin/billing/invoice/{issued.pk}/change/"
    response = client.get(change_url)
    assert response.status_code == 200
    assert b'name="_save"' not in response.content  # view-only
    response = client.post(
        change_url, {"subject": "changed", "organisation": issued.organisation_id}
    )
    assert response.status_code == 403
    assert client.get(f"/admin/billing/invoice/{issued.pk}/delete/").status_code == 403
    assert (
        client.post(f"/admin/billing/invoice/{issued.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    changelist = client.get("/admin/billing/invoice/")
    assert changelist.status_code == 200
    assert b"delete_selected" not in changelist.content
    response = client.post(
        "/admin/billing/invoice/",
        {"action": "delete_selected", "_selected_action": [issued.pk], "post": "yes"},
    )
    assert Invoice.objects.filter(pk=issued.pk).exists()
    issued.refresh_from_db()
    assert issued.subject == "2025年度 入会費・年会費"
    # Payments and credit notes are view-only too.
    assert client.get("/admin/billing/payment/add/").status_code == 403
    assert client.get("/admin/billing/creditnote/add/").status_code == 403
    audit = AuditEntry.objects.filter(object_id=str(issued.pk)).first()
    assert client.post(
        f"/admin/aiga/auditentry/{audit.pk}/delete/", {"post": "yes"}
    ).status_code in (
        403,
        404,
    )
    assert AuditEntry.objects.filter(pk=audit.pk).exists()


def test_board_member_cannot_see_invoice_admin(client, issued):
    user = UserFactory(groups=["Board"])
    client.force_login(user)
    response = client.get(f"/admin/billing/invoice/{issued.pk}/change/")
    assert response.status_code in (302, 403)
