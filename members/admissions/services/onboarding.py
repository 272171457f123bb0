"""Steps 5 to 7 of an application: the board's approval becomes an organisation, a
membership and the first invoice; the payment moves the application on; issuing the
membership runs the onboarding checklist, one idempotent item each, through the
register's own services (member number, invitations, mailing list, members' page).

`application_on_approved` is called by the board's decision (services/review.py), and
`application_on_invoice_paid` receives `billing.signals.invoice_paid`; both run inside
the caller's transaction.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from billing.models import Invoice
from billing.selectors import quote_for
from billing.services.invoices import (
    billing_contact_for,
    fee_invoice_subject,
    invoice_issue_new,
    invoice_mail_context,
    lines_for_quote,
)
from members.admissions import workflow
from members.admissions.models import Application, OnboardingStep
from members.admissions.services.applications import (
    SECRETARIAT_ADDRESSEE,
    application_transition,
)
from members.models import Contact, Membership, Organisation
from members.models.particulars import (
    CompanyParticulars,
    PersonParticulars,
    particulars_copy,
)
from members.services.invitations import organisation_contacts_invite
from members.services.listing import members_page_publish
from members.services.mailing_list import mailing_list_add
from members.services.member_numbers import member_number_assign

logger = logging.getLogger(__name__)


SYSTEM = [workflow.SYSTEM]


class OnboardingError(Exception):
    """A request the onboarding rules refuse; the message is shown to the user."""


def _lock(application_id: int) -> Application:
    return Application.objects.select_for_update().get(pk=application_id)


def _applicant_addressee(application: Application) -> str:
    rep = application.member_representative
    name = rep.full_name if rep else application.applicant_name
    if application.category == workflow.CORPORATE and application.legal_name:
        return f"{application.legal_name} {name} 様"
    return f"{name} 様"


def _notice_recipients(application: Application) -> tuple[str, list[str]]:
    """The member representative, with the applicant in copy when another person."""
    rep = application.member_representative
    to = (rep.email if rep and rep.email else "") or application.applicant_email
    cc = [application.applicant_email] if application.applicant_email not in ("", to) else []
    return to, cc


def _organisation_from(application: Application) -> Organisation:
    """The register's organisation for the application (an existing one with the same
    corporate number is updated), with the application's contacts not yet on it."""
    a = application
    if a.category == workflow.CORPORATE:
        organisation = None
        if a.corporate_number:
            organisation = Organisation.objects.filter(corporate_number=a.corporate_number).first()
        organisation = organisation or Organisation(kind=Organisation.Kind.CORPORATE)
        particulars_copy(source=a, target=organisation, fields=CompanyParticulars.COMPANY_FIELDS)
        organisation.address = f"{a.city}{a.address_line}"
    else:
        rep = a.member_representative
        organisation = Organisation(
            kind=Organisation.Kind.INDIVIDUAL,
            legal_name=rep.full_name if rep else a.applicant_name,
            legal_name_kana=rep.full_name_kana if rep else "",
            postal_code=a.postal_code,
            prefecture=a.prefecture,
            address=f"{a.city}{a.address_line}",
            website=a.website,
            capital_kind=Organisation.CapitalKind.NONE,
        )
    organisation.save()
    existing = {c.email.lower() for c in organisation.contacts.all() if c.email}
    for source in a.contacts.all():
        if source.email and source.email.lower() in existing:
            continue
        contact = Contact(organisation=organisation)
        particulars_copy(source=source, target=contact, fields=PersonParticulars.PERSON_FIELDS)
        contact.save()
    return organisation


def _quote_for(application: Application, admission_date: datetime.date):
    """The fee quote on the admission date; the tier the secretariat set if rules cannot."""
    kwargs = dict(**application.fee_inputs, admission_date=admission_date)
    try:
        return quote_for(**kwargs), False
    except ValueError:
        if not application.quoted_tier:
            raise OnboardingError(
                _("会費区分を判定できません。申込内容の資本金または区分を確認してください。")
            )
        return quote_for(**kwargs, manual_tier=application.quoted_tier), True


def _first_invoice(
    *, application: Application, organisation: Organisation, quote, actor, cover_letter
):
    return invoice_issue_new(
        organisation=organisation,
        lines=lines_for_quote(quote),
        subject=fee_invoice_subject(
            quote.fiscal_year, half=quote.half, with_admission_fee=bool(quote.admission_fee)
        ),
        actor=actor,
        billing_contact=billing_contact_for(organisation),
        cover_letter=cover_letter,
    )


