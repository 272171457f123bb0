"""The yearly renewal run (年会費請求): who is invoiced at the 1 October boundary, for how
much, and that a run issues each member's invoice once — twice over, resumed after a
worker died half-way, and beside a cancelled-and-replaced renewal."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from billing import renewals
from billing.models import Invoice, LegacyInvoice, RenewalRun
from billing.selectors import renewal_preview
from billing.services import invoices as invoicing
from billing.services import renewals as running
from members.models import Membership, Withdrawal
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory

FY = 2026  # 2026年度: 2026-10-01 … 2027-09-30

D = datetime.date


@pytest.mark.parametrize(
    "facts, expected",
    [
        # Withdrawal: its effective date (the membership's last day) before 1 October → out.
        (renewals.MemberFacts("regular", D(2024, 10, 1), withdrawal_effective=D(2026, 9, 30)),
         renewals.EXCLUDED_WITHDRAWAL),
        (renewals.MemberFacts("regular", D(2024, 10, 1), withdrawal_effective=D(2026, 10, 1)),
         None),
        (renewals.MemberFacts("smb", D(2024, 10, 1), withdrawal_effective=D(2027, 3, 31)), None),
        (renewals.MemberFacts("regular", D(2024, 10, 1), withdrawal_effective=D(2025, 9, 30)),
         renewals.EXCLUDED_WITHDRAWAL),
        # Admission on or after 1 October: the first invoice covers the year.
        (renewals.MemberFacts("regular", D(2026, 10, 1)), renewals.EXCLUDED_ADMITTED),
        (renewals.MemberFacts("regular", D(2026, 11, 20)), renewals.EXCLUDED_ADMITTED),
        (renewals.MemberFacts("regular", D(2026, 9, 30)), None),
        (renewals.MemberFacts("smb", D(2025, 12, 1)), None),
        # Experts pay no fees, whenever they joined.
        (renewals.MemberFacts("expert", D(2024, 12, 1)), renewals.EXCLUDED_EXPERT),
        # An imported invoice of the year already bills it.
        (renewals.MemberFacts("regular", D(2024, 12, 1), has_legacy_invoice=True),
         renewals.EXCLUDED_LEGACY),
        # A membership ended before 1 October; ended on 1 October still runs into the year.
        (renewals.MemberFacts("regular", D(2024, 12, 1), end_date=D(2026, 9, 30), ended=True),
         renewals.EXCLUDED_ENDED),
        (renewals.MemberFacts("regular", D(2024, 12, 1), end_date=D(2026, 10, 1)), None),
        (renewals.MemberFacts("regular", D(2024, 12, 1), ended=True), renewals.EXCLUDED_ENDED),
    ],
)  # fmt: skip
def test_who_the_renewal_leaves_out_at_the_first_of_october(facts, expected):
    assert renewals.renewal_exclusion(facts, fiscal_year=FY) == expected


# ---------------------------------------------------------------- the preview, on the database


LONG_AGO = D(2025, 4, 1)


def _member(name, *, tier="regular", admitted=LONG_AGO, issued=True, **kwargs):
    org = OrganisationFactory(legal_name=name, legal_name_kana=name, **kwargs)
    ContactFactory(organisation=org, is_billing_contact=True, email=f"{org.pk}@example.jp")
    membership = MembershipFactory(
        organisation=org,
        category=tier,
        admission_date=admitted,
        issued_at=timezone.now() if issued else None,
    )
    return org, membership


def _withdraw(org, membership, effective):
    Withdrawal.objects.create(
        organisation=org,
        membership=membership,
        status=Withdrawal.Status.CONFIRMED,
        reason="事業の見直し",
        wished_date=effective,
        notice_date=D(2026, 6, 1),
        effective_date=effective,
        submitted_at=timezone.now(),
        submitted_by_name="山田 太郎",
    )


@pytest.fixture
def members(db):
    """A member of each case, named after it."""
    made = {
        "regular": _member("通常会員"),
        "smb": _member("SMB会員", tier="smb"),
        "unpaid": _member("承認済未入金", admitted=D(2026, 9, 1), issued=False),
        "joins_october": _member("10月入会", admitted=D(2026, 10, 1)),
        "expert": _member("有識者", tier="expert"),
        "leaves_september": _member("9月末退会"),
        "leaves_march": _member("3月末退会"),
        "legacy": _member("移行前請求済"),
    }
    _withdraw(*made["leaves_september"], D(2026, 9, 30))
    _withdraw(*made["leaves_march"], D(2027, 3, 31))
    LegacyInvoice.objects.create(
        organisation=made["legacy"][0],
        fiscal_year=FY,
        number="H-2026-0001",
        issue_date=D(2026, 9, 1),
        total=500_000,
    )
    return made


def test_the_preview_lists_who_is_invoiced_for_how_much_and_who_is_left_out(members):
    preview = renewal_preview(fiscal_year=FY)
    invoiced = {row.organisation.legal_name: row.amount for row in preview.included}
    # The brochure's full-year fees: 正会員（通常枠） ¥500,000, SMB・スタートアップ枠 ¥100,000.
    assert invoiced == {
        "通常会員": 500_000,
        "SMB会員": 100_000,
        "承認済未入金": 500_000,
        "3月末退会": 500_000,
    }
    left_out = {row.organisation.legal_name: row.exclusion_label for row in preview.excluded}
    assert left_out == {
        "10月入会": "10月1日以降の入会（初回の請求書で請求済み）",
        "有識者": "有識者会員（会費なし）",
        "9月末退会": "10月1日より前に退会",
        "移行前請求済": "移行前の請求書で請求済み",
    }
    assert preview.total_amount == 1_600_000
    assert {row["label"]: row["count"] for row in preview.by_tier()} == {
        "正会員（通常枠）": 3,
        "正会員（SMB・スタートアップ枠）": 1,
    }


def test_a_tier_the_secretariat_decided_after_a_change_notice_applies(members):
    """A 変更届 crossing the SMB line: the secretariat sets the tier on the register (by hand,
    with its reason); the renewal bills the tier so decided."""
    org, membership = members["regular"]
    membership.category = Membership.Category.SMB
    membership.tier_source = Membership.TierSource.MANUAL
    membership.tier_reason = "変更届（資本金の減少）により次年度からSMB枠"
    membership.save()
    row = next(r for r in renewal_preview(fiscal_year=FY).included if r.organisation == org)
    assert (row.tier_label, row.amount) == ("正会員（SMB・スタートアップ枠）", 100_000)


# ---------------------------------------------------------------- the run


def _renewals(org=None):
    qs = Invoice.objects.filter(renewal_fiscal_year=FY, kind=Invoice.Kind.INVOICE)
    return qs.filter(organisation=org) if org else qs


def _run(actor=None):
    return RenewalRun.objects.create(fiscal_year=FY, created_by=actor)


def test_a_run_issues_one_invoice_per_included_member_with_the_year_on_it(members):
    run = running.renewal_run_execute(run_id=_run().pk)
    assert run.status == RenewalRun.Status.DONE
    assert (run.total, run.done, run.issued, run.skipped, run.errors) == (4, 4, 4, 0, [])
    invoice = _renewals(members["smb"][0]).get()
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.subject == "2026年度 年会費"
    assert invoice.total == 100_000
    line = invoice.lines.get()
    assert line.description == (
        "年会費（正会員・SMB・スタートアップ枠、2026年10月1日～2027年9月30日）"
    )
    assert not _renewals(members["expert"][0]).exists()
    assert not _renewals(members["legacy"][0]).exists()


def test_running_twice_issues_nothing_the_second_time(members):
    running.renewal_run_execute(run_id=_run().pk)
    second = running.renewal_run_execute(run_id=_run().pk)
    assert (second.issued, second.skipped) == (0, 4)
    assert _renewals().count() == 4


def test_a_run_stopped_half_way_and_resumed_issues_each_member_once(members):
    run = _run()
    running.renewal_run_execute(run_id=run.pk, stop_after=2)  # the worker dies here
    assert _renewals().count() == 2
    run.refresh_from_db()
    assert run.status == RenewalRun.Status.RUNNING
    resumed = running.renewal_run_execute(run_id=run.pk)
    assert resumed.status == RenewalRun.Status.DONE
    assert (resumed.issued, resumed.skipped) == (2, 2)
    counts = {org.legal_name: _renewals(org).count() for org, _m in members.values()}
    assert counts == {
        "通常会員": 1, "SMB会員": 1, "承認済未入金": 1, "3月末退会": 1,
        "10月入会": 0, "有識者": 0, "9月末退会": 0, "移行前請求済": 0,
    }  # fmt: skip


def test_a_stale_run_is_offered_for_resumption_and_a_fresh_one_is_not(members):
    run = _run()
    running.renewal_run_execute(run_id=run.pk, stop_after=1)
    run.refresh_from_db()
    assert not running.renewal_run_resumable(run)
    later = timezone.now() + datetime.timedelta(minutes=30)
    assert running.renewal_run_resumable(run, now=later)
    with pytest.raises(running.RenewalError):
        running.renewal_run_resume(run=run, actor=None)  # alive: refused now


def test_a_cancelled_and_replaced_renewal_counts_as_the_years_invoice(members, secretariat):
    running.renewal_run_execute(run_id=_run().pk)
    org = members["regular"][0]
    original = _renewals(org).get()
    _credit, replacement = invoicing.invoice_cancel(
        invoice=original,
        actor=secretariat,
        reason="宛名の誤り",
        replacement_lines=[
            {"description": line.description, "quantity": 1, "unit_price": line.unit_price}
            for line in original.lines.all()
        ],
    )
    assert replacement.renewal_fiscal_year == FY
    again = running.renewal_run_execute(run_id=_run().pk)
    assert again.issued == 0
    assert _renewals(org).exclude(status=Invoice.Status.CANCELLED).get() == replacement


def test_a_cancelled_renewal_without_replacement_is_issued_again_by_the_next_run(
    members, secretariat
):
    running.renewal_run_execute(run_id=_run().pk)
    org = members["smb"][0]
    invoicing.invoice_cancel(invoice=_renewals(org).get(), actor=secretariat, reason="二重送付")
    again = running.renewal_run_execute(run_id=_run().pk)
    assert again.issued == 1
    assert _renewals(org).filter(status=Invoice.Status.ISSUED).count() == 1
    assert _renewals(org).filter(status=Invoice.Status.CANCELLED).count() == 1


def test_the_database_refuses_a_second_standing_renewal_of_the_year(members):
    org = members["regular"][0]
    line = {"description": "年会費", "quantity": 1, "unit_price": 500_000}
    invoicing.invoice_issue_new(
        organisation=org, lines=[line], subject="2026年度 年会費", actor=None,
        renewal_fiscal_year=FY,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        invoicing.invoice_issue_new(
            organisation=org, lines=[line], subject="2026年度 年会費", actor=None,
            renewal_fiscal_year=FY,
        )  # fmt: skip
    # Another year, or an ordinary invoice, is not held back.
    invoicing.invoice_issue_new(
        organisation=org, lines=[line], subject="2027年度 年会費", actor=None,
        renewal_fiscal_year=FY + 1,
    )  # fmt: skip
    invoicing.invoice_issue_new(organisation=org, lines=[line], subject="研修会", actor=None)


@override_settings(RENEWAL_EMAILS_PER_MINUTE=6)
def test_the_runs_e_mails_are_spaced_at_the_set_rate(members):
    running.renewal_run_execute(run_id=_run().pk)
    slots = sorted(_renewals().values_list("send_after", flat=True))
    gaps = {(b - a).total_seconds() for a, b in zip(slots, slots[1:], strict=False)}
    assert gaps == {10.0}  # 6 a minute


def test_the_first_e_mail_waits_for_its_slot_in_the_outbox(
    members, django_capture_on_commit_callbacks
):
    from aiga.models import OutboxMessage

    later = timezone.now() + datetime.timedelta(minutes=20)
    org = members["smb"][0]
    row = next(r for r in renewal_preview(fiscal_year=FY).included if r.organisation == org)
    with django_capture_on_commit_callbacks(execute=True):
        running.renewal_issue_one(row=row, fiscal_year=FY, actor=None, send_after=later)
    invoice = _renewals(org).get()
    message = OutboxMessage.objects.get(idempotency_key=f"invoice.issued:{invoice.pk}")
    assert message.next_attempt_at == later
    assert message.status == OutboxMessage.Status.PENDING  # not sent before its time


def test_starting_a_run_is_refused_while_one_of_the_year_is_alive(members):
    user = UserFactory(groups=["Secretariat"])
    running.renewal_run_start(fiscal_year=FY, actor=user)
    with pytest.raises(running.RenewalError):
        running.renewal_run_start(fiscal_year=FY, actor=user)


def test_starting_a_run_with_nothing_to_issue_is_refused(db):
    with pytest.raises(running.RenewalError, match="新たに発行する請求書はありません"):
        running.renewal_run_start(fiscal_year=FY, actor=None)
