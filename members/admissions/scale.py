"""The joining flow at scale (`manage.py seed_scale`): the board's monthly meetings (held
since the founding, three planned), the application every member came through, and
applications in every status — drafts, submitted, awaiting a correction, on the planned
meetings' agendas (about 200 at scale 10), approved, invoiced, paid, rejected, withdrawn —
with their contacts, consents, review checks, agenda items, decisions and audit entries.

Written with bulk_create; statuses are the ones the workflow's table reaches, and each
transition has the audit entry its service would write. Reads ctx.shared["organisations"],
["memberships"], ["staff"], ["officers"], ["industries"] and the name sets members/scale.py
leaves; the invoices of approved applications are issued by billing.scale.
"""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils import timezone

from billing.fees import calculate_fee
from billing.models import Invoice
from billing.scale import first_invoice_plan, invoices_issue_bulk
from billing.selectors import fee_schedule
from members import scale as members_scale
from members.admissions import workflow
from members.admissions.models import (
    AgendaItem,
    Application,
    ApplicationContact,
    BoardDecision,
    Consent,
    CorrectionRequest,
    ReviewCheck,
)
from members.admissions.selectors.applications import current_documents, quote_snapshot
from members.admissions.selectors.review import required_check_kinds
from members.meeting_dates import next_monthly_meeting_dates
from members.models import BoardMeeting, Contact, Membership, Organisation
from members.models.particulars import PersonParticulars

S = workflow.Status
# Applications still in the flow at --scale 1 (the members' own applications come on top).
PIPELINE = {
    S.DRAFT: 10,
    S.SUBMITTED: 6,
    S.CORRECTION_REQUESTED: 4,
    S.WITH_BOARD: 20,
    S.APPROVED: 2,
    S.INVOICED: 4,
    S.PAID: 1,
    S.REJECTED: 3,
    S.WITHDRAWN: 4,
}
EXPERT_SHARE = 0.15
PLANNED_MEETINGS = 3
AGENDA_SPREAD = (0.6, 0.3, 0.1)  # of the applications with the board, per planned meeting


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _meetings(ctx) -> tuple[dict[datetime.date, BoardMeeting], list[BoardMeeting]]:
    """Held meetings on every admission day since the founding, and the planned ones."""
    held_days = members_scale.admission_days(ctx.today)
    planned_days = next_monthly_meeting_dates(ctx.today, PLANNED_MEETINGS)
    number = BoardMeeting.objects.aggregate(n=Max("number"))["n"] or 0
    rows = []
    for index, day in enumerate(held_days):
        number += 1
        latest = index == len(held_days) - 1
        status = BoardMeeting.Status.HELD if latest else BoardMeeting.Status.MINUTES_APPROVED
        minutes = "" if latest else f"議事録綴 第{number}回"
        rows.append(BoardMeeting(number=number, date=day, status=status, minutes_reference=minutes))
    for day in planned_days:
        number += 1
        rows.append(BoardMeeting(number=number, date=day, status=BoardMeeting.Status.PLANNED))
    rows = BoardMeeting.objects.bulk_create(rows)
    return {m.date: m for m in rows[: len(held_days)]}, rows[len(held_days) :]


