"""Steps 5 to 7 of an application: the board's approval becomes an organisation, a
membership and the first invoice; the payment moves the application on; issuing the
membership runs the onboarding checklist, one idempotent service per item.

The hooks are registered in members.review_services.ON_APPROVED and
billing.invoicing.PAID_HOOKS and run inside the caller's transaction (the rejection
notice is the review services' own).
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from members import workflow
from members.application_services import CONTACT_FIELDS, application_transition
from members.applications import Application, hash_token
from members.models import Contact, Membership, Organisation
from members.onboarding import (
    MailingListChange,
    MailingListExport,
    MemberListing,
    OnboardingStep,
    PortalInvitation,
)
from members.review_services import SECRETARIAT_ADDRESSEE

logger = logging.getLogger(__name__)

SYSTEM = [workflow.SYSTEM]


class OnboardingError(Exception):
    """A request the onboarding rules refuse; the message is shown to the user."""


def invitation_days() -> int:
    return int(getattr(settings, "PORTAL_INVITATION_DAYS", 14))


def application_source_key(application: Application) -> str:
    return f"application:{application.pk}"


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


# ---------------------------------------------------------------- step 5: the decision


def _organisation_from(application: Application) -> Organisation:
    a = application
    if a.category == workflow.CORPORATE:
        organisation = None
        if a.corporate_number:
            organisation = Organisation.objects.filter(corporate_number=a.corporate_number).first()
        organisation = organisation or Organisation(kind=Organisation.Kind.CORPORATE)
        organisation.legal_name = a.legal_name
        organisation.legal_name_kana = a.legal_name_kana
        organisation.name_en = a.name_en
        organisation.corporate_number = a.corporate_number
        organisation.postal_code = a.postal_code
        organisation.prefecture = a.prefecture
        organisation.address = f"{a.city}{a.address_line}"
        organisation.industry = a.industry
        organisation.website = a.website
        organisation.capital_kind = a.capital_kind
        organisation.share_capital = a.share_capital
        organisation.has_parent = a.has_parent
        organisation.parent_name = a.parent_name
        organisation.parent_ratio = a.parent_ratio
        organisation.ai_role = a.ai_role
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
        Contact.objects.create(
            organisation=organisation, **{f: getattr(source, f) for f in CONTACT_FIELDS}
        )
    return organisation


def _quote_for(application: Application, admission_date: datetime.date):
    """The fee quote on the admission date; the tier the secretariat set if rules cannot."""
    from billing.selectors import quote_for

    kwargs = dict(**application.fee_inputs, admission_date=admission_date)
    try:
        return quote_for(**kwargs), False
    except ValueError:
        if not application.quoted_tier:
            raise OnboardingError(
                _("会費区分を判定できません。申込内容の資本金または区分を確認してください。")
            )
        return quote_for(**kwargs, manual_tier=application.quoted_tier), True


def _billing_contact(organisation: Organisation) -> Contact | None:
    contacts = organisation.contacts.order_by("id")
    return contacts.filter(is_billing_contact=True).first() or contacts.first()


def _first_invoice(
    *, application: Application, organisation: Organisation, quote, actor, cover_letter
):
    from billing.invoicing import fee_invoice_subject, invoice_issue_new, lines_for_quote

    return invoice_issue_new(
        organisation=organisation,
        lines=lines_for_quote(quote),
        subject=fee_invoice_subject(quote.fiscal_year),
        actor=actor,
        billing_contact=_billing_contact(organisation),
        source_key=application_source_key(application),
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

        billing = _billing_contact(organisation)
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
            from billing.invoicing import invoice_mail_context  # billing imports members

            notice["context"] = {
                **invoice_mail_context(invoice, billing),
                **notice["context"],
                "invoice_sent_to": billing.addressee,
            }
            outbox_enqueue(target=application, **notice)
        return application_transition(
            application_id=application.pk,
            action=workflow.Action.INVOICE,
            actor=actor,
            actor_groups=SYSTEM,
            data={"invoice": invoice.number, "total": invoice.total},
        )


# ---------------------------------------------------------------- step 6: the payment


def application_on_invoice_paid(*, invoice, actor) -> Application | None:
    """Hook of a paid invoice: the application it was issued for moves on by itself."""
    if not invoice.source_key.startswith("application:"):
        return None
    try:
        application_id = int(invoice.source_key.split(":", 1)[1])
    except ValueError:
        return None
    with transaction.atomic():
        application = Application.objects.select_for_update().filter(pk=application_id).first()
        if application is None or application.status != Application.Status.INVOICED:
            return application
        application = application_transition(
            application_id=application.pk,
            action=workflow.Action.CONFIRM_PAYMENT,
            actor=actor,
            actor_groups=SYSTEM,
            data={"invoice": invoice.number},
        )
        return membership_issue(application=application, actor=actor)


# ---------------------------------------------------------------- step 7: the membership


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
    from members.tasks import onboarding_step_run

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


# ---------------------------------------------------------------- the checklist items


def _format_member_number(n: int) -> str:
    return f"AIGA-{n:04d}"


def member_number_assign(*, organisation: Organisation, actor=None, **_ignored) -> str:
    """The next free member number, once and for ever. Serialised by a lock."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.member_number:
            return organisation.member_number
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x41494741])  # "AIGA"
        used = Organisation.objects.exclude(member_number__isnull=True).values_list(
            "member_number", flat=True
        )
        highest = max((int(n.split("-", 1)[1]) for n in used if n), default=0)
        organisation.member_number = _format_member_number(highest + 1)
        organisation.save(update_fields=["member_number", "updated_at"])
        audit_log(
            actor=actor,
            action="organisation.member_number",
            target=organisation,
            to_state=organisation.member_number,
        )
    return organisation.member_number


