"""Applications for membership (入会申込), the documents applicants agree to, and the
officers who recommend experts.

The status only changes through services/applications.py, following the pure
table in workflow.py.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aiga.uploads import ImageUpload
from members import choices
from members.admissions import workflow
from members.models import Officer
from members.models.particulars import CompanyParticulars, PersonParticulars


def text_sha256(text: str) -> str:
    """The fingerprint of a document's full text ("" for none), kept with each consent."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""


class AgreementDocument(models.Model):
    """One version of a document an applicant agrees to. New versions are added, never edited
    into old ones, so what an earlier application agreed to stays as it was."""

    class Kind(models.TextChoices):
        ACTION_AGENDA = "action_agenda", _("AIガバナンス行動目標 共同宣言")
        ARTICLES = "articles", _("定款")
        MEMBERSHIP_RULES = "membership_rules", _("会員規程")
        CONFIDENTIALITY = "confidentiality", _("秘密保持誓約")
        PRIVACY = "privacy", _("個人情報保護方針")
        ANTISOCIAL = "antisocial", _("反社会的勢力排除に関する誓約")

    kind = models.CharField(_("種類"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("表題"), max_length=200)
    version = models.CharField(_("版"), max_length=20)
    text = models.TextField(_("要旨（同意欄に表示）"), blank=True)
    title_en = models.CharField(_("表題（英語）"), max_length=200, blank=True)
    text_en = models.TextField(
        _("要旨（英語）"), blank=True, help_text=_("参考訳。日本語版が正本です。")
    )
    full_text = models.TextField(
        _("全文"),
        blank=True,
        help_text=_("申込者が同意の前に読む文書の全文です。全文のない版は適用されません。"),
    )
    full_text_en = models.TextField(
        _("全文（英語）"), blank=True, help_text=_("参考訳。日本語版が正本です。")
    )
    sha256 = models.CharField(_("全文のSHA-256"), max_length=64, blank=True, editable=False)
    url = models.URLField(_("リンク"), blank=True)
    effective_date = models.DateField(_("施行日"))
    members_must_accept = models.BooleanField(
        _("会員にも同意を求める"),
        default=False,
        help_text=_(
            "この版を、すでに入会している会員にも同意していただく文書（定款・会員規程・"
            "AIガバナンス行動目標など）。施行日から、会員代表者に会員ページで同意をお願いします。"
        ),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("同意事項の文書")
        verbose_name_plural = _("同意事項の文書")
        ordering = ["kind", "-effective_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version"], name="agreement_kind_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.title}（第{self.version}版）"

    def save(self, *args, **kwargs):
        self.sha256 = text_sha256(self.full_text)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sha256"}
        super().save(*args, **kwargs)

    @property
    def localized_full_text(self) -> str:
        english = (get_language() or "ja").startswith("en")
        return self.full_text_en if english and self.full_text_en else self.full_text

    @property
    def localized_title(self) -> str:
        """The English title for English readers where there is one; the Japanese is binding."""
        english = (get_language() or "ja").startswith("en")
        return self.title_en if english and self.title_en else self.title

    @property
    def localized_text(self) -> str:
        english = (get_language() or "ja").startswith("en")
        return self.text_en if english and self.text_en else self.text


def logo_upload_to(instance, filename):
    return f"logos/{filename}"


class Application(CompanyParticulars):
    """One application from its first draft to the issued membership."""

    class Status(models.TextChoices):
        DRAFT = workflow.Status.DRAFT, _("下書き")
        SUBMITTED = workflow.Status.SUBMITTED, _("申込受付")
        CORRECTION_REQUESTED = workflow.Status.CORRECTION_REQUESTED, _("補正依頼中")
        WITH_BOARD = workflow.Status.WITH_BOARD, _("理事会審査中")
        APPROVED = workflow.Status.APPROVED, _("承認")
        REJECTED = workflow.Status.REJECTED, _("不承認")
        INVOICED = workflow.Status.INVOICED, _("請求済み")
        PAID = workflow.Status.PAID, _("入金確認済み")
        MEMBER = workflow.Status.MEMBER, _("会員資格発行済み")
        WITHDRAWN = workflow.Status.WITHDRAWN, _("取下げ")

    Category = choices.MemberKind

    status = models.CharField(
        _("状態"), max_length=30, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    category = models.CharField(
        _("会員種別"), max_length=20, choices=Category.choices, default=Category.CORPORATE
    )
    language = models.CharField(_("言語"), max_length=8, default="ja")

    # What the applicant submits (the form, the service, the review's diff and the e-mail copy
    # all go by this one list): the company's particulars and these.
    SUBMITTED_FIELDS = (
        "category",
        "language",
        *CompanyParticulars.COMPANY_FIELDS,
        "city",
        "address_line",
        "recommender",
        "expert_profile",
        "mailing_list_emails",
        "list_publicly",
        "applicant_name",
        "applicant_title",
        "applicant_email",
        "authorised",
    )

    # The company (CompanyParticulars) — for an expert, legal_name is the affiliation.
    legal_name = models.CharField(_("法人名（正式名称）"), max_length=200, blank=True)
    city = models.CharField(_("市区町村"), max_length=100, blank=True)
    address_line = models.CharField(_("町名・番地・建物名"), max_length=300, blank=True)

    # An expert.
    recommender = models.ForeignKey(
        Officer,
        verbose_name=_("推薦する理事・監事"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommended_applications",
    )
    expert_profile = models.TextField(_("ご経歴・ご専門"), blank=True)

    # The members' page and mailing list.
    mailing_list_emails = models.JSONField(
        _("メーリングリスト登録アドレス"), default=list, blank=True
    )
    list_publicly = models.BooleanField(_("会員一覧ページへの掲載に同意"), default=False)
    logo = ImageUpload(_("ロゴ"), upload_to=logo_upload_to, blank=True)

    # Who applies.
    applicant_name = models.CharField(_("申込者氏名"), max_length=100, blank=True)
    applicant_title = models.CharField(_("申込者の役職"), max_length=100, blank=True)
    applicant_email = models.EmailField(_("申込者のメールアドレス"), blank=True)
    authorised = models.BooleanField(_("申込権限の表明"), default=False)

    # The quote when submitted (the tier is decided by the fee rules, never picked).
    quoted_tier = models.CharField(_("見積りの会員区分"), max_length=20, blank=True)
    quoted_total = models.PositiveIntegerField(_("見積り金額（円）"), null=True, blank=True)
    quote = models.JSONField(_("見積り"), default=dict, blank=True)

    # Resuming a draft: only the hash of the e-mailed token is kept.
    draft_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    draft_token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Withdrawing: the link in the acknowledgement e-mail (its hash only), until decided.
    withdraw_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    first_invoice = models.OneToOneField(
        "billing.Invoice",
        verbose_name=_("最初の請求書（入会費・年会費）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )
    # The same company already a member, or already applying: the applicant is told nothing
    # (that would reveal who is a member); the secretariat sees it and contacts them.
    duplicate_of_organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("同じ法人番号の会員"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_of_application = models.ForeignKey(
        "self",
        verbose_name=_("同じ法人番号の手続中の申込"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("申込日時"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("状態の更新日時"), default=timezone.now)
    # A rejected or withdrawn application's personal data is anonymised PRIVACY_RETENTION_DAYS
    # after its last change (members.admissions.services.privacy).
    anonymised_at = models.DateTimeField(_("匿名化の日時"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("入会申込")
        verbose_name_plural = _("入会申込")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent_ratio__isnull=True)
                | (Q(parent_ratio__gte=0) & Q(parent_ratio__lte=100)),
                name="application_parent_ratio_range",
            ),
        ]

    @property
    def possible_duplicate(self) -> bool:
        return bool(self.duplicate_of_organisation_id or self.duplicate_of_application_id)

    def __str__(self):
        name = self.display_name or _("（名称未入力）")
        return f"{name} [{self.get_status_display()}]"

    @property
    def fee_inputs(self) -> dict:
        """What the fee rules decide the tier from (billing.fees.calculate_fee's figures)."""
        return {
            "category": self.category,
            "capital": self.share_capital,
            "parent_ratio": self.parent_ratio if self.has_parent else None,
            "capital_kind": self.capital_kind,
        }

    @property
    def reference(self) -> str:
        return self.reference_of(self.pk)

    @staticmethod
    def reference_of(pk: int | None) -> str:
        """The reference people quote (APP-00017), from an id alone."""
        return f"APP-{pk:05d}" if pk else ""

    @property
    def display_name(self) -> str:
        if self.category == self.Category.EXPERT:
            rep = self.member_representative
            return rep.full_name if rep else self.applicant_name
        return self.legal_name

    @property
    def full_address(self) -> str:
        return f"{self.prefecture}{self.city}{self.address_line}"

    @property
    def member_representative(self):
        return next((c for c in self.contacts.all() if c.is_member_representative), None)


class ApplicationContact(PersonParticulars):
    """A person named in the application, with the roles the form gave them."""

    application = models.ForeignKey(
        Application, verbose_name=_("入会申込"), on_delete=models.CASCADE, related_name="contacts"
    )

    class Meta:
        verbose_name = _("申込の担当者")
        verbose_name_plural = _("申込の担当者")
        ordering = ["application", "id"]

    def __str__(self):
        return self.full_name


class Consent(models.Model):
    """Which version of which document was agreed to, when and by whom."""

    application = models.ForeignKey(
        Application, verbose_name=_("入会申込"), on_delete=models.CASCADE, related_name="consents"
    )
    document = models.ForeignKey(
        AgreementDocument, verbose_name=_("文書"), on_delete=models.PROTECT, related_name="consents"
    )
    agreed_at = models.DateTimeField(_("同意日時"))
    agreed_by_name = models.CharField(_("同意した方の氏名"), max_length=100)
    ip = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)
    document_sha256 = models.CharField(_("同意した全文のSHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("同意記録")
        verbose_name_plural = _("同意記録")
        ordering = ["application", "document__kind", "agreed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "document"], name="consent_once_per_document_version"
            )
        ]

    def __str__(self):
        return f"{self.document} — {self.agreed_by_name}"


# Settings are read lazily by the services; kept here so the expiry has one home.
def draft_link_days() -> int:
    return int(getattr(settings, "APPLICATION_DRAFT_LINK_DAYS", 14))
