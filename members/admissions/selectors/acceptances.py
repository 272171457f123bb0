"""Which members have accepted the documents members must accept, and which have not.

A member has accepted a version when its 会員代表者 accepted it in the portal, or when the
company agreed to that very version when it joined."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from members.admissions.models import AgreementDocument, Consent, MemberAcceptance
from members.admissions.selectors.applications import current_documents
from members.models import Organisation
from members.selectors.memberships import current_members


def documents_to_accept(*, today: datetime.date | None = None) -> list[AgreementDocument]:
    """The versions in force today that members are asked to accept."""
    return [doc for doc in current_documents(today=today) if doc.members_must_accept]


def _accepted_ids(organisation: Organisation) -> set[int]:
    joined = Consent.objects.filter(application__organisation=organisation).values_list(
        "document_id", flat=True
    )
    accepted = MemberAcceptance.objects.filter(organisation=organisation).values_list(
        "document_id", flat=True
    )
    return set(joined) | set(accepted)


def organisation_pending_documents(
    organisation: Organisation, *, today: datetime.date | None = None
) -> list[AgreementDocument]:
    """The versions the organisation is asked to accept and has not (members only)."""
    documents = documents_to_accept(today=today)
    if not documents or not current_members(on=today).filter(pk=organisation.pk).exists():
        return []
    done = _accepted_ids(organisation)
    return [doc for doc in documents if doc.pk not in done]


def organisation_acceptances(organisation: Organisation) -> list[MemberAcceptance]:
    """The versions the organisation accepted as a member, newest first."""
    return list(
        MemberAcceptance.objects.filter(organisation=organisation)
        .select_related("document")
        .order_by("-accepted_at", "-id")
    )


@dataclass(frozen=True)
class AcceptanceRow:
    organisation: Organisation
    accepted_at: datetime.datetime | None
    accepted_by_name: str
    how: str  # "portal", "joining" or "" (not yet)


def document_acceptance_rows(
    document: AgreementDocument, *, today: datetime.date | None = None
) -> list[AcceptanceRow]:
    """Every current member with whether (and when, by whom) it accepted `document`: those
    who have not first, then by name. Three queries whatever the number of members."""
    today = today or timezone.localdate()
    members = list(current_members(on=today).order_by("legal_name_kana", "legal_name", "pk"))
    accepted = {
        row.organisation_id: row for row in MemberAcceptance.objects.filter(document=document)
    }
    joined = {
        consent.application.organisation_id: consent
        for consent in Consent.objects.filter(
            document=document, application__organisation__isnull=False
        ).select_related("application")
    }
    rows = []
    for organisation in members:
        if organisation.pk in accepted:
            row = accepted[organisation.pk]
            rows.append(
                AcceptanceRow(organisation, row.accepted_at, row.accepted_by_name, "portal")
            )
        elif organisation.pk in joined:
            consent = joined[organisation.pk]
            rows.append(
                AcceptanceRow(organisation, consent.agreed_at, consent.agreed_by_name, "joining")
            )
        else:
            rows.append(AcceptanceRow(organisation, None, "", ""))
    return sorted(rows, key=lambda row: bool(row.how))


def organisations_not_accepted(
    document: AgreementDocument, *, today: datetime.date | None = None
) -> list[Organisation]:
    return [
        row.organisation for row in document_acceptance_rows(document, today=today) if not row.how
    ]