def invitation_url(raw: str) -> str:
    return settings.SITE_URL + reverse("onboarding:invitation", args=[raw])


def invitation_create(*, contact: Contact, actor=None, now=None) -> tuple[PortalInvitation, str]:
    """A new one-time link for the contact; earlier unused links stop working."""
    now = now or timezone.now()
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        PortalInvitation.objects.filter(contact=contact, used_at__isnull=True).update(
            expires_at=now
        )
        invitation = PortalInvitation.objects.create(
            contact=contact,
            email=contact.email,
            token_hash=hash_token(raw),
            expires_at=now + datetime.timedelta(days=invitation_days()),
        )
        organisation = contact.organisation
        outbox_enqueue(
            to=contact.email,
            template_key="portal_invitation",
            purpose="portal_invitation",
            target=invitation,
            context={
                "addressee": contact.addressee,
                "organisation": organisation.legal_name,
                "member_number": organisation.member_number or "",
                "invitation_url": invitation_url(raw),
                "expires_at": invitation.expires_at.isoformat(),
                "days": invitation_days(),
            },
        )
        audit_log(actor=actor, action="portal.invitation", target=contact, note=contact.email)
    return invitation, raw


def portal_accounts_invite(*, organisation: Organisation, actor=None, **_ignored) -> int:
    """Invite each contact with an address who has no log-in and no open invitation."""
    now = timezone.now()
    sent, seen = 0, set()
    for contact in organisation.contacts.order_by("id"):
        email = (contact.email or "").lower()
        if not email or email in seen or contact.user_id:
            continue
        seen.add(email)
        if contact.invitations.filter(used_at__isnull=True, expires_at__gt=now).exists():
            continue
        invitation_create(contact=contact, actor=actor, now=now)
        sent += 1
    return sent


class InvitationError(OnboardingError):
    pass


def invitation_for_token(raw: str, *, now=None) -> PortalInvitation:
    now = now or timezone.now()
    invitation = (
        PortalInvitation.objects.select_related("contact__organisation")
        .filter(token_hash=hash_token(raw or ""))
        .first()
    )
    if invitation is None:
        raise InvitationError(_("このリンクは無効です。"))
    if invitation.used_at is not None:
        raise InvitationError(
            _("このリンクは既に使用されています。ログイン画面からログインしてください。")
        )
    if invitation.expires_at <= now:
        raise InvitationError(
            _("このリンクの有効期限が切れています。事務局に新しい招待をご依頼ください。")
        )
    return invitation


