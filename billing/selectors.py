"""Reads for billing: the fee schedule, a quote with the right admission date, the
member's own invoices, and the accountant's journal."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aiga.health import Failure
from aiga.personal_data import Sheet
from billing import journal, renewals
from billing.fees import (
    TIERS,
    FeeQuote,
    NoScheduleError,
    ScheduleEntry,
    annual_fee_for_year,
    calculate_fee,
    schedule_in_force,
)
from billing.fiscal import fiscal_year, fiscal_year_end, fiscal_year_start, next_half_start
from billing.models import (
    FeeSchedule,
    Invoice,
    InvoiceLine,
    InvoiceReminder,
    LegacyInvoice,
    Payment,
    Receipt,
    ReminderPause,
    RenewalRun,
)
from members.models import Membership, Withdrawal
from members.scoping import scope_to_organisation
from members.selectors.meetings import next_board_meeting_date


def fee_schedule() -> list[ScheduleEntry]:
    """Every schedule row, as the pure function's entries."""
    return [
        ScheduleEntry(
            tier=row.tier,
            effective_from=row.effective_from,
            admission_fee=row.admission_fee,
            annual_fee_first_half=row.annual_fee_first_half,
            annual_fee_second_half=row.annual_fee_second_half,
        )
        for row in FeeSchedule.objects.order_by("effective_from", "tier")
    ]


def schedule_by_tier(*, on: datetime.date) -> dict[str, ScheduleEntry | None]:
    """Per tier, the schedule entry in force on the date (None before any schedule)."""
    entries = fee_schedule()
    rows: dict[str, ScheduleEntry | None] = {}
    for tier in TIERS:
        try:
            rows[tier] = schedule_in_force(tier=tier, on=on, schedule=entries)
        except NoScheduleError:
            rows[tier] = None
    return rows


def admission_date_for_quote(
    *, admission_date: datetime.date | None = None, today: datetime.date | None = None
) -> tuple[datetime.date, str]:
    """The date a quote uses and why: given, else the next board meeting, else today."""
    if admission_date is not None:
        return admission_date, "given"
    today = today or timezone.localdate()
    meeting = next_board_meeting_date(today)
    if meeting is not None:
        return meeting, "board_meeting"
    return today, "today"


def quote_for(
    *,
    category: str,
    capital: int | None = None,
    parent_ratio: Decimal | None = None,
    capital_kind: str = "plain",
    admission_date: datetime.date | None = None,
    manual_tier: str | None = None,
    today: datetime.date | None = None,
) -> FeeQuote:
    """A quote against the schedule in the database. Raises NoScheduleError or ValueError."""
    on, basis = admission_date_for_quote(admission_date=admission_date, today=today)
    return calculate_fee(
        category=category,
        capital=capital,
        parent_ratio=parent_ratio,
        admission_date=on,
        schedule=fee_schedule(),
        capital_kind=capital_kind,
        manual_tier=manual_tier,
        date_basis=basis,
    )


def quote_alternatives(
    *,
    category: str,
    capital: int | None = None,
    parent_ratio: Decimal | None = None,
    capital_kind: str = "plain",
    manual_tier: str | None = None,
    today: datetime.date | None = None,
) -> tuple[FeeQuote, FeeQuote]:
    """Quotes for an admission date nobody knows yet: the half of the earliest possible
    date (the next board meeting, else today) and the half after it, since the date the
    board approves an application decides which one applies."""
    earliest, _ = admission_date_for_quote(today=today)
    schedule = fee_schedule()
    return tuple(
        calculate_fee(
            category=category,
            capital=capital,
            parent_ratio=parent_ratio,
            admission_date=day,
            schedule=schedule,
            capital_kind=capital_kind,
            manual_tier=manual_tier,
            date_basis="uncertain",
        )
        for day in (earliest, next_half_start(earliest))
    )


