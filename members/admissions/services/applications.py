"""Writes for applications. One service per action: each locks the application, checks
the transition table (workflow.py), saves, writes its audit entry and queues its
e-mails through the outbox, all in one transaction. Nothing else sets `status`.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue, outbox_link
from aiga.tokens import hash_token
from aiga.uploads import clean_image
from members.admissions import workflow
from members.admissions.models import (
    AgendaItem,
    AgreementDocument,
    Application,
    ApplicationContact,
    Consent,
    draft_link_days,
)
from members.admissions.selectors.applications import (
    WITHDRAWABLE,
    duplicate_matches,
    live_quote,
    missing_consents,
    quote_snapshot,
)
from members.admissions.selectors.board import next_agenda
from members.models.particulars import PersonParticulars

SECRETARIAT_ADDRESSEE = f"{settings.ASSOCIATION['name']} 事務局 御中"
APPLICATION_FIELDS = Application.SUBMITTED_FIELDS


CONTACT_FIELDS = PersonParticulars.PERSON_FIELDS


class ApplicationError(Exception):
    """A domain error with a message for the applicant; `field` names the form field."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        self.message = message
        self.field = field
        self.code = code
        super().__init__(message)


@dataclass
class ConsentInput:
    """What the applicant agreed to on step 1: each document version and the fingerprint
    of the full text they were shown (`hashes`: id → SHA-256)."""

    document_ids: list[int]
    agreed_by_name: str
    agreed_at: datetime.datetime
    ip: str | None = None
    hashes: dict[int, str] = field(default_factory=dict)


@dataclass
class LogoInput:
    """An uploaded logo's bytes; the service checks and re-encodes them (aiga.uploads)."""

    content: bytes


def application_lock(application_id: int) -> Application:
    try:
        return Application.objects.select_for_update().get(pk=application_id)
    except Application.DoesNotExist:
        raise ApplicationError(_("お申込みが見つかりません。"), code="not_found")


def application_apply(
    application: Application,
    action: str,
    *,
    actor,
    actor_groups: Iterable[str],
    note: str = "",
    data: dict | None = None,
    now: datetime.datetime | None = None,
    extra_fields: Iterable[str] = (),
) -> Application:
    """Check the table, save the new status, audit. The caller holds the row lock."""
    old = application.status
    new = workflow.transition(old, action, actor_groups, application.category)
    application.status = new
    application.status_changed_at = now or timezone.now()
    fields = {"status", "status_changed_at", "updated_at", *extra_fields}
    application.save(update_fields=sorted(fields))
    audit_log(
        actor=actor,
        action=f"application.{action}",
        target=application,
        from_state=old,
        to_state=new,
        note=note,
        data=data,
    )
    return application


def application_transition(
    *,
    application_id: int,
    action: str,
    actor,
    actor_groups: Iterable[str],
    note: str = "",
    data: dict | None = None,
) -> Application:
    """Any action of the table, for the services of the later steps to build on.

    Raises workflow.TransitionError when the table does not allow it."""
    with transaction.atomic():
        application = application_lock(application_id)
        return application_apply(
            application, action, actor=actor, actor_groups=actor_groups, note=note, data=data
        )


def application_withdraw(
    *, application_id: int, actor, actor_groups: Iterable[str], note: str = ""
) -> Application:
    """The applicant (from the link in their acknowledgement) or the secretariat (on their
    word) withdraws an application not yet decided, with the reason. Audited; the applicant
    and the secretariat are told."""
    withdrawers = set(actor_groups)
    with transaction.atomic():
        application = application_lock(application_id)
        application.withdraw_token_hash = ""
        application_apply(
            application,
            workflow.Action.WITHDRAW,
            actor=actor,
            actor_groups=actor_groups,
            note=note,
            extra_fields=["withdraw_token_hash"],
        )
        # Off the board's agenda: there is nothing left to decide.
        AgendaItem.objects.filter(
            application=application, outcome=AgendaItem.Outcome.PENDING
        ).update(outcome=AgendaItem.Outcome.REMOVED)
        by_applicant = workflow.SECRETARIAT not in withdrawers
        context = {
            "reference": application.reference,
            "name": application.display_name,
            "reason": note,
            "by_applicant": by_applicant,
        }
        if application.applicant_email and application.submitted_at:
            outbox_enqueue(
                to=application.applicant_email,
                template_key="application_withdrawn",
                purpose="application_withdrawn",
                target=application,
                language=application.language,
                context={**context, "addressee": applicant_addressee(application)},
            )
        outbox_enqueue(
            to=settings.SECRETARIAT_EMAIL,
            template_key="application_withdrawn_secretariat",
            purpose="application_withdrawn_secretariat",
            target=application,
            context={
                **context,
                "addressee": SECRETARIAT_ADDRESSEE,
                "admin_url": settings.SITE_URL
                + reverse("admin:admissions_applicationreview_change", args=[application.pk]),
            },
        )
    return application


