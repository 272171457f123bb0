"""The yearly renewal run (年会費請求): one 年会費 invoice per member for a fiscal year.

The secretariat previews the run (billing.selectors.renewal_preview), then starts it: a
RenewalRun row, and a Celery task that issues the invoices one by one, each in its own
transaction, writing its progress on the row as it goes. Each invoice is rendered and
e-mailed after its commit, as any invoice is, its e-mail held until the slot the run gave
it (RENEWAL_EMAILS_PER_MINUTE), so that the mail server is not flooded.

Idempotent: the database allows one standing renewal invoice per organisation and fiscal
year (billing.Invoice constraint invoice_one_renewal_per_year, cancelled ones aside), so a
second run, a resumed run or two workers on the same run never issue a member twice; a
run killed half-way is resumed from the admin (or redelivered by the broker) and issues
only what is missing.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from billing.fiscal import fiscal_year_end, fiscal_year_start
from billing.models import IssuerProfile, RenewalRun
from billing.models.invoices import BANK_ACCOUNT_MISSING
from billing.selectors import RenewalRow, renewal_preview
from billing.services.invoices import (
    InvoiceError,
    annual_fee_line,
    fee_invoice_subject,
    invoice_issue_new,
)

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 10  # rows between two writes of the run's progress


class RenewalError(Exception):
    """A run the rules refuse; the message is shown to the secretariat."""


def renewal_source_key(*, fiscal_year: int, organisation_id: int) -> str:
    return f"renewal:{fiscal_year}:{organisation_id}"


def _send_interval() -> datetime.timedelta:
    rate = max(int(settings.RENEWAL_EMAILS_PER_MINUTE), 1)
    return datetime.timedelta(seconds=60 / rate)


def _is_stale(run: RenewalRun, now) -> bool:
    seen = run.heartbeat_at or run.started_at or run.created_at
    return seen <= now - datetime.timedelta(seconds=settings.RENEWAL_RUN_STALE_SECONDS)


def renewal_run_resumable(run: RenewalRun, now=None) -> bool:
    """Failed, or running with no sign of life for a while (its worker was killed)."""
    now = now or timezone.now()
    if run.status == RenewalRun.Status.FAILED:
        return True
    return run.status in (RenewalRun.Status.QUEUED, RenewalRun.Status.RUNNING) and _is_stale(
        run, now
    )


def renewal_run_start(*, fiscal_year: int, actor) -> RenewalRun:
    """Record the run and queue it. Refused while another run of the year is alive, while
    a tier has no fee in force or the bank account is unset."""
    preview = renewal_preview(fiscal_year=fiscal_year)
    if preview.missing_fee:
        raise RenewalError(
            _("%(tiers)sの年会費が会費の表にありません。先に会費の表を設定してください。")
            % {"tiers": "、".join(preview.missing_fee)}
        )
    if IssuerProfile.current().bank_account_missing:
        raise RenewalError(str(BANK_ACCOUNT_MISSING))
    if not preview.to_issue:
        raise RenewalError(_("この年度に新たに発行する請求書はありません。"))
    now = timezone.now()
    with transaction.atomic():
        alive = [
            run
            for run in RenewalRun.objects.select_for_update().filter(
                fiscal_year=fiscal_year,
                status__in=[RenewalRun.Status.QUEUED, RenewalRun.Status.RUNNING],
            )
            if not _is_stale(run, now)
        ]
        if alive:
            raise RenewalError(_("この年度の一括発行は実行中です。進捗をご確認ください。"))
        run = RenewalRun.objects.create(
            fiscal_year=fiscal_year,
            total=len(preview.included),
            total_amount=preview.total_amount,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            action="renewal_run.start",
            target=run,
            to_state=run.status,
            data={
                "fiscal_year": fiscal_year,
                "included": len(preview.included),
                "to_issue": len(preview.to_issue),
                "excluded": len(preview.excluded),
                "amount": preview.amount_to_issue,
            },
        )
        run_id = run.pk
        transaction.on_commit(lambda: _queue_run(run_id))
    return run


def renewal_run_resume(*, run: RenewalRun, actor) -> RenewalRun:
    """Queue a run again after its worker died or it stopped on an error: it issues only
    the invoices still missing."""
    with transaction.atomic():
        locked = RenewalRun.objects.select_for_update().get(pk=run.pk)
        if not renewal_run_resumable(locked):
            raise RenewalError(_("この一括発行は再開できる状態ではありません。"))
        old = locked.status
        locked.status = RenewalRun.Status.QUEUED
        locked.heartbeat_at = timezone.now()
        locked.save(update_fields=["status", "heartbeat_at"])
        audit_log(
            actor=actor, action="renewal_run.resume", target=locked, from_state=old,
            to_state=locked.status,
        )  # fmt: skip
        run_id = locked.pk
        transaction.on_commit(lambda: _queue_run(run_id))
    return locked


def _queue_run(run_id: int) -> None:
    # The tasks module calls these services; importing it at the top would be a cycle.
    from billing.tasks import renewal_run_execute as task

    try:
        task.delay(run_id)
    except Exception:  # noqa: BLE001 - the admin shows the run as stale and offers to resume
        logger.warning("Could not queue renewal run %s", run_id, exc_info=True)


def renewal_lines(row: RenewalRow, fiscal_year: int) -> list[dict]:
    return [
        annual_fee_line(
            tier=row.tier,
            start=fiscal_year_start(fiscal_year),
            end=fiscal_year_end(fiscal_year),
            amount=row.amount,
        )
    ]


def renewal_issue_one(
    *, row: RenewalRow, fiscal_year: int, actor, send_after=None, issue_date=None
) -> bool:
    """Issue one member's renewal invoice. False when the year's invoice already stands
    (issued by an earlier or a parallel run): the constraint, not a prior read, decides."""
    try:
        with transaction.atomic():
            invoice_issue_new(
                organisation=row.organisation,
                lines=renewal_lines(row, fiscal_year),
                subject=fee_invoice_subject(fiscal_year, with_admission_fee=False),
                actor=actor,
                issue_date=issue_date,
                source_key=renewal_source_key(
                    fiscal_year=fiscal_year, organisation_id=row.organisation.pk
                ),
                renewal_fiscal_year=fiscal_year,
                send_after=send_after,
            )
    except IntegrityError:
        return False
    return True


def _save_progress(run: RenewalRun, **extra) -> None:
    run.heartbeat_at = timezone.now()
    fields = ["done", "issued", "skipped", "errors", "next_send_at", "heartbeat_at", "total"]
    for name, value in extra.items():
        setattr(run, name, value)
        fields.append(name)
    run.save(update_fields=fields)


def renewal_run_execute(*, run_id: int, stop_after: int | None = None) -> RenewalRun:
    """Issue what the run still has to issue, writing progress as it goes. Called by the
    task; a second call (resume, redelivery) goes over the members again and issues only
    the missing invoices. `stop_after` (tests, the bench) stops after so many rows."""
    with transaction.atomic():
        run = RenewalRun.objects.select_for_update().get(pk=run_id)
        if run.status == RenewalRun.Status.DONE:
            return run
        old = run.status
        run.status = RenewalRun.Status.RUNNING
        run.started_at = run.started_at or timezone.now()
        run.heartbeat_at = timezone.now()
        run.save(update_fields=["status", "started_at", "heartbeat_at"])
        if old != RenewalRun.Status.RUNNING:
            audit_log(
                actor=None, action="renewal_run.running", target=run, from_state=old,
                to_state=run.status,
            )  # fmt: skip
    actor = run.created_by
    fy = run.fiscal_year
    preview = renewal_preview(fiscal_year=fy)
    interval = _send_interval()
    slot = max(run.next_send_at or timezone.now(), timezone.now())
    run.total = len(preview.included)
    run.done = run.issued = run.skipped = 0
    previous_errors = list(run.errors or [])
    run.errors = []
    try:
        for index, row in enumerate(preview.included, start=1):
            if stop_after is not None and index > stop_after:
                return run
            if row.existing_number:
                run.skipped += 1
            else:
                try:
                    issued = renewal_issue_one(
                        row=row, fiscal_year=fy, actor=actor, send_after=slot
                    )
                except (InvoiceError, ValueError) as exc:
                    name = row.organisation.legal_name
                    run.errors.append({"organisation": name, "error": str(exc)})
                else:
                    if issued:
                        run.issued += 1
                        slot += interval
                    else:
                        run.skipped += 1
            run.done += 1
            run.next_send_at = slot
            if run.done % PROGRESS_EVERY == 0:
                _save_progress(run)
    except Exception as exc:
        logger.exception("Renewal run %s stopped", run_id)
        run.errors.append({"organisation": "", "error": f"{type(exc).__name__}: {exc}"[:500]})
        _save_progress(run, status=RenewalRun.Status.FAILED)
        raise
    with transaction.atomic():
        locked = RenewalRun.objects.select_for_update().get(pk=run_id)
        run.status = RenewalRun.Status.DONE
        run.finished_at = timezone.now()
        run.heartbeat_at = run.finished_at
        for name in ("total", "done", "issued", "skipped", "errors", "next_send_at"):
            setattr(locked, name, getattr(run, name))
        locked.status, locked.finished_at, locked.heartbeat_at = (
            run.status, run.finished_at, run.heartbeat_at,
        )  # fmt: skip
        locked.save()
        audit_log(
            actor=None,
            action="renewal_run.done",
            target=locked,
            from_state=RenewalRun.Status.RUNNING,
            to_state=locked.status,
            data={
                "issued": locked.issued,
                "skipped": locked.skipped,
                "errors": len(locked.errors),
                "earlier_errors": len(previous_errors),
            },
        )
    return locked