def estimate_quotes(
    *,
    category: str,
    capital: int | None = None,
    parent_ratio: Decimal | None = None,
    capital_kind: str = "plain",
    admission_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> list[FeeQuote]:
    """What an estimate prices: the admission date given, or without one (nobody knows
    when the board will approve) both halves."""
    figures = {
        "category": category,
        "capital": capital,
        "parent_ratio": parent_ratio,
        "capital_kind": capital_kind,
        "today": today,
    }
    if admission_date is not None:
        return [quote_for(**figures, admission_date=admission_date)]
    return list(quote_alternatives(**figures))


def member_invoices(user) -> QuerySet[Invoice]:
    """The issued invoices and credit notes of the user's own organisation whose PDF is
    stored, newest first. Users without an organisation get 403 (scoping)."""
    issued = Invoice.objects.exclude(status=Invoice.Status.DRAFT).exclude(pdf="")
    return scope_to_organisation(issued, user).order_by("-issue_date", "-number")


def journal_lines(
    *, start: datetime.date, end: datetime.date, accounts: dict[str, str]
) -> list[journal.JournalLine]:
    """The accountant's journal of [start, end] (billing.journal), from the documents issued
    in it (and the earlier ones whose advance falls due in it) and the payments in it."""
    from_date = start - datetime.timedelta(days=800)  # an advance is at most a year ahead
    documents = (
        Invoice.objects.exclude(status=Invoice.Status.DRAFT)
        .filter(issue_date__gte=from_date, issue_date__lte=end)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("lines", queryset=InvoiceLine.objects.order_by("position", "id")),
            Prefetch(
                "credit_notes",
                queryset=Invoice.objects.exclude(status=Invoice.Status.DRAFT).order_by("id"),
            ),
        )
        .order_by("issue_date", "id")
    )
    rows = [
        journal.Document(
            number=doc.number,
            is_credit_note=doc.is_credit_note,
            issue_date=doc.issue_date,
            counterparty=doc.organisation.legal_name,
            subject=doc.subject,
            lines=tuple(
                journal.DocumentLine(
                    description=line.description,
                    amount=line.quantity * line.unit_price,
                    taxable=line.tax_treatment != InvoiceLine.TaxTreatment.NON_TAXABLE,
                )
                for line in doc.lines.all()
            ),
            tax=doc.tax_total,
            total=doc.total,
            cancelled_on=min((c.issue_date for c in doc.credit_notes.all()), default=None),
        )
        for doc in documents
    ]
    payments = [
        journal.PaymentRow(
            paid_on=p.paid_on,
            amount=p.amount,
            is_transfer_fee=p.method == Payment.Method.TRANSFER_FEE,
            invoice_number=p.invoice.number,
            counterparty=p.invoice.organisation.legal_name,
            payer_name=p.payer_name,
        )
        for p in Payment.objects.filter(paid_on__gte=start, paid_on__lte=end)
        .select_related("invoice", "invoice__organisation")
        .order_by("paid_on", "id")
    ]
    return journal.journal(
        documents=rows,
        payments=payments,
        start=start,
        end=end,
        accounts=accounts,
        fiscal_year=fiscal_year,
    )


def billing_personal_data(*, email: str | None, organisation_id: int | None) -> list[Sheet]:
    """Invoices, receipts and payments of an organisation, or addressed to a person (by the
    contact they were issued to), for the secretariat's export (aiga.personal_data)."""
    if email:
        invoices = Invoice.objects.filter(billing_contact__email__iexact=email)
    elif organisation_id:
        invoices = Invoice.objects.filter(organisation_id=organisation_id)
    else:
        return []
    invoices = list(invoices.order_by("issue_date", "id"))
    ids = [i.pk for i in invoices]
    return [
        Sheet(
            _("請求書"),
            [
                _("請求書番号"),
                _("発行日"),
                _("宛名"),
                _("送付先住所"),
                _("件名"),
                _("合計金額"),
                _("状態"),
            ],
            [
                [
                    i.number,
                    i.issue_date,
                    i.addressee,
                    i.postal_address,
                    i.subject,
                    i.total,
                    i.get_status_display(),
                ]
                for i in invoices
            ],
        ),
        Sheet(
            _("領収書"),
            [_("領収書番号"), _("発行日"), _("宛名"), _("金額")],
            [
                [r.number, r.issued_on, r.addressee, r.amount]
                for r in Receipt.objects.filter(invoice_id__in=ids).order_by("issued_on")
            ],
        ),
        Sheet(
            _("入金"),
            [_("入金日"), _("金額"), _("振込名義"), _("請求書番号")],
            [
                [p.paid_on, p.amount, p.payer_name, p.invoice.number]
                for p in Payment.objects.filter(invoice_id__in=ids)
                .select_related("invoice")
                .order_by("paid_on")
            ],
        ),
    ]


# ---------------------------------------------------------------- the yearly renewal run


@dataclass
class RenewalRow:
    """One organisation in a renewal's preview: invoiced (`exclusion` None) or left out."""

    organisation: object
    membership: object
    tier: str
    amount: int
    exclusion: str | None = None
    existing_number: str = ""  # the year's standing renewal invoice, when already issued

    @property
    def tier_label(self) -> str:
        return str(Membership.Category(self.tier).label)

    @property
    def exclusion_label(self) -> str:
        return str(renewals.EXCLUSION_LABELS[self.exclusion]) if self.exclusion else ""

    @property
    def unpaid_member(self) -> bool:
        """Approved but not paid yet: no membership issued (no member number)."""
        return self.membership.issued_at is None