def invitation_accept(*, raw: str, password: str, now=None):
    """Use the link once: create (or link) the contact's user with the new password."""
    now = now or timezone.now()
    User = get_user_model()
    with transaction.atomic():
        invitation = invitation_for_token(raw, now=now)
        invitation = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable(now):
            raise InvitationError(_("このリンクは既に使用されています。"))
        contact = Contact.objects.select_for_update().get(pk=invitation.contact_id)
        user = contact.user
        if user is None:
            user = User.objects.filter(email__iexact=contact.email).first()
            if user is not None and Contact.objects.filter(user=user).exists():
                raise InvitationError(
                    _(
                        "このメールアドレスは別の会員のログインに使われています。事務局にご連絡ください。"
                    )
                )
            if user is None:
                user = User.objects.create_user(email=contact.email, full_name=contact.full_name)
            contact.user = user
            contact.save(update_fields=["user"])
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        audit_log(actor=user, action="portal.invitation_accepted", target=contact)
    return user


def mailing_list_add(
    *, application: Application, organisation: Organisation, actor=None, **_i
) -> int:
    """The application's mailing-list addresses join the list (each once)."""
    added = 0
    on_list = set()
    for change in organisation.mailing_list_changes.order_by("id"):
        if change.action == MailingListChange.Action.ADD:
            on_list.add(change.email.lower())
        else:
            on_list.discard(change.email.lower())
    for email in application.mailing_list_emails or []:
        email = (email or "").strip()
        if not email or email.lower() in on_list:
            continue
        MailingListChange.objects.create(
            organisation=organisation, email=email, action=MailingListChange.Action.ADD
        )
        on_list.add(email.lower())
        added += 1
    audit_log(actor=actor, action="mailing_list.add", target=organisation, data={"added": added})
    return added


CSV_HEADER = ["変更", "メールアドレス", "会員番号", "会員名", "登録日時"]


def mailing_list_export(*, actor) -> MailingListExport | None:
    """A CSV of every change not exported yet; None when nothing changed."""
    with transaction.atomic():
        changes = list(
            MailingListChange.objects.select_for_update()
            .filter(export__isnull=True)
            .select_related("organisation")
            .order_by("created_at", "id")
        )
        if not changes:
            return None
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_HEADER)
        for change in changes:
            writer.writerow(
                [
                    change.action,
                    change.email,
                    change.organisation.member_number or "",
                    change.organisation.legal_name,
                    timezone.localtime(change.created_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
        export = MailingListExport(
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            row_count=len(changes),
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        # UTF-8 with BOM so that Excel opens the Japanese names correctly.
        export.file.save(
            f"mailing-list-{stamp}.csv",
            ContentFile(("\ufeff" + buffer.getvalue()).encode("utf-8")),
            save=False,
        )
        export.save()
        MailingListChange.objects.filter(pk__in=[c.pk for c in changes]).update(export=export)
        audit_log(
            actor=actor, action="mailing_list.export", target=export, data={"rows": len(changes)}
        )
    return export


def members_page_publish(*, application: Application, organisation: Organisation, actor=None, **_i):
    """Name and logo on the public members' page, only with the company's consent."""
    listing, _created = MemberListing.objects.get_or_create(
        organisation=organisation, defaults={"display_name": organisation.legal_name}
    )
    listing.display_name = organisation.legal_name
    listing.website = organisation.website
    if application.logo and not listing.logo:
        listing.logo.name = application.logo.name
    listing.is_listed = bool(application.list_publicly)
    listing.listed_at = (listing.listed_at or timezone.now()) if listing.is_listed else None
    listing.save()
    audit_log(
        actor=actor,
        action="members_page.publish",
        target=organisation,
        to_state="listed" if listing.is_listed else "not_listed",
    )
    return listing


def welcome_notice_send(*, application: Application, organisation: Organisation, actor=None, **_i):
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


STEP_SERVICES = {
    OnboardingStep.Kind.MEMBER_NUMBER: member_number_assign,
    OnboardingStep.Kind.PORTAL_ACCOUNTS: portal_accounts_invite,
    OnboardingStep.Kind.MAILING_LIST: mailing_list_add,
    OnboardingStep.Kind.MEMBERS_PAGE: members_page_publish,
    OnboardingStep.Kind.WELCOME_NOTICE: welcome_notice_send,
}