def application_on_approved(*, application: Application, decision, actor) -> Application:
    """Hook of the approval: organisation, contacts, membership; then the first invoice
    (corporate) or the membership itself (expert). One transaction with the approval.

    Nothing slow happens here: the invoice's PDF is rendered after commit, and the
    approval notice that carries it goes out once it is stored. When the invoice is
    addressed to someone else than the notice, the notice goes now and says where the
    invoice went; each person gets the PDF once."""
    with transaction.atomic():
        application = _lock(application.pk)
        if application.status != Application.Status.APPROVED or application.organisation_id:
            return application
        organisation = _organisation_from(application)
        application.organisation = organisation
        application.save(update_fields=["organisation", "updated_at"])
        admission_date = decision.admission_date
        if application.category == workflow.EXPERT:
            membership = Membership.objects.create(
                organisation=organisation,
                category=Membership.Category.EXPERT,
                admission_date=admission_date,
            )
        else:
            quote, manual = _quote_for(application, admission_date)
            membership = Membership.objects.create(
                organisation=organisation,
                category=quote.tier,
                admission_date=admission_date,
                tier_source=Membership.TierSource.MANUAL if manual else Membership.TierSource.RULES,
                tier_reason=_("申込審査時に事務局が設定した区分") if manual else "",
            )
        audit_log(
            actor=actor,
            action="application.organisation_created",
            target=application,
            data={
                "organisation": organisation.pk,
                "membership": membership.pk,
                "category": membership.category,
                "admission_date": admission_date.isoformat(),
            },
        )
        to, cc = _notice_recipients(application)
        notice = {
            "to": to,
            "cc": cc,
            "template_key": "application_approved",
            "purpose": "application_approved",
            "language": application.language,
            "context": {
                "addressee": _applicant_addressee(application),
                "reference": application.reference,
                "name": application.display_name,
                "admission_date": admission_date.isoformat(),
                "category": membership.category,
                "is_expert": application.category == workflow.EXPERT,
            },
        }
        if application.category == workflow.EXPERT:
            outbox_enqueue(target=application, **notice)
            return membership_issue(application=application, actor=actor)

        billing = billing_contact_for(organisation)
        addressed = {a.lower() for a in [to, *cc]}
        if billing is None or not billing.email or billing.email.lower() in addressed:
            # One e-mail: the approval notice carries the invoice, sent once it is stored.
            if billing is not None:
                notice["cc"] = [
                    a for a in [*cc, *(billing.cc_emails or [])] if a.lower() != to.lower()
                ]
            invoice = _first_invoice(
                application=application,
                organisation=organisation,
                quote=quote,
                actor=actor,
                cover_letter=notice,
            )
        else:
            # The invoice goes to the billing addressee; the notice says so.
            invoice = _first_invoice(
                application=application,
                organisation=organisation,
                quote=quote,
                actor=actor,
                cover_letter=None,
            )
            notice["context"] = {
                **invoice_mail_context(invoice, billing),
                **notice["context"],
                "invoice_sent_to": billing.addressee,
            }
            outbox_enqueue(target=application, **notice)
        application.first_invoice = invoice
        application.save(update_fields=["first_invoice", "updated_at"])
        return application_transition(
            application_id=application.pk,
            action=workflow.Action.INVOICE,
            actor=actor,
            actor_groups=SYSTEM,
            data={"invoice": invoice.number, "total": invoice.total},
        )


def application_for_invoice(invoice: Invoice) -> Application | None:
    """The application an invoice was issued for: its first invoice, or a replacement of it
    (a cancelled first invoice's replacement, however many times replaced)."""
    seen = set()
    while invoice is not None and invoice.pk not in seen:
        seen.add(invoice.pk)
        application = Application.objects.filter(first_invoice=invoice).first()
        if application is not None:
            return application
        invoice = invoice.replaces
    return None


def application_on_invoice_paid(*, invoice: Invoice, actor) -> Application | None:
    """A paid invoice (`billing.signals.invoice_paid`): the application it was issued for
    moves on by itself, to the issued membership."""
    application = application_for_invoice(invoice)
    if application is None:
        return None
    with transaction.atomic():
        application = _lock(application.pk)
        if application.status != Application.Status.INVOICED:
            return application
        application = application_transition(
            application_id=application.pk,
            action=workflow.Action.CONFIRM_PAYMENT,
            actor=actor,
            actor_groups=SYSTEM,
            data={"invoice": invoice.number},
        )
        return membership_issue(application=application, actor=actor)


def membership_issue(*, application: Application, actor) -> Application:
    """The membership is issued: the application becomes a member and the checklist runs,
    one task per item, queued after commit (and swept if the broker was down)."""
    with transaction.atomic():
        application = application_transition(
            application_id=application.pk,
            action=workflow.Action.ISSUE_MEMBERSHIP,
            actor=actor,
            actor_groups=SYSTEM,
        )
        step_ids = []
        for kind in OnboardingStep.ORDER:
            step, _created = OnboardingStep.objects.get_or_create(
                application=application,
                kind=kind,
                defaults={"organisation": application.organisation},
            )
            step_ids.append(step.pk)
        transaction.on_commit(lambda: queue_steps(step_ids))
    return application