@dataclass
class RenewalPreview:
    fiscal_year: int
    included: list[RenewalRow] = field(default_factory=list)
    excluded: list[RenewalRow] = field(default_factory=list)
    missing_fee: list[str] = field(default_factory=list)  # tiers without a fee in force

    @property
    def first_day(self) -> datetime.date:
        return fiscal_year_start(self.fiscal_year)

    @property
    def to_issue(self) -> list[RenewalRow]:
        return [row for row in self.included if not row.existing_number]

    @property
    def total_amount(self) -> int:
        return sum(row.amount for row in self.included)

    @property
    def amount_to_issue(self) -> int:
        return sum(row.amount for row in self.to_issue)

    @property
    def already_issued(self) -> int:
        return len(self.included) - len(self.to_issue)

    def by_tier(self) -> list[dict]:
        rows: dict[str, dict] = {}
        for row in self.included:
            entry = rows.setdefault(
                row.tier, {"label": row.tier_label, "count": 0, "amount": 0, "fee": row.amount}
            )
            entry["count"] += 1
            entry["amount"] += row.amount
        return list(rows.values())

    def by_exclusion(self) -> list[dict]:
        counts: dict[str, int] = {}
        for row in self.excluded:
            counts[row.exclusion] = counts.get(row.exclusion, 0) + 1
        return [
            {"label": str(renewals.EXCLUSION_LABELS[code]), "count": n}
            for code, n in counts.items()
        ]


def renewal_preview(*, fiscal_year: int) -> RenewalPreview:
    """Every organisation with a membership, invoiced for the year or left out and why
    (billing.renewals), with its tier and the full-year fee in force on 1 October. A fixed
    number of queries, however many members."""
    schedule = fee_schedule()
    latest: dict[int, Membership] = {}
    for membership in Membership.objects.select_related("organisation").order_by(
        "organisation_id", "admission_date", "id"
    ):
        latest[membership.organisation_id] = membership  # the last one wins
    withdrawals: dict[int, datetime.date] = {}
    for org_id, effective in (
        Withdrawal.objects.exclude(status=Withdrawal.Status.CANCELLED)
        .order_by("effective_date")
        .values_list("organisation_id", "effective_date")
    ):
        withdrawals.setdefault(org_id, effective)
    legacy = set(
        LegacyInvoice.objects.filter(fiscal_year=fiscal_year).values_list(
            "organisation_id", flat=True
        )
    )
    standing = dict(
        Invoice.objects.filter(kind=Invoice.Kind.INVOICE, renewal_fiscal_year=fiscal_year)
        .exclude(status=Invoice.Status.CANCELLED)
        .values_list("organisation_id", "number")
    )
    preview = RenewalPreview(fiscal_year=fiscal_year)
    fees: dict[str, int | None] = {}
    for org_id, membership in sorted(
        latest.items(), key=lambda item: (item[1].organisation.legal_name_kana, item[0])
    ):
        facts = renewals.MemberFacts(
            tier=membership.category,
            admission_date=membership.admission_date,
            end_date=membership.end_date,
            ended=membership.status == Membership.Status.ENDED,
            withdrawal_effective=withdrawals.get(org_id),
            has_legacy_invoice=org_id in legacy,
        )
        exclusion = renewals.renewal_exclusion(facts, fiscal_year=fiscal_year)
        amount = 0
        if exclusion is None:
            if membership.category not in fees:
                try:
                    fees[membership.category] = annual_fee_for_year(
                        tier=membership.category, fiscal_year=fiscal_year, schedule=schedule
                    )
                except NoScheduleError:
                    fees[membership.category] = None
                    preview.missing_fee.append(str(Membership.Category(membership.category).label))
            amount = fees[membership.category] or 0
        row = RenewalRow(
            organisation=membership.organisation,
            membership=membership,
            tier=membership.category,
            amount=amount,
            exclusion=exclusion,
            existing_number=standing.get(org_id) or "",
        )
        (preview.excluded if exclusion else preview.included).append(row)
    return preview


# ---------------------------------------------------------------- reminders and ageing


def reminder_candidates(*, today: datetime.date, grace_days: int) -> QuerySet[Invoice]:
    """Unpaid invoices overdue by at least `grace_days` (the first step), outside any
    pause, each with the steps already taken prefetched."""
    paused = ReminderPause.objects.values("organisation_id")
    return (
        Invoice.objects.overdue(today, grace_days=grace_days - 1)
        .exclude(organisation_id__in=paused)
        .select_related("organisation", "billing_contact")
        .prefetch_related(Prefetch("reminders", queryset=InvoiceReminder.objects.order_by("id")))
        .order_by("due_date", "id")
    )


