"""The register import: the association's existing members, with their member numbers,
join dates, tiers, contacts and roles, and this fiscal year's paid invoices (kept as
legacy records outside the gapless invoice series: no PDF, no e-mail).

Here because it writes billing's LegacyInvoice as well as the register (billing builds on
members, never the other way). A dry run writes nothing and reports every problem; the
real run is one transaction, and running the same file again changes nothing: members are
matched by member number, then by 法人番号; contacts by e-mail address; invoices by their
original number."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.fiscal import fiscal_year
from billing.models import LegacyInvoice
from billing.register_import import (
    COLUMNS,
    ImportFileError,
    MemberRecord,
    RowError,
    parse_members,
    read_table,
)
from members.models import Contact, Membership, Organisation

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")

__all__ = ["ImportFileError", "ImportReport", "RowError", "member_import"]


@dataclass
class ImportReport:
    dry_run: bool
    members: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # member numbers
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    contacts_created: int = 0
    contacts_updated: int = 0
    invoices_created: int = 0
    invoices_updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return (
            len(self.created)
            + len(self.updated)
            + self.contacts_created
            + self.contacts_updated
            + self.invoices_created
            + self.invoices_updated
        )


class _DryRun(Exception):
    """Raised inside the transaction to roll back what a dry run did."""


class _RowRefused(Exception):
    """What the register itself refuses of a row (a field the model validates): the whole
    run is rolled back and the row reported."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


def _issued_at(day: datetime.date) -> datetime.datetime:
    """The membership counts as issued from the start of its join day, in Tokyo."""
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=TOKYO)


