"""The secretariat's dashboard of the register: its figures against numbers worked out by
hand, each linking to the list behind it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import LegacyInvoice
from billing.services.payments import payment_record
from members.admissions.admin.dashboard import dashboard_context
from members.growth import Span, growth_svg, monthly_growth
from tests.billing.invoice_helpers import issue
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.members.admissions.board_helpers import ApplicationFactory

TODAY = datetime.date(2026, 12, 4)


def test_monthly_growth_counts_joins_withdrawals_and_month_end_members():
    spans = [
        Span(datetime.date(2024, 10, 1), None),
        Span(datetime.date(2024, 10, 31), datetime.date(2024, 11, 30)),
        Span(datetime.date(2024, 12, 1), None),
    ]
    months = monthly_growth(spans, today=datetime.date(2025, 1, 10))
    assert [(m.label, m.joins, m.withdrawals, m.net, m.members) for m in months] == [
        ("2024/10", 2, 0, 2, 2),
        ("2024/11", 0, 1, -1, 1),
        ("2024/12", 1, 0, 1, 2),
        ("2025/01", 0, 0, 0, 2),
    ]
    svg = growth_svg(months, title="<推移>")
    assert svg.startswith("<svg") and "&lt;推移&gt;" in svg and "<推移>" not in svg
    assert growth_svg([], title="x") == ""


@pytest.fixture
def register(db, issuer):
    regular = OrganisationFactory(member_number="AIGA-0001")
    MembershipFactory(organisation=regular, admission_date=datetime.date(2024, 10, 1))
    smb = OrganisationFactory(member_number="AIGA-0002")
    MembershipFactory(organisation=smb, category="smb", admission_date=datetime.date(2025, 4, 15))
    expert = OrganisationFactory(member_number="AIGA-0003", kind="individual")
    MembershipFactory(
        organisation=expert, category="expert", admission_date=datetime.date(2026, 11, 2)
    )
    gone = OrganisationFactory(member_number="AIGA-0004")
    MembershipFactory(
        organisation=gone,
        admission_date=datetime.date(2024, 12, 10),
        end_date=datetime.date(2026, 3, 31),
        status="ended",
    )
    MembershipFactory(admission_date=datetime.date(2026, 11, 1), issued_at=None)  # not issued
    this_year = issue(regular, on=datetime.date(2026, 10, 15))  # 350,000 yen
    payment_record(
        invoice=this_year,
        paid_on=datetime.date(2026, 10, 30),
        amount=200_000,
        payer_name="",
        method="bank_transfer",
        actor=None,
    )
    issue(smb, on=datetime.date(2026, 9, 30))  # the previous fiscal year: not counted
    LegacyInvoice.objects.create(
        organisation=smb,
        fiscal_year=2026,
        number="OLD-1",
        issue_date=datetime.date(2026, 10, 1),
        total=110_000,
        paid_on=datetime.date(2026, 10, 5),
    )
    for status in ("submitted", "submitted", "invoiced", "draft", "rejected"):
        ApplicationFactory(status=status)


def test_the_figures_match_what_was_worked_out_by_hand(register):
    context = dashboard_context(today=TODAY)
    assert [(str(t["label"]), t["count"]) for t in context["tiers"]] == [
        ("正会員（通常枠）", 1),
        ("正会員（SMB・スタートアップ枠）", 1),
        ("有識者会員", 1),
    ]
    assert context["members_total"] == 3 and context["regular_total"] == 2
    months = {r["month"].label: r["month"] for r in context["months"]}
    assert len(months) == 27  # October 2024 to December 2026
    assert context["net_growth"] == 3  # four joins, one withdrawal
    assert (months["2024/12"].joins, months["2024/12"].members) == (1, 2)
    assert (months["2026/03"].withdrawals, months["2026/03"].members) == (1, 2)
    assert (months["2026/11"].joins, months["2026/11"].members) == (1, 3)
    fees = context["fees"]
    assert (fees["invoiced"], fees["paid"], fees["outstanding"]) == (350_000, 200_000, 150_000)
    assert (fees["legacy_total"], fees["legacy_count"]) == (110_000, 1)
    assert context["applications_total"] == 3
    counts = {str(a["label"]): a["count"] for a in context["applications"]}
    assert counts["申込受付"] == 2 and counts["請求済み"] == 1


def test_every_figure_links_to_a_list_showing_as_many(register, client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    client.force_login(UserFactory(groups=["Secretariat"], is_staff=True))
    context = dashboard_context(today=TODAY)

    def listed(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return response.context["cl"].result_count

    assert [listed(t["url"]) for t in context["tiers"]] == [1, 1, 1]
    assert listed(context["members_url"]) == 3
    march = next(r for r in context["months"] if r["month"].label == "2026/03")
    assert listed(march["withdrawals_url"]) == 1
    november = next(r for r in context["months"] if r["month"].label == "2026/11")
    assert listed(november["joins_url"]) == 1  # the membership not issued is not a join
    assert listed(context["fees_urls"]["invoiced"]) == 1
    assert listed(context["fees_urls"]["outstanding"]) == 1
    assert listed(context["fees_urls"]["legacy"]) == 1
    submitted = next(a for a in context["applications"] if a["count"] == 2)
    assert listed(submitted["url"]) == 2
    page = client.get(reverse("admin:admissions_register_dashboard"))
    body = page.content.decode()
    assert "<svg" in body and 'id="dashboard-outstanding"' in body and "150,000" in body
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:admissions_register_dashboard") in index


def test_a_member_is_sent_to_log_in(register, client):
    from tests.factories import member_user

    client.force_login(member_user())
    response = client.get(reverse("admin:admissions_register_dashboard"))
    assert response.status_code == 302 and "/login/" in response["Location"]