def call_list(*, today: datetime.date) -> QuerySet[InvoiceReminder]:
    """Invoices at the last step (電話連絡リスト) still unpaid: the secretariat calls them."""
    return (
        InvoiceReminder.objects.filter(
            step=InvoiceReminder.Step.CALL, invoice__status=Invoice.Status.ISSUED
        )
        .select_related("invoice", "invoice__organisation", "invoice__billing_contact")
        .order_by("invoice__due_date", "id")
    )


def overdue_by_age(*, today: datetime.date) -> list[dict]:
    """The overdue invoices' outstanding amounts summed by how long they are overdue
    (30 / 60 / 90 days), and the total: one query."""
    totals = {key: {"count": 0, "amount": 0} for key, *_rest in renewals.AGE_BUCKETS}
    rows = (
        Invoice.objects.overdue(today)
        .with_paid_amount()
        .values_list("due_date", "total", "paid_amount_sum")
    )
    for due_date, total, paid in rows:
        bucket = renewals.age_bucket((today - due_date).days)
        if bucket is None:
            continue
        totals[bucket]["count"] += 1
        totals[bucket]["amount"] += total - (paid or 0)
    result = [
        {"key": key, "label": str(label), **totals[key]}
        for key, _low, _high, label in renewals.AGE_BUCKETS
    ]
    result.append(
        {
            "key": "total",
            "label": "",
            "count": sum(r["count"] for r in result),
            "amount": sum(r["amount"] for r in result),
        }
    )
    return result


def fiscal_year_fees(fy: int) -> dict:
    """The fees of fiscal year `fy` (October–September, by issue date): invoiced (issued
    invoices, not cancelled, no credit notes), paid (the payments on them) and outstanding;
    and the invoices paid before this system (legacy, outside the series). Yen."""
    invoices = Invoice.objects.invoices().filter(
        status__in=[Invoice.Status.ISSUED, Invoice.Status.PAID],
        issue_date__gte=fiscal_year_start(fy),
        issue_date__lte=fiscal_year_end(fy),
    )
    totals = invoices.aggregate(total=Sum("total"), n=Count("id"))
    invoiced = int(totals["total"] or 0)
    paid = int(Payment.objects.filter(invoice__in=invoices).aggregate(s=Sum("amount"))["s"] or 0)
    legacy = LegacyInvoice.objects.filter(fiscal_year=fy).aggregate(
        total=Sum("total"), n=Count("id")
    )
    return {
        "fiscal_year": fy,
        "start": fiscal_year_start(fy),
        "end": fiscal_year_end(fy),
        "invoice_count": totals["n"],
        "invoiced": invoiced,
        "paid": paid,
        "outstanding": invoiced - paid,
        "legacy_count": legacy["n"],
        "legacy_total": int(legacy["total"] or 0),
    }


# ------------------------------------------------------------------ failures (aiga.health)


def renewal_failures(now: datetime.datetime | None = None) -> list[Failure]:
    """Renewal runs that need the secretariat: stopped (failed, or silent for
    RENEWAL_RUN_STALE_SECONDS while running — its worker was killed), or finished with
    members it could not invoice. For the admin's index and the failures e-mail."""
    now = now or timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.RENEWAL_RUN_STALE_SECONDS)
    runs = (
        RenewalRun.objects.annotate(seen=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(
            Q(status=RenewalRun.Status.FAILED)
            | Q(
                status__in=[RenewalRun.Status.QUEUED, RenewalRun.Status.RUNNING],
                seen__lte=stale_before,
            )
            | (Q(status=RenewalRun.Status.DONE) & ~Q(errors=[]))
        )
        .order_by("-created_at")[:20]
    )
    failures = []
    for run in runs:
        if run.status == RenewalRun.Status.DONE:
            kind, state = _("年会費請求の一括発行で発行できなかった会員"), "errors"
            detail = _("%(run)s：%(count)s件") % {"run": run, "count": len(run.errors)}
        else:
            kind, state = _("年会費請求の一括発行の中断（再開できます）"), "stopped"
            detail = _("%(run)s：%(done)s / %(total)s件") % {
                "run": run,
                "done": run.done,
                "total": run.total,
            }
        failures.append(
            Failure(
                key=f"renewal_run:{run.pk}:{state}",
                kind=kind,
                detail=str(detail),
                url=reverse("admin:billing_renewalrun_change", args=[run.pk]),
            )
        )
    return failures
