"""What the joining flow holds about a person (by e-mail) or an organisation, for the
secretariat's export (aiga.personal_data)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aiga.personal_data import Sheet, tokyo
from members.admissions.models import Application, ApplicationContact, Consent


def admissions_personal_data(*, email: str | None, organisation_id: int | None) -> list[Sheet]:
    if email:
        applications = Application.objects.filter(
            Q(applicant_email__iexact=email) | Q(contacts__email__iexact=email)
        )
    elif organisation_id:
        applications = Application.objects.filter(organisation_id=organisation_id)
    else:
        return []
    applications = list(applications.distinct().order_by("created_at"))
    ids = [a.pk for a in applications]
    contacts = ApplicationContact.objects.filter(application_id__in=ids).order_by("id")
    consents = Consent.objects.filter(application_id__in=ids).select_related("document")
    return [
        Sheet(
            _("入会申込"),
            [
                _("受付番号"),
                _("状態"),
                _("法人名"),
                _("申込者"),
                _("申込者の役職"),
                _("申込者のメールアドレス"),
                _("ご経歴・ご専門"),
                _("作成日時"),
                _("匿名化の日時"),
            ],
            [
                [
                    a.reference,
                    a.get_status_display(),
                    a.legal_name,
                    a.applicant_name,
                    a.applicant_title,
                    a.applicant_email,
                    a.expert_profile,
                    tokyo(a.created_at),
                    tokyo(a.anonymised_at),
                ]
                for a in applications
            ],
        ),
        Sheet(
            _("申込書の担当者"),
            [
                _("受付番号"),
                _("姓"),
                _("名"),
                _("セイ"),
                _("メイ"),
                _("役職"),
                _("部署"),
                _("メールアドレス"),
                _("電話番号"),
            ],
            [
                [
                    Application.reference_of(c.application_id),
                    c.family_name,
                    c.given_name,
                    c.family_name_kana,
                    c.given_name_kana,
                    c.title,
                    c.department,
                    c.email,
                    c.phone,
                ]
                for c in contacts
            ],
        ),
        Sheet(
            _("同意の記録"),
            [_("受付番号"), _("文書"), _("同意日時"), _("同意した方の氏名"), _("IPアドレス")],
            [
                [
                    Application.reference_of(c.application_id),
                    str(c.document),
                    tokyo(c.agreed_at),
                    c.agreed_by_name,
                    c.ip or "",
                ]
                for c in consents
            ],
        ),
    ]
