"""The secretariat's pages of the renewal run and the reminders: the preview in words (no
codes), the start, the progress page, resuming, the reminder history, the suspension."""

import datetime

import pytest
from django.utils import timezone

from billing.models import Invoice, RenewalRun
from billing.services import invoices as invoicing
from billing.services import reminders
from members.models import Membership
from tests.billing.invoice_helpers import issue
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory
from tests.helpers import refused

pytestmark = pytest.mark.django_db

FY = 2026


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def two_members(db):
    made = []
    for name, tier in (("架空継続商事株式会社", "regular"), ("架空有識者", "expert")):
        org = OrganisationFactory(legal_name=name)
        ContactFactory(organisation=org, is_billing_contact=True)
        MembershipFactory(organisation=org, category=tier, admission_date=datetime.date(2025, 4, 1))
        made.append(org)
    return made


def test_the_preview_speaks_japanese_and_shows_no_codes(staff, two_members):
    page = staff.get("/admin/billing/renewalrun/preview/", {"fiscal_year": FY})
    assert page.status_code == 200
    html = page.content.decode()
    assert "架空継続商事株式会社" in html
    assert "正会員（通常枠）" in html
    assert "¥500,000" in html or "500,000円" in html
    assert "有識者会員（会費なし）" in html
    assert "1件の請求書を発行して送付する" in html
    for code in ("regular", "expert", "admitted_in_year", "legacy_invoice"):
        assert f">{code}<" not in html


def test_a_year_that_is_not_a_number_is_a_field_error(staff):
    page = staff.get("/admin/billing/renewalrun/preview/", {"fiscal_year": "令和八年"})
    assert page.status_code == 200
    assert "errorlist" in page.content.decode()
    assert not RenewalRun.objects.exists()


def test_starting_from_the_preview_runs_and_shows_progress(
    staff, two_members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post("/admin/billing/renewalrun/preview/", {"fiscal_year": FY})
    run = RenewalRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/billing/renewalrun/{run.pk}/change/"
    run.refresh_from_db()
    assert (run.status, run.done, run.total, run.issued) == ("done", 1, 1, 1)
    page = staff.get(response["Location"]).content.decode()
    assert "完了" in page and "1 / 1" in page
    # Nothing left: a second start is refused with a message, not a second invoice.
    again = staff.post("/admin/billing/renewalrun/preview/", {"fiscal_year": FY})
    assert again.status_code == 200
    assert "新たに発行する請求書はありません" in again.content.decode()
    assert Invoice.objects.filter(renewal_fiscal_year=FY).count() == 1


def test_resume_is_a_post_and_refused_for_a_finished_run(staff, two_members):
    run = RenewalRun.objects.create(fiscal_year=FY, status=RenewalRun.Status.DONE)
    assert staff.get(f"/admin/billing/renewalrun/{run.pk}/resume/").status_code == 405
    response = staff.post(f"/admin/billing/renewalrun/{run.pk}/resume/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RenewalRun.Status.DONE


def test_a_stale_run_offers_resumption(staff, two_members):
    run = RenewalRun.objects.create(fiscal_year=FY, status=RenewalRun.Status.RUNNING)
    RenewalRun.objects.filter(pk=run.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = staff.get(f"/admin/billing/renewalrun/{run.pk}/change/").content.decode()
    assert "一括発行を再開する" in page


def test_members_and_the_board_cannot_reach_the_run(client, two_members):
    from tests.factories import UserFactory

    client.force_login(UserFactory(groups=["Board"]))
    response = client.get("/admin/billing/renewalrun/preview/", {"fiscal_year": FY})
    assert refused(response)
    assert not RenewalRun.objects.exists()


# ---------------------------------------------------------------- reminders on the invoice


@pytest.fixture
def overdue(organisation):
    ContactFactory(organisation=organisation, is_member_representative=True, email="d@x.jp")
    MembershipFactory(organisation=organisation, admission_date=datetime.date(2025, 4, 1))
    invoice = issue(organisation, on=datetime.date(2026, 10, 1))
    return invoicing.invoice_render_pdf(invoice_id=invoice.pk)


def test_the_invoice_page_shows_its_reminder_history_and_offers_suspension_after_the_call(
    staff, overdue
):
    url = f"/admin/billing/invoice/{overdue.pk}/change/"
    page = staff.get(url).content.decode()
    assert "督促はまだありません" in page
    assert "/suspend/" not in page
    for day in (7, 30, 45):
        reminders.reminders_send(today=overdue.due_date + datetime.timedelta(days=day))
    page = staff.get(url).content.decode()
    assert "お支払いのお願い（1回目）" in page
    assert "お支払いのお願い（2回目）" in page
    assert "電話連絡リスト" in page
    assert f"/admin/billing/invoice/{overdue.pk}/suspend/" in page


def test_suspending_from_the_invoice_needs_a_reason(staff, overdue):
    for day in (7, 30, 45):
        reminders.reminders_send(today=overdue.due_date + datetime.timedelta(days=day))
    url = f"/admin/billing/invoice/{overdue.pk}/suspend/"
    empty = staff.post(url, {"reason": ""})
    assert empty.status_code == 200 and "errorlist" in empty.content.decode()
    done = staff.post(url, {"reason": "年会費の長期未納"})
    assert done.status_code == 302
    membership = Membership.objects.get(organisation=overdue.organisation)
    assert membership.status == Membership.Status.SUSPENDED


def test_suspending_before_the_call_list_is_refused_with_a_message(staff, overdue):
    url = f"/admin/billing/invoice/{overdue.pk}/suspend/"
    page = staff.post(url, {"reason": "年会費の長期未納"})
    assert page.status_code == 200
    assert "電話連絡リストに載った未入金の請求書だけ" in page.content.decode()
    assert Membership.objects.get(organisation=overdue.organisation).status == "active"


def test_the_pause_is_set_and_lifted_from_the_admin(staff, overdue):
    response = staff.post(
        "/admin/billing/reminderpause/add/",
        {"organisation": overdue.organisation.pk, "reason": "分割払いを協議中"},
    )
    assert response.status_code == 302
    reminders.reminders_send(today=overdue.due_date + datetime.timedelta(days=7))
    assert not overdue.reminders.exists()
    pause = overdue.organisation.reminder_pause
    response = staff.post(f"/admin/billing/reminderpause/{pause.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    reminders.reminders_send(today=overdue.due_date + datetime.timedelta(days=8))
    assert overdue.reminders.count() == 1


def test_the_overview_sums_overdue_amounts_by_age(staff, overdue):
    page = staff.get("/admin/billing/renewalrun/").content.decode()
    assert "支払期限超過の未入金額（経過日数別）" in page
    assert "31〜60日" in page
