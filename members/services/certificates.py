"""Membership certificates: issued on a member's request, in Japanese or English, stored
once; anyone holding one may check it at /verify/<code>/."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.pdf import render_pdf
from members.models import MembershipCertificate, Organisation
from members.selectors.memberships import current_membership

CODE_BYTES = 24  # 192 bits: the code is printed, and must not be guessed


class CertificateError(Exception):
    """A certificate the rules refuse; the message is shown to the member."""


def certificate_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("members:certificate_verify", args=[code])


def certificate_issue(
    *,
    organisation: Organisation,
    language: str,
    actor,
    today: datetime.date | None = None,
) -> MembershipCertificate:
    """A certificate that `organisation` is a member today, in `language`. Refused when it is
    not a member today. The PDF is rendered after the row is stored, then kept."""
    if language not in MembershipCertificate.Language.values:
        raise CertificateError(_("証明書の言語を選んでください。"))
    today = today or timezone.localdate()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        membership = current_membership(organisation, on=today)
        if membership is None:
            raise CertificateError(
                _("現在会員ではないため、会員証明書は発行できません。事務局までご連絡ください。")
            )
        english = language == MembershipCertificate.Language.EN
        certificate = MembershipCertificate.objects.create(
            organisation=organisation,
            membership=membership,
            language=language,
            code=certificate_code(),
            holder_name=(organisation.name_en if english else "") or organisation.legal_name,
            member_number=organisation.member_number or "",
            category=membership.category,
            member_since=membership.admission_date,
            issued_at=timezone.now(),
            issued_on=today,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            action="certificate.issue",
            target=organisation,
            data={"certificate": certificate.pk, "language": language},
        )
    return certificate_render_pdf(certificate_id=certificate.pk)


def certificate_render_pdf(*, certificate_id: int) -> MembershipCertificate:
    """Render and store the PDF once (in the certificate's own language); later calls return
    the stored one."""
    certificate = MembershipCertificate.objects.get(pk=certificate_id)
    if certificate.pdf:
        return certificate
    association = settings.ASSOCIATION
    english = certificate.language == MembershipCertificate.Language.EN
    content = render_pdf(
        "members/certificate_pdf.html",
        {
            "certificate": certificate,
            "association_name": association["name_en"] if english else association["name"],
            "association_address": association["address_en"]
            if english
            else (f"〒{association['postal_code']} {association['address']}"),
            "representative": association.get(
                "representative_en" if english else "representative", ""
            ),
            "verification_url": verification_url(certificate.code),
        },
        language=certificate.language,
    )
    with transaction.atomic():
        certificate = MembershipCertificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.pdf:
            return certificate
        certificate.pdf.save(certificate.pdf_filename, ContentFile(content), save=False)
        certificate.pdf_sha256 = hashlib.sha256(content).hexdigest()
        certificate.save(update_fields=["pdf", "pdf_sha256"])
    return certificate