class Builder:
    """Collects the rows of many applications, then writes them in a few bulk inserts."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.random
        self.schedule = fee_schedule()
        self.documents = current_documents(today=ctx.today)
        self.officers = [o for o in ctx.shared["officers"]]
        self.industries = ctx.shared["industries"]
        self.staff = ctx.shared["staff"]
        self.applications: list[Application] = []
        self.contacts: dict[int, list[dict]] = {}  # application index → contact rows
        self.after: list[tuple[int, str, dict]] = []  # (application index, kind, fields)

    def add(self, app: Application, contacts: list[dict]) -> int:
        self.applications.append(app)
        self.contacts[len(self.applications) - 1] = contacts
        return len(self.applications) - 1

    def later(self, index: int, kind: str, **fields) -> None:
        self.after.append((index, kind, fields))

    def new_application(self, *, status, category, submitted: datetime.date | None):
        """A fictional applicant's application with its people (not saved)."""
        rng = self.rng
        if category == workflow.EXPERT:
            p = members_scale.person(rng)
            domain = f"{p.romaji.split('.')[1]}-lab{len(self.applications)}.example.jp"
            contacts = members_scale.contact_rows(rng, corporate=False, domain=domain, expert=p)
            particulars = {
                "legal_name": rng.choice(members_scale.AFFILIATIONS),
                "recommender": rng.choice(self.officers),
                "expert_profile": "AIガバナンス・AI法制の研究と実務（架空の経歴）",
            }
        else:
            data = members_scale.company(
                rng, self.ctx.shared["used_names"], self.ctx.shared["used_numbers"]
            )
            tier = "regular" if rng.random() < 0.5 else "smb"
            contacts = members_scale.contact_rows(rng, corporate=True, domain=data["domain"])
            particulars = {
                key: data[key]
                for key in (
                    "legal_name", "legal_name_kana", "name_en", "corporate_number",
                    "postal_code", "prefecture", "city", "address_line", "website", "ai_role",
                )
            }  # fmt: skip
            particulars.update(
                industry=self.industries[data["industry_name"]],
                share_capital=members_scale.capital_for(rng, tier),
            )
        return self._application(status, category, submitted, particulars, contacts)

    def _application(self, status, category, submitted, particulars, contacts):
        rng = self.rng
        applicant = next(c for c in contacts if c.get("is_member_representative"))
        for row in contacts:
            row["phone"] = (
                f"0{rng.randint(3, 9)}0-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}"
            )
        app = Application(
            status=status,
            category=category,
            language="en" if rng.random() < 0.05 else "ja",
            mailing_list_emails=[applicant["email"]],
            list_publicly=category == workflow.CORPORATE and rng.random() < 0.6,
            applicant_name=f"{applicant['family_name']} {applicant['given_name']}",
            applicant_title=applicant.get("title", ""),
            applicant_email=applicant["email"],
            authorised=True,
            submitted_at=_aware(submitted) if submitted else None,
            status_changed_at=_aware(submitted or self.ctx.today),
            **particulars,
        )
        if submitted:
            quote = calculate_fee(
                category=category,
                capital=app.share_capital,
                parent_ratio=app.parent_ratio if app.has_parent else None,
                # The quote of the day: for the meeting after next, never before the fees.
                admission_date=max(submitted + datetime.timedelta(days=30), members_scale.FOUNDED),
                schedule=self.schedule,
            )
            app.quote = quote_snapshot(quote)
            app.quoted_tier, app.quoted_total = quote.tier, quote.total
        return app, contacts

    def write(self) -> list[Application]:
        Application.objects.bulk_create(self.applications)
        contacts, consents = [], []
        for index, app in enumerate(self.applications):
            for row in self.contacts[index]:
                contacts.append(ApplicationContact(application=app, **row))
            if app.submitted_at:
                consents += [
                    Consent(application=app, document=doc, agreed_at=app.submitted_at,
                            agreed_by_name=app.applicant_name, document_sha256=doc.sha256,
                            ip=f"198.51.100.{self.rng.randint(1, 254)}")
                    for doc in self.documents
                ]  # fmt: skip
                self.ctx.audit(action="application.submit", target=app, from_state=S.DRAFT,
                               to_state=S.SUBMITTED)  # fmt: skip
        ApplicationContact.objects.bulk_create(contacts)
        Consent.objects.bulk_create(consents)
        return self.applications


def _contact_rows_of(org: Organisation, contacts: list[Contact]) -> list[dict]:
    return [{name: getattr(c, name) for name in PersonParticulars.PERSON_FIELDS} for c in contacts]


def _org_particulars(org: Organisation) -> dict:
    fields = [f for f in Application.COMPANY_FIELDS if f != "industry"]
    particulars = {name: getattr(org, name) for name in fields}
    particulars["industry"] = org.industry
    if org.is_corporate:
        city = next((p[1] for p in members_scale.PLACES if org.address.startswith(p[1])), "")
        particulars.update(city=city, address_line=org.address[len(city) :])
    else:
        particulars.update(legal_name="", legal_name_kana="", name_en="")
    return particulars


def _checks(builder, app: Application, day: datetime.date) -> list[ReviewCheck]:
    return [
        ReviewCheck(application=app, kind=kind, result=ReviewCheck.Result.OK,
                    method="データベース検索", source="登記事項証明書・新聞記事データベース",
                    checked_on=day, checked_by=builder.staff)
        for kind in required_check_kinds(app.category)
    ]  # fmt: skip