def queue_steps(step_ids: list[int]) -> None:
    # The tasks module calls these services; importing it at the top would be a cycle.
    from members.admissions.tasks import onboarding_step_run

    for step_id in step_ids:
        try:
            onboarding_step_run.delay(step_id)
        except Exception:  # noqa: BLE001 - the sweeper runs pending steps later
            logger.warning("Could not queue onboarding step %s", step_id, exc_info=True)


def onboarding_step_run(*, step_id: int, actor=None) -> OnboardingStep:
    """Run one checklist item unless done. A failure is recorded on the step, never raised."""
    with transaction.atomic():
        step = (
            OnboardingStep.objects.select_for_update()
            .select_related("application", "organisation")
            .get(pk=step_id)
        )
        if step.status == OnboardingStep.Status.DONE:
            return step
        step.attempts += 1
        old = step.status
        try:
            with transaction.atomic():
                STEP_SERVICES[step.kind](
                    application=step.application, organisation=step.organisation, actor=actor
                )
        except Exception as exc:  # noqa: BLE001 - recorded on the step, retried from the admin
            logger.exception("Onboarding step %s (%s) failed", step.pk, step.kind)
            step.status = OnboardingStep.Status.FAILED
            step.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            step.save(update_fields=["status", "attempts", "last_error", "updated_at"])
            audit_log(
                actor=actor,
                action=f"onboarding.{step.kind}.failed",
                target=step.application,
                from_state=old,
                to_state=step.status,
                note=step.last_error,
            )
            return step
        step.status = OnboardingStep.Status.DONE
        step.done_at = timezone.now()
        step.last_error = ""
        step.save(update_fields=["status", "attempts", "last_error", "done_at", "updated_at"])
        audit_log(
            actor=actor,
            action=f"onboarding.{step.kind}",
            target=step.application,
            from_state=old,
            to_state=step.status,
        )
    return step


def onboarding_step_retry(*, step: OnboardingStep, actor) -> OnboardingStep:
    """The admin's retry button: run the item again now (a done item stays done)."""
    return onboarding_step_run(step_id=step.pk, actor=actor)


def onboarding_sweep(*, older_than_minutes: int = 2) -> int:
    """Run the items that never ran (the broker was down when they were queued)."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    ids = list(
        OnboardingStep.objects.filter(status=OnboardingStep.Status.PENDING, created_at__lte=cutoff)
        .order_by("id")
        .values_list("pk", flat=True)[:200]
    )
    for step_id in ids:
        onboarding_step_run(step_id=step_id)
    return len(ids)


def welcome_notice_send(*, application: Application, organisation: Organisation, actor=None):
    """会員資格発行のお知らせ to the member, and a notice to the secretariat."""
    organisation.refresh_from_db()
    if not organisation.member_number:
        raise OnboardingError("The member number is not assigned yet.")
    membership = organisation.memberships.order_by("-admission_date", "-id").first()
    to, cc = _notice_recipients(application)
    context = {
        "addressee": _applicant_addressee(application),
        "name": organisation.legal_name,
        "member_number": organisation.member_number,
        "category": membership.category if membership else "",
        "admission_date": membership.admission_date.isoformat() if membership else "",
        "portal_url": settings.SITE_URL + reverse("members:portal_home"),
        "is_expert": application.category == workflow.EXPERT,
    }
    outbox_enqueue(
        to=to,
        cc=cc,
        template_key="membership_issued",
        purpose="membership_issued",
        target=application,
        language=application.language,
        context=context,
    )
    outbox_enqueue(
        to=settings.SECRETARIAT_EMAIL,
        template_key="membership_issued_secretariat",
        purpose="membership_issued_secretariat",
        target=application,
        context={
            **context,
            "addressee": SECRETARIAT_ADDRESSEE,
            "reference": application.reference,
            "admin_url": settings.SITE_URL
            + reverse("admin:members_organisation_change", args=[organisation.pk]),
        },
    )


# Each checklist item calls the register's own service with what the application holds.


def step_member_number(*, application: Application, organisation: Organisation, actor):
    return member_number_assign(organisation=organisation, actor=actor)


def step_portal_accounts(*, application: Application, organisation: Organisation, actor):
    return organisation_contacts_invite(organisation=organisation, actor=actor)


def step_mailing_list(*, application: Application, organisation: Organisation, actor):
    return mailing_list_add(
        organisation=organisation, emails=application.mailing_list_emails, actor=actor
    )


def step_members_page(*, application: Application, organisation: Organisation, actor):
    return members_page_publish(
        organisation=organisation,
        consent=application.list_publicly,
        logo_name=application.logo.name if application.logo else "",
        actor=actor,
    )


STEP_SERVICES = {
    OnboardingStep.Kind.MEMBER_NUMBER: step_member_number,
    OnboardingStep.Kind.PORTAL_ACCOUNTS: step_portal_accounts,
    OnboardingStep.Kind.MAILING_LIST: step_mailing_list,
    OnboardingStep.Kind.MEMBERS_PAGE: step_members_page,
    OnboardingStep.Kind.WELCOME_NOTICE: welcome_notice_send,
}
