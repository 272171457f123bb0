import pytest
from django.core import mail

from billing.models import Invoice
from tests.billing.invoice_helpers import issue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_admin_creates_draft_then_issues_and_sends(
    admin_client, issuer, organisation, django_capture_on_commit_callbacks
):
    response = admin_client.post(
        "/admin/billing/invoice/add/",
        {
            "organisation": organisation.pk,
            "subject": "2025年度 年会費",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-position": "1",
            "lines-0-description": "年会費（2026年4月1日～2026年9月30日）",
            "lines-0-quantity": "1",
            "lines-0-unit_price": "250000",
            "lines-0-tax_treatment": "non_taxable",
            "payments-TOTAL_FORMS": "0",
            "payments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Invoice.objects.get()
    assert draft.status == "draft" and draft.number is None
    assert admin_client.get(f"/admin/billing/invoice/{draft.pk}/change/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/billing/invoice/{draft.pk}/issue/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.number and draft.number.startswith("AIGA-")
    assert draft.pdf and draft.sent_at
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments


def test_admin_cancel_with_replacement(admin_client, issuer, organisation):
    invoice = issue(organisation)
    url = f"/admin/billing/invoice/{invoice.pk}/cancel/"
    page = admin_client.get(url)
    assert page.status_code == 200 and "入会費 | 1 | 100000 | 不課税" in page.content.decode()
    bad = admin_client.post(url, {"reason": "", "issue_replacement": "on"})
    assert bad.status_code == 200
    bad = admin_client.post(
        url,
        {
            "reason": "誤り",
            "issue_replacement": "on",
            "replacement_lines": "入会費 | x | 1 | 不課税",
        },
    )
    assert bad.status_code == 200 and "数字ではありません" in bad.content.decode()
    response = admin_client.post(
        url,
        {
            "reason": "区分誤り",
            "issue_replacement": "on",
            "replacement_subject": "2025年度 入会費（訂正）",
            "replacement_lines": "入会費 | 1 | 50,000 | 不課税",
        },
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "cancelled"
    replacement = Invoice.objects.get(replaces=invoice)
    assert replacement.total == 50_000
    assert Invoice.objects.filter(kind="credit_note", cancels=invoice).count() == 1


def test_admin_list_filters_and_amount_search(admin_client, issuer, organisation):
    issue(organisation)
    for query in [
        "",
        "?state=unpaid",
        "?state=overdue",
        "?state=paid",
        "?amount=100k-500k",
        "?q=350000",
        "?q=¥350,000",
        "?q=みらい",
        "?q=AIGA-2025",
    ]:
        response = admin_client.get("/admin/billing/invoice/" + query)
        assert response.status_code == 200, query
    assert "AIGA-2025-0001" in admin_client.get("/admin/billing/invoice/?q=350000").content.decode()
    assert (
        "AIGA-2025-0001" not in admin_client.get("/admin/billing/invoice/?q=123").content.decode()
    )
    assert (
        "AIGA-2025-0001"
        not in admin_client.get("/admin/billing/invoice/?state=paid").content.decode()
    )


# ------------------------------------------------------------------ drafts through the services


def _draft_post(organisation, quantity="1", description="研修会 参加費", **extra):
    data = {
        "organisation": organisation.pk,
        "subject": "研修会 参加費",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-position": "1",
        "lines-0-description": description,
        "lines-0-quantity": quantity,
        "lines-0-unit_price": "5000",
        "lines-0-tax_treatment": "non_taxable",
        "payments-TOTAL_FORMS": "0",
        "payments-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("quantity", ["-1", "0"])
def test_a_draft_line_of_zero_or_negative_quantity_is_refused(
    admin_client, issuer, organisation, quantity
):
    response = admin_client.post("/admin/billing/invoice/add/", _draft_post(organisation, quantity))
    assert response.status_code == 200
    assert "1 以上" in response.content.decode() or "1以上" in response.content.decode()
    assert not Invoice.objects.exists()


def test_a_draft_without_lines_is_refused(admin_client, issuer, organisation):
    data = _draft_post(organisation, **{"lines-TOTAL_FORMS": "0"})
    response = admin_client.post("/admin/billing/invoice/add/", data)
    assert response.status_code == 200
    assert "明細が1行もありません" in response.content.decode()
    assert not Invoice.objects.exists()


def test_the_admin_draft_goes_through_the_service_and_is_audited(
    admin_client, issuer, organisation
):
    from aiga.models import AuditEntry

    response = admin_client.post("/admin/billing/invoice/add/", _draft_post(organisation, "3"))
    assert response.status_code == 302
    draft = Invoice.objects.get()
    assert [(x.description, x.quantity, x.unit_price) for x in draft.lines.all()] == [
        ("研修会 参加費", 3, 5000)
    ]
    entry = AuditEntry.objects.get(action="invoice.draft")
    assert entry.object_id == str(draft.pk) and entry.actor is not None

    line = draft.lines.get()
    change = _draft_post(
        organisation,
        "2",
        "研修会 参加費（2名）",
        **{
            "subject": "研修会 参加費（訂正）",
            "lines-INITIAL_FORMS": "1",
            "lines-0-id": str(line.pk),
            "lines-0-invoice": str(draft.pk),
        },
    )
    response = admin_client.post(f"/admin/billing/invoice/{draft.pk}/change/", change)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.subject == "研修会 参加費（訂正）"
    assert [(x.description, x.quantity) for x in draft.lines.all()] == [("研修会 参加費（2名）", 2)]
    update = AuditEntry.objects.get(action="invoice.draft_update")
    assert update.data["before"]["lines"][0][1] == 3 and update.data["after"]["lines"][0][1] == 2


def test_a_cancelled_invoice_owes_nothing_and_shows_why(admin_client, issuer, organisation):
    from billing.services import invoices as invoicing

    invoice = issue(organisation)  # ¥350,000, unpaid
    unpaid = admin_client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert "不足 ¥350,000" in unpaid  # the balance is shown while the invoice stands
    credit, _replacement = invoicing.invoice_cancel(
        invoice=invoice, actor=None, reason="請求先の会社名の誤り"
    )
    page = admin_client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert "不足" not in page
    assert "請求先の会社名の誤り" in page
    assert credit.number in page
    assert "お支払いは不要です" in page