def seed(ctx) -> None:
    rng, today = ctx.random, ctx.today
    held, planned = _meetings(ctx)
    builder = Builder(ctx)
    staff = ctx.shared["staff"]

    # 1. The application every member came through, decided on its admission day.
    memberships = ctx.shared["memberships"]
    org_contacts: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(organisation__in=ctx.shared["organisations"]).order_by(
        "id"
    ):
        org_contacts.setdefault(contact.organisation_id, []).append(contact)
    member_rows = []
    for org in ctx.shared["organisations"]:
        membership = memberships[org.pk]
        category = workflow.CORPORATE if org.is_corporate else workflow.EXPERT
        submitted = membership.admission_date - datetime.timedelta(days=rng.randint(12, 45))
        particulars = _org_particulars(org)
        if category == workflow.EXPERT:
            particulars.update(legal_name=rng.choice(members_scale.AFFILIATIONS),
                               recommender=rng.choice(builder.officers))  # fmt: skip
        app, contacts = builder._application(
            S.MEMBER, category, submitted, particulars, _contact_rows_of(org, org_contacts[org.pk])
        )
        app.organisation = org
        app.status_changed_at = membership.issued_at
        member_rows.append((builder.add(app, contacts), held[membership.admission_date], "approve"))

    # 2. Applications still in the flow.
    latest_held = held[max(held)]
    pipeline = []
    for status, at_one in PIPELINE.items():
        for _ in range(ctx.count(at_one, minimum=1)):
            category = workflow.EXPERT if rng.random() < EXPERT_SHARE else workflow.CORPORATE
            if status in (S.INVOICED, S.PAID):
                category = workflow.CORPORATE  # experts pay no fees
            if status == S.APPROVED:
                category = workflow.EXPERT  # a company's approval issues its invoice at once
            if status == S.DRAFT:
                submitted = None
            elif status in (S.APPROVED, S.INVOICED, S.PAID, S.REJECTED):
                submitted = latest_held.date - datetime.timedelta(days=rng.randint(12, 40))
            else:
                submitted = today - datetime.timedelta(days=rng.randint(1, 40))
            app, contacts = builder.new_application(
                status=status, category=category, submitted=submitted
            )
            if status == S.DRAFT:
                app.status_changed_at = _aware(today - datetime.timedelta(days=rng.randint(0, 20)))
            pipeline.append((builder.add(app, contacts), status))
    apps = builder.write()

    checks, agenda, decisions, corrections = [], [], [], []
    agenda_numbers: dict[int, int] = {}

    def on_agenda(app, meeting, outcome, carried_from=None):
        agenda_numbers[meeting.pk] = agenda_numbers.get(meeting.pk, 0) + 1
        number = agenda_numbers[meeting.pk]
        agenda.append(AgendaItem(meeting=meeting, application=app, number=number,
                                 outcome=outcome, carried_over_from=carried_from))  # fmt: skip
        ctx.audit(action="application.forward_to_board", target=app, from_state=S.SUBMITTED,
                  to_state=S.WITH_BOARD, data={"meeting": meeting.pk})  # fmt: skip

    def decide(app, meeting, decision):
        on_agenda(app, meeting, AgendaItem.Outcome.DECIDED)
        decisions.append(BoardDecision(application=app, meeting=meeting, decision=decision,
                                       admission_date=meeting.date, recorded_by=staff,
                                       recorded_at=_aware(meeting.date, 17),
                                       on_behalf_of_board=True))  # fmt: skip
        target = S.APPROVED if decision == "approve" else S.REJECTED
        ctx.audit(action=f"application.{decision}", target=app, from_state=S.WITH_BOARD,
                  to_state=target)  # fmt: skip

    for index, meeting, decision in member_rows:
        app = apps[index]
        checks += _checks(builder, app, meeting.date - datetime.timedelta(days=7))
        decide(app, meeting, decision)
        if app.category == workflow.CORPORATE:
            ctx.audit(action="application.invoice", target=app, from_state=S.APPROVED,
                      to_state=S.INVOICED)  # fmt: skip
            ctx.audit(action="application.confirm_payment", target=app, from_state=S.INVOICED,
                      to_state=S.PAID)  # fmt: skip
        ctx.audit(action="application.issue_membership", target=app,
                  from_state=S.PAID if app.category == workflow.CORPORATE else S.APPROVED,
                  to_state=S.MEMBER)  # fmt: skip

    weights = list(AGENDA_SPREAD)
    approved = []
    for index, status in pipeline:
        app = apps[index]
        submitted = timezone.localdate(app.submitted_at) if app.submitted_at else None
        if status == S.CORRECTION_REQUESTED:
            corrections.append(CorrectionRequest(
                application=app, round=1, requested_by=staff,
                message="登記事項証明書の資本金の額と、ご入力の資本金の額が一致しません。"
                "ご確認のうえ修正してください。",
                requested_at=app.submitted_at + datetime.timedelta(days=2),
                before={"share_capital": app.share_capital},
            ))  # fmt: skip
            ctx.audit(action="application.request_correction", target=app,
                      from_state=S.SUBMITTED, to_state=S.CORRECTION_REQUESTED)  # fmt: skip
        elif status == S.WITH_BOARD:
            checks += _checks(builder, app, submitted + datetime.timedelta(days=1))
            meeting = rng.choices(planned, weights=weights)[0]
            on_agenda(app, meeting, AgendaItem.Outcome.PENDING)
        elif status in (S.APPROVED, S.INVOICED, S.PAID, S.REJECTED):
            checks += _checks(builder, app, submitted + datetime.timedelta(days=1))
            decide(app, latest_held, "reject" if status == S.REJECTED else "approve")
            if status != S.REJECTED:
                approved.append((app, status))
        elif status == S.WITHDRAWN:
            ctx.audit(action="application.withdraw", target=app, from_state=S.SUBMITTED,
                      to_state=S.WITHDRAWN, note="申込者より取下げの連絡あり（電話）")  # fmt: skip
    ReviewCheck.objects.bulk_create(checks)
    AgendaItem.objects.bulk_create(agenda)
    BoardDecision.objects.bulk_create(decisions)
    CorrectionRequest.objects.bulk_create(corrections)
    _link_member_invoices(apps, [index for index, _m, _d in member_rows])
    _approved_organisations(ctx, approved, latest_held)

    counts = {}
    for app in apps:
        counts[app.status] = counts.get(app.status, 0) + 1
    pending = sum(1 for item in agenda if item.outcome == AgendaItem.Outcome.PENDING)
    ctx.write(
        f"admissions: {len(held)} held and {len(planned)} planned meetings, "
        f"{pending} applications on their agendas; applications "
        + ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
    )