WITHDRAW_LINK_KIND = "application_withdraw"


def withdraw_link_issue(*, object_id: int, secret: str, now=None) -> dict:
    """The acknowledgement's withdrawal link (`aiga.outbox.register_link`): only its hash is
    kept. An application already decided gets none (the e-mail goes without the link)."""
    with transaction.atomic():
        application = Application.objects.select_for_update().filter(pk=object_id).first()
        if application is None or application.status not in WITHDRAWABLE:
            return {"withdraw_url": ""}
        application.withdraw_token_hash = hash_token(secret)
        application.save(update_fields=["withdraw_token_hash"])
    return {"withdraw_url": settings.SITE_URL + reverse("admissions:withdraw", args=[secret])}


LINK_KIND = "application_draft"


def draft_link_issue(*, object_id: int, secret: str, now=None) -> dict | None:
    """The outbox delivers a draft or correction link (`aiga.outbox.register_link`): the link
    is `secret`, of which only the hash is kept; it replaces the previous one (which stops
    working) and runs from now. None when the application is no longer the applicant's to
    edit (submitted, or the correction resubmitted)."""
    now = now or timezone.now()
    editable = (Application.Status.DRAFT, Application.Status.CORRECTION_REQUESTED)
    with transaction.atomic():
        application = Application.objects.select_for_update().filter(pk=object_id).first()
        if application is None or application.status not in editable:
            return None
        application.draft_token_hash = hash_token(secret)
        application.draft_token_expires_at = now + datetime.timedelta(days=draft_link_days())
        application.save(update_fields=["draft_token_hash", "draft_token_expires_at"])
    url = resume_url(secret)
    expires_at = application.draft_token_expires_at.isoformat()
    # Both templates' names for the one link: the draft's and the correction's.
    return {"resume_url": url, "correction_url": url, "expires_at": expires_at}


def resume_url(token: str) -> str:
    return settings.SITE_URL + reverse("admissions:resume", args=[token])


def draft_link_enqueue(application: Application, now: datetime.datetime) -> None:
    """E-mail a link to the draft. Its expiry is set now, so that later saves see a link on
    its way and only extend it; the link itself is issued when the e-mail is delivered."""
    application.draft_token_expires_at = now + datetime.timedelta(days=draft_link_days())
    outbox_enqueue(
        to=application.applicant_email,
        template_key="application_draft_link",
        purpose="application_draft_link",
        target=application,
        language=application.language,
        context={
            "addressee": applicant_addressee(application),
            "link": outbox_link(LINK_KIND, application.pk),
            "expires_at": application.draft_token_expires_at.isoformat(),
            "days": draft_link_days(),
        },
        idempotency_key=f"application_draft_link:{application.pk}:{uuid.uuid4().hex}",
    )


def application_write(
    application: Application,
    *,
    data: dict,
    contacts: list[dict],
    consent: ConsentInput | None,
    logo: LogoInput | None,
    now: datetime.datetime,
) -> None:
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    if application.category == workflow.EXPERT:
        application.corporate_number = ""
    application.save()
    if logo is not None:
        try:
            image = clean_image(logo.content)
        except ValidationError as exc:
            raise ApplicationError(exc.messages[0], code="logo", field="logo") from exc
        if application.logo:
            application.logo.delete(save=False)
        application.logo.save(
            f"application-{application.pk}-{secrets.token_hex(4)}.{image.extension}",
            ContentFile(image.content),
            save=True,
        )
    application.contacts.all().delete()
    ApplicationContact.objects.bulk_create(
        ApplicationContact(application=application, **{k: c[k] for k in CONTACT_FIELDS if k in c})
        for c in contacts
    )
    if consent is not None:
        agreed = set(application.consents.values_list("document_id", flat=True))
        documents = list(AgreementDocument.objects.filter(pk__in=consent.document_ids))
        changed = [d for d in documents if consent.hashes and consent.hashes.get(d.pk) != d.sha256]
        if changed:
            # The text was changed after it was shown: it must be read and agreed to again.
            raise ApplicationError(
                _("改定された文書があります。最新の内容をご確認のうえ、改めてご同意ください。"),
                code="consent_missing",
            )
        Consent.objects.bulk_create(
            Consent(
                application=application,
                document=document,
                agreed_at=consent.agreed_at,
                agreed_by_name=consent.agreed_by_name,
                ip=consent.ip,
                document_sha256=document.sha256,
            )
            for document in documents
            if document.pk not in agreed
        )