def member_import(
    *, data: bytes, filename: str, actor, today: datetime.date, dry_run: bool
) -> ImportReport:
    """Read the file and import it (or, with `dry_run`, say what it would do). Raises
    ImportFileError when the file cannot be read at all."""
    report = ImportReport(dry_run=dry_run)
    members, errors = parse_members(read_table(data, filename), today=today)
    report.members = len(members)
    errors.extend(_register_errors(members))
    if errors:
        report.errors = sorted(errors, key=lambda e: e.row)
        return report
    try:
        with transaction.atomic():
            for record in members:
                _import_member(record, report=report, actor=actor)
            audit_log(
                actor=actor,
                action="member_import.run",
                note=filename[:200],
                data={
                    "members": report.members,
                    "created": report.created,
                    "updated": report.updated,
                    "contacts_created": report.contacts_created,
                    "contacts_updated": report.contacts_updated,
                    "invoices_created": report.invoices_created,
                    "invoices_updated": report.invoices_updated,
                },
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except _RowRefused as refused:
        return ImportReport(dry_run=dry_run, members=report.members, errors=[refused.error])
    return report


def _match(record: MemberRecord) -> Organisation | None:
    organisation = Organisation.objects.filter(member_number=record.member_number).first()
    if organisation is None and record.values["corporate_number"]:
        organisation = Organisation.objects.filter(
            corporate_number=record.values["corporate_number"]
        ).first()
    return organisation


def _register_errors(members: list[MemberRecord]) -> list[RowError]:
    """What the register refuses: a 法人番号 or an invoice number that belongs to another
    member, a member number given to another company."""
    errors = []
    for record in members:
        organisation = _match(record)
        number = record.values["corporate_number"]
        if (
            organisation is not None
            and number
            and organisation.corporate_number
            and organisation.corporate_number != number
        ):
            # The member number belongs to another company: a slip in the file, not an update.
            errors.append(
                RowError(
                    record.row,
                    COLUMNS["member_number"],
                    _(
                        "この会員番号は「%(name)s」（法人番号%(number)s）に登録されています。"
                        "法人番号が一致しません。"
                    )
                    % {"name": organisation.legal_name, "number": organisation.corporate_number},
                )
            )
            continue
        if organisation is not None and organisation.member_number not in (
            None,
            "",
            record.member_number,
        ):
            errors.append(
                RowError(
                    record.row,
                    COLUMNS["corporate_number"],
                    _("この法人番号は会員番号%(other)sの会員に登録されています。")
                    % {"other": organisation.member_number},
                )
            )
            continue
        if number:
            other = (
                Organisation.objects.filter(corporate_number=number)
                .exclude(pk=organisation.pk if organisation else None)
                .first()
            )
            if other is not None:
                errors.append(
                    RowError(
                        record.row,
                        COLUMNS["corporate_number"],
                        _("この法人番号は「%(name)s」に登録されています。")
                        % {"name": other.legal_name},
                    )
                )
        for invoice in record.invoices:
            existing = (
                LegacyInvoice.objects.filter(number=invoice.number)
                .select_related("organisation")
                .first()
            )
            if existing is not None and existing.organisation.member_number != (
                record.member_number
            ):
                errors.append(
                    RowError(
                        invoice.row,
                        COLUMNS["invoice_number"],
                        _("この請求書番号は別の会員の請求書として取込済みです。"),
                    )
                )
    return errors


def _set(obj, values: dict) -> list[str]:
    """Assign the values that differ; the names of the fields changed."""
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _import_member(record: MemberRecord, *, report: ImportReport, actor) -> None:
    organisation = _match(record)
    created = organisation is None
    if created:
        organisation = Organisation(
            capital_kind=(
                Organisation.CapitalKind.NONE
                if record.kind == Organisation.Kind.INDIVIDUAL
                else Organisation.CapitalKind.PLAIN
            )
        )
    changed = _set(
        organisation,
        {**record.values, "kind": record.kind, "member_number": record.member_number},
    )
    if changed:
        try:
            organisation.full_clean(exclude=["industry", "website", "share_capital"])
        except ValidationError as exc:
            problems = "、".join(str(m) for ms in exc.message_dict.values() for m in ms)
            raise _RowRefused(RowError(record.row, "", problems)) from exc
        organisation.save()
    changed += _import_membership(record, organisation)
    changed += _import_contacts(record, organisation, report)
    changed += _import_invoices(record, organisation, report, actor)
    if created:
        report.created.append(record.member_number)
    elif changed:
        report.updated.append(record.member_number)
    else:
        report.unchanged.append(record.member_number)
    if changed:
        audit_log(
            actor=actor,
            action="organisation.import",
            target=organisation,
            to_state="created" if created else "updated",
            data={"fields": sorted(set(changed))},
        )


def _import_membership(record: MemberRecord, organisation: Organisation) -> list[str]:
    membership = organisation.memberships.order_by("-admission_date", "-id").first()
    values = {
        "category": record.category,
        "admission_date": record.admission_date,
        "issued_at": _issued_at(record.admission_date),
    }
    if membership is None:
        Membership.objects.create(organisation=organisation, **values)
        return ["membership"]
    changed = _set(membership, values)
    if changed:
        membership.save(update_fields=changed)
    return [f"membership.{name}" for name in changed]


def _import_contacts(record: MemberRecord, organisation: Organisation, report) -> list[str]:
    wanted: dict[str, dict] = {}
    for contact in record.contacts:  # the same person on several rows: one contact
        values = dict(contact.values)
        previous = wanted.get(values["email"])
        if previous:
            for name, value in values.items():
                if isinstance(value, bool):
                    previous[name] = previous[name] or value
        else:
            wanted[values["email"]] = values
    existing = {c.email.lower(): c for c in organisation.contacts.all() if c.email}
    changed = []
    representative = next(
        (email for email, v in wanted.items() if v.get("is_member_representative")), None
    )
    # The 会員代表者 is one person: whoever held the role before gives it up first.
    for email, contact in existing.items():
        if contact.is_member_representative and contact.is_active and email != representative:
            contact.is_member_representative = False
            contact.save(update_fields=["is_member_representative"])
            changed.append("contact.is_member_representative")
            report.contacts_updated += 1
    for email, values in wanted.items():
        contact = existing.get(email)
        if contact is None:
            Contact.objects.create(organisation=organisation, **values)
            report.contacts_created += 1
            changed.append("contact")
            continue
        fields = _set(contact, {**values, "is_active": True})
        if fields:
            contact.save(update_fields=fields)
            report.contacts_updated += 1
            changed += [f"contact.{name}" for name in fields]
    return changed


def _import_invoices(record: MemberRecord, organisation: Organisation, report, actor):
    changed = []
    for invoice in record.invoices:
        values = {
            "organisation": organisation,
            "fiscal_year": fiscal_year(invoice.issue_date),
            "subject": invoice.subject,
            "issue_date": invoice.issue_date,
            "total": invoice.total,
            "paid_on": invoice.paid_on,
        }
        legacy = LegacyInvoice.objects.filter(number=invoice.number).first()
        if legacy is None:
            LegacyInvoice.objects.create(number=invoice.number, imported_by=actor, **values)
            report.invoices_created += 1
            changed.append("legacy_invoice")
            continue
        fields = _set(legacy, values)
        if fields:
            legacy.save(update_fields=fields)
            report.invoices_updated += 1
            changed += [f"legacy_invoice.{name}" for name in fields]
    return changed