def _link_member_invoices(apps: list[Application], member_indexes: list[int]) -> None:
    """Each member's application names its first invoice (the one its approval issued)."""
    firsts = {
        invoice.organisation_id: invoice
        for invoice in Invoice.objects.filter(
            source_key__startswith="scale:first:", kind=Invoice.Kind.INVOICE, replaces=None
        )
    }
    linked = []
    for index in member_indexes:
        app = apps[index]
        app.first_invoice = firsts.get(app.organisation_id)
        if app.first_invoice is not None:
            linked.append(app)
    Application.objects.bulk_update(linked, ["first_invoice"])


def _approved_organisations(ctx, approved, meeting: BoardMeeting) -> None:
    """An approval creates the organisation (no member number yet), its unissued
    membership and contacts; a company's first invoice follows, paid for some."""
    orgs, memberships, contacts = [], [], []
    for app, _status in approved:
        corporate = app.category == workflow.CORPORATE
        org = Organisation(
            kind=Organisation.Kind.CORPORATE if corporate else Organisation.Kind.INDIVIDUAL,
            **{name: getattr(app, name) for name in Application.COMPANY_FIELDS},
            address=f"{app.city}{app.address_line}",
        )
        if not corporate:
            rep = app.contacts.get(is_member_representative=True)
            org.legal_name, org.legal_name_kana = rep.full_name, rep.full_name_kana
            org.name_en, org.capital_kind = "", Organisation.CapitalKind.NONE
        orgs.append(org)
    Organisation.objects.bulk_create(orgs)
    for (app, _status), org in zip(approved, orgs, strict=True):
        tier = app.quoted_tier if app.category == workflow.CORPORATE else "expert"
        memberships.append(Membership(organisation=org, category=tier, admission_date=meeting.date))
        for person in app.contacts.all():
            contacts.append(Contact(organisation=org, **{
                name: getattr(person, name) for name in PersonParticulars.PERSON_FIELDS
            }))  # fmt: skip
        app.organisation = org
        ctx.audit(action="application.organisation_created", target=app,
                  data={"organisation": org.pk})  # fmt: skip
    Membership.objects.bulk_create(memberships)
    contacts = Contact.objects.bulk_create(contacts)
    billing_contacts = {}
    for contact in contacts:
        if contact.is_billing_contact:
            billing_contacts.setdefault(contact.organisation_id, contact)
    plans, payable = [], []
    schedule = fee_schedule()
    for (app, status), org in zip(approved, orgs, strict=True):
        if status not in (S.INVOICED, S.PAID):
            continue
        plan = first_invoice_plan(ctx, organisation=org, contact=billing_contacts.get(org.pk),
                                  admission_date=meeting.date, schedule=schedule)  # fmt: skip
        plan.issue_date = min(plan.issue_date, ctx.today)
        plan.source_key = f"scale:application:{app.pk}"
        if status == S.PAID:
            plan.paid_on = max(plan.issue_date, ctx.today - datetime.timedelta(days=1))
        plans.append(plan)
        payable.append((app, plan))
        ctx.audit(action="application.invoice", target=app, from_state=S.APPROVED,
                  to_state=S.INVOICED)  # fmt: skip
        if status == S.PAID:
            ctx.audit(action="application.confirm_payment", target=app, from_state=S.INVOICED,
                      to_state=S.PAID)  # fmt: skip
    invoices_issue_bulk(ctx, plans)
    for app, plan in payable:
        app.first_invoice = plan.documents[0]
    Application.objects.bulk_update(
        [app for app, _s in approved], ["organisation", "first_invoice"]
    )