def application_save_draft(
    *,
    application_id: int | None,
    data: dict,
    contacts: list[dict],
    consent: ConsentInput | None = None,
    logo: LogoInput | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Application, bool]:
    """Create or update a draft. The first save e-mails a link to resume it; later saves
    keep the same link and extend it. Returns the draft and whether a link was e-mailed."""
    now = now or timezone.now()
    if not data.get("applicant_email"):
        raise ApplicationError(
            _("下書きを保存するには、申込者のメールアドレスを入力してください。"),
            field="applicant_email",
        )
    with transaction.atomic():
        if application_id:
            application = application_lock(application_id)
            if application.status != Application.Status.DRAFT:
                raise ApplicationError(
                    _("このお申込みは既に送信済みのため、下書きとして保存できません。"),
                    code="not_draft",
                )
            created = False
        else:
            if consent is None:
                raise ApplicationError(_("先にご同意事項をご確認ください。"), code="no_consent")
            application = Application(status=Application.Status.DRAFT)
            created = True
        email_changed = not created and application.applicant_email != data["applicant_email"]
        application_write(
            application, data=data, contacts=contacts, consent=consent, logo=logo, now=now
        )
        link_sent = created or email_changed or application.draft_token_expires_at is None
        if link_sent:
            # A link sent to the old address stops working now; the new one is issued when
            # the e-mail to the new address is delivered.
            application.draft_token_hash = ""
            draft_link_enqueue(application, now)
        else:
            application.draft_token_expires_at = now + datetime.timedelta(days=draft_link_days())
        application.save(update_fields=["draft_token_hash", "draft_token_expires_at"])
        audit_log(
            actor=None,
            action="application.draft_saved",
            target=application,
            to_state=application.status,
            data={"created": created, "link_sent": link_sent},
        )
    return application, link_sent


def application_send_draft_link(*, email: str, now: datetime.datetime | None = None) -> bool:
    """A new link for the latest draft of that address (the old link stops working).
    Says nothing about whether the address has a draft; returns whether one was sent."""
    now = now or timezone.now()
    email = (email or "").strip()
    if not email:
        return False
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .filter(applicant_email__iexact=email, status=Application.Status.DRAFT)
            .order_by("-updated_at")
            .first()
        )
        if application is None:
            return False
        # The old link stops working when the new one is issued, as the e-mail is delivered.
        draft_link_enqueue(application, now)
        application.save(update_fields=["draft_token_expires_at", "updated_at"])
        audit_log(actor=None, action="application.draft_link_sent", target=application)
    return True


def applicant_addressee(application: Application) -> str:
    name = application.applicant_name or ""
    if application.category == workflow.CORPORATE and application.legal_name:
        return f"{application.legal_name} {name} 様".strip()
    return f"{name} 様"


