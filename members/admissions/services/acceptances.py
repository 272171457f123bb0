"""Members accepting a new version of a document they must accept, and the secretariat's
reminder to those who have not."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from members.admissions.models import AgreementDocument, MemberAcceptance
from members.admissions.selectors.acceptances import (
    organisation_pending_documents,
    organisations_not_accepted,
)
from members.models import Contact, Organisation
from members.selectors.organisations import representative_contact

REMINDER_TEMPLATE = "admissions.document_acceptance_reminder"


class AcceptanceError(Exception):
    """An acceptance the rules refuse; the message is shown to the member."""


def member_representative(organisation: Organisation, user) -> Contact | None:
    """The user's contact record when it is the organisation's active 会員代表者."""
    return representative_contact(organisation, user)


def document_accept(
    *,
    organisation: Organisation,
    document: AgreementDocument,
    actor,
    today: datetime.date | None = None,
) -> MemberAcceptance:
    """The 会員代表者 accepts, for the organisation, a version it is asked to accept. A
    second acceptance of the same version returns the first."""
    contact = member_representative(organisation, actor)
    if contact is None:
        raise AcceptanceError(_("同意できるのは会員代表者の方のみです。"))
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        existing = MemberAcceptance.objects.filter(
            organisation=organisation, document=document
        ).first()
        if existing is not None:
            return existing
        if document.pk not in {
            d.pk for d in organisation_pending_documents(organisation, today=today)
        }:
            raise AcceptanceError(_("この文書は現在、同意をお願いしているものではありません。"))
        acceptance = MemberAcceptance.objects.create(
            organisation=organisation,
            document=document,
            accepted_at=timezone.now(),
            accepted_by=actor,
            accepted_by_name=contact.full_name,
            document_sha256=document.sha256,
        )
        audit_log(
            actor=actor,
            action="agreement.member_accept",
            target=organisation,
            data={"document": document.pk, "kind": document.kind, "version": document.version},
        )
    return acceptance


def portal_url() -> str:
    return settings.SITE_URL + reverse("admissions_portal:agreements")


def document_remind(
    *, document: AgreementDocument, actor, today: datetime.date | None = None
) -> int:
    """E-mail the 会員代表者 of every member that has not accepted `document` yet, through
    the outbox. Returns how many organisations were reminded. One reminder per member and
    day: a second click the same day sends nothing more."""
    today = today or timezone.localdate()
    if not document.members_must_accept:
        raise AcceptanceError(_("この文書は会員に同意を求める文書ではありません。"))
    reminded = 0
    with transaction.atomic():
        for organisation in organisations_not_accepted(document, today=today):
            representatives = list(
                organisation.contacts.filter(is_member_representative=True, is_active=True)
            )
            if not representatives:
                continue
            for contact in representatives:
                user = contact.user
                outbox_enqueue(
                    to=contact.email,
                    template_key=REMINDER_TEMPLATE,
                    purpose=REMINDER_TEMPLATE,
                    target=organisation,
                    language=getattr(user, "language", "ja") or "ja",
                    idempotency_key=(
                        f"{REMINDER_TEMPLATE}:{document.pk}:{contact.pk}:{today.isoformat()}"
                    ),
                    context={
                        "addressee": contact.addressee,
                        "organisation": organisation.legal_name,
                        "document_title": document.title,
                        "document_title_en": document.title_en,
                        "version": document.version,
                        "effective_date": document.effective_date.isoformat(),
                        "portal_url": portal_url(),
                    },
                )
            reminded += 1
        audit_log(
            actor=actor,
            action="agreement.remind",
            target=document,
            data={"reminded": reminded, "on": today.isoformat()},
        )
    return reminded
