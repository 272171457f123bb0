"""Reads for applications: current agreement documents, duplicates, draft links, quotes."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.tokens import hash_token
from billing.selectors import quote_for
from members.admissions import workflow
from members.admissions.models import AgreementDocument, Application, Consent
from members.models import Membership, Organisation


def current_documents(*, today: datetime.date | None = None) -> list[AgreementDocument]:
    """Per kind, the latest version in force today, in the order of AgreementDocument.Kind."""
    today = today or timezone.localdate()
    found: dict[str, AgreementDocument] = {}
    # A version without its full text never applies: nobody can agree to what they cannot read.
    rows = AgreementDocument.objects.filter(effective_date__lte=today).exclude(full_text="")
    rows = rows.order_by("kind", "-effective_date", "-id")
    for document in rows:
        found.setdefault(document.kind, document)
    return [found[kind] for kind in AgreementDocument.Kind.values if kind in found]


def missing_consents(
    *, application: Application | None, document_ids: set[int] | None = None, today=None
) -> list[AgreementDocument]:
    """Current documents that neither the application nor the pending consent covers."""
    agreed = set(document_ids or ())
    if application is not None and application.pk:
        agreed |= set(
            Consent.objects.filter(application=application).values_list("document_id", flat=True)
        )
    return [d for d in current_documents(today=today) if d.pk not in agreed]


def duplicate_matches(
    *, corporate_number: str, exclude_id: int | None = None, today=None
) -> tuple[Organisation | None, Application | None]:
    """The member with this corporate number, and another application of it in progress.
    For the secretariat only: the applicant's answer never depends on them."""
    if not corporate_number:
        return None, None
    today = today or timezone.localdate()
    membership = (
        Membership.objects.filter(organisation__corporate_number=corporate_number)
        .exclude(status=Membership.Status.ENDED)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("organisation")
        .first()
    )
    pending = Application.objects.filter(
        corporate_number=corporate_number, status__in=list(workflow.IN_PROGRESS)
    ).exclude(pk=exclude_id or 0)
    return (
        membership.organisation if membership else None,
        pending.order_by("submitted_at", "pk").first(),
    )


class DraftLinkError(Exception):
    def __init__(self, code: str):
        self.code = code  # "invalid" or "expired"
        super().__init__(code)


def draft_from_token(*, token: str, now: datetime.datetime | None = None) -> Application:
    """The application a link points to: its own only, and only until the link expires."""
    now = now or timezone.now()
    if not token or len(token) > 200:
        raise DraftLinkError("invalid")
    application = Application.objects.filter(draft_token_hash=hash_token(token)).first()
    # A link opens a draft, or an application the secretariat sent back for correction.
    editable = (Application.Status.DRAFT, Application.Status.CORRECTION_REQUESTED)
    if application is None or application.status not in editable:
        raise DraftLinkError("invalid")
    if application.draft_token_expires_at is None or application.draft_token_expires_at <= now:
        raise DraftLinkError("expired")
    return application


# What an applicant or the secretariat can still withdraw: submitted and not yet decided.
WITHDRAWABLE = (
    Application.Status.SUBMITTED,
    Application.Status.CORRECTION_REQUESTED,
    Application.Status.WITH_BOARD,
)


def withdrawable_from_token(*, token: str) -> Application | None:
    """The application a withdrawal link points to, while it can still be withdrawn."""
    if not token or len(token) > 200:
        return None
    application = Application.objects.filter(withdraw_token_hash=hash_token(token)).first()
    if application is None or application.status not in WITHDRAWABLE:
        return None
    return application


def live_quote(*, category: str, capital: int | None, parent_ratio, capital_kind: str = "plain"):
    """The fee quote (billing's rules decide the tier), or None with the reason why not."""
    if category == workflow.CORPORATE and capital_kind == "plain" and capital is None:
        return None, _("資本金を入力すると会費の見積りが表示されます。")
    try:
        quote = quote_for(
            category=category,
            capital=capital,
            parent_ratio=parent_ratio,
            capital_kind=capital_kind,
        )
    except ValueError as exc:  # includes NoScheduleError
        return None, str(exc) or _("この条件では会費を自動で判定できません。事務局が確認します。")
    return quote, ""


def quote_snapshot(quote) -> dict:
    if quote is None:
        return {}
    return {
        "tier": quote.tier,
        "half": str(quote.half),
        "fiscal_year": quote.fiscal_year,
        "admission_date": quote.admission_date.isoformat(),
        "date_basis": quote.date_basis,
        "admission_fee": quote.admission_fee,
        "annual_fee": quote.annual_fee,
        "total": quote.total,
        "reasons": [r.ja for r in quote.reasons],
    }


def organisation_consents(organisation) -> list[Consent]:
    """What the organisation's applications agreed to: each document's version, when and by
    whom, newest application first."""
    return list(
        Consent.objects.filter(application__organisation=organisation)
        .select_related("document", "application")
        .order_by("-application__submitted_at", "document__kind")
    )


def application_source(ident: str) -> tuple[str, str] | None:
    """An invoice's source 「application:<pk>」 as 「入会申込 APP-00017」 and its admin page."""
    application = Application.objects.filter(pk=int(ident)).first() if ident.isdigit() else None
    if application is None:
        return None
    label = _("入会申込 %(reference)s") % {"reference": application.reference}
    return label, reverse("admin:admissions_application_change", args=[application.pk])