def application_summary(application: Application) -> dict:
    """What was submitted, as raw values (codes, integers, ISO dates) for the e-mails; the
    template writes it out in the language it renders (`members.emails.application_summary`)."""
    a = application
    data = {
        "reference": a.reference,
        "category": a.category,
        "legal_name": a.legal_name,
        "contacts": [
            {
                "roles": [flag for flag, _label in c.ROLE_FIELDS if getattr(c, flag)],
                "name": c.full_name,
                "kana": c.full_name_kana,
                "department": c.department,
                "title": c.title,
                "email": c.email,
                "phone": c.phone,
            }
            for c in a.contacts.all()
        ],
        "mailing_list": list(a.mailing_list_emails or []),
        "list_publicly": bool(a.list_publicly),
        "applicant": {
            "name": a.applicant_name,
            "title": a.applicant_title,
            "email": a.applicant_email,
        },
        "consents": [
            {
                "title": consent.document.title,
                "title_en": consent.document.title_en,
                "version": consent.document.version,
                "agreed_at": consent.agreed_at.isoformat(),
            }
            for consent in a.consents.select_related("document")
        ],
    }
    if a.category == workflow.CORPORATE:
        data.update(
            legal_name_kana=a.legal_name_kana,
            name_en=a.name_en,
            corporate_number=a.corporate_number,
            postal_code=a.postal_code,
            address=a.full_address,
            website=a.website,
            capital_kind=a.capital_kind,
            share_capital=a.share_capital,
            parent_name=a.parent_name if a.has_parent else "",
            parent_ratio=str(a.parent_ratio) if a.has_parent and a.parent_ratio is not None else "",
            industry=a.industry.name if a.industry else "",
            industry_en=a.industry.name_en if a.industry else "",
            ai_role=a.ai_role,
            quoted_total=a.quoted_total,
            quoted_tier=a.quoted_tier or "",
        )
    else:
        data.update(recommender=str(a.recommender or ""), expert_profile=a.expert_profile)
    return data


def _check_complete(application: Application, *, today: datetime.date) -> None:
    missing = missing_consents(application=application, today=today)
    if missing:
        raise ApplicationError(
            _("ご同意いただいていない文書があります: %(titles)s")
            % {"titles": "、".join(str(d) for d in missing)},
            code="consent_missing",
        )
    application_flag_duplicate(application, today=today)


def application_flag_duplicate(application: Application, *, today: datetime.date) -> None:
    """Note, for the secretariat, a member or an application in progress with the same
    corporate number. The applicant's answer is the same either way (no one learns from
    the form who is a member); the secretariat contacts the company."""
    organisation, other = (None, None)
    if application.category == workflow.CORPORATE:
        organisation, other = duplicate_matches(
            corporate_number=application.corporate_number, exclude_id=application.pk, today=today
        )
    application.duplicate_of_organisation = organisation
    application.duplicate_of_application = other


def application_submit(
    *,
    application_id: int | None,
    data: dict,
    contacts: list[dict],
    consent: ConsentInput | None = None,
    logo: LogoInput | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """Save the form and submit it. Everything or nothing: a refusal writes nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        if application_id:
            application = application_lock(application_id)
            if application.status != Application.Status.DRAFT:
                raise ApplicationError(_("このお申込みは既に送信済みです。"), code="not_draft")
        else:
            application = Application(status=Application.Status.DRAFT)
        application_write(
            application, data=data, contacts=contacts, consent=consent, logo=logo, now=now
        )
        _check_complete(application, today=today)
        quote, _reason = live_quote(**application.fee_inputs)
        application.quote = quote_snapshot(quote)
        application.quoted_tier = quote.tier if quote else ""
        application.quoted_total = quote.total if quote else None
        application.submitted_at = now
        application.draft_token_hash = ""
        application.draft_token_expires_at = None
        application_apply(
            application,
            workflow.Action.SUBMIT,
            actor=None,
            actor_groups=[workflow.APPLICANT],
            now=now,
            extra_fields=[
                "quote",
                "quoted_tier",
                "quoted_total",
                "submitted_at",
                "duplicate_of_organisation",
                "duplicate_of_application",
                "draft_token_hash",
                "draft_token_expires_at",
            ],
        )
        _enqueue_submission_mails(application)
    return application


def _enqueue_submission_mails(application: Application) -> None:
    summary = application_summary(application)
    context = {
        "reference": application.reference,
        "name": application.display_name,
        "category": application.category,
        "summary": summary,
        "is_expert": application.category == workflow.EXPERT,
    }
    next_meeting = next_agenda(today=timezone.localdate(application.submitted_at))
    outbox_enqueue(
        to=application.applicant_email,
        template_key="application_received",
        purpose="application_received",
        target=application,
        language=application.language,
        context={
            **context,
            "addressee": applicant_addressee(application),
            "link": outbox_link(WITHDRAW_LINK_KIND, application.pk),
            "next_meeting": next_meeting,
        },
    )
    outbox_enqueue(
        to=settings.SECRETARIAT_EMAIL,
        template_key="application_notice_secretariat",
        purpose="application_notice_secretariat",
        target=application,
        context={
            **context,
            "addressee": SECRETARIAT_ADDRESSEE,
            "admin_url": settings.SITE_URL
            + reverse("admin:admissions_application_change", args=[application.pk]),
        },
    )
