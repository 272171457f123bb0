"""Organisations, their memberships over time, their people, and the users who log in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, Group, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import (
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register as register_history
from simple_history.models import HistoricalRecords

from aiga.files import get_private_storage
from aiga.uploads import DocumentUpload
from members import choices
from members.models.particulars import (  # noqa: F401 - the migrations name them here
    CompanyParticulars,
    PersonParticulars,
    corporate_number_validator,
)
from members.models.particulars import (  # noqa: F401 - the migrations name it here
    email_list_validator as _email_list_validator,
)


class UserManager(DjangoUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, by e-mail address."""

    email = models.EmailField(_("メールアドレス"), unique=True)
    full_name = models.CharField(_("氏名"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("管理画面へのアクセス"),
        default=False,
        help_text=_("事務局の職員は管理画面にログインできます。"),
    )
    is_active = models.BooleanField(_("有効"), default=True)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)
    language = models.CharField(
        _("表示言語"), max_length=8, choices=settings.LANGUAGES, default="ja"
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    # Who was given which role, and when; the password hash and log-in times are not kept.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    class Meta:
        verbose_name = _("ユーザー")
        verbose_name_plural = _("ユーザー")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class Industry(models.Model):
    """The list of industries that the secretariat maintains."""

    name = models.CharField(_("業種名"), max_length=100, unique=True)
    name_en = models.CharField(_("業種名（英語）"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("選択可能"), default=True)

    class Meta:
        verbose_name = _("業種")
        verbose_name_plural = _("業種")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


member_number_validator = RegexValidator(r"^AIGA-\d{4,}$", _("会員番号は AIGA-0001 の形式です。"))


class Organisation(CompanyParticulars):
    """A member company, or the individual behind an expert membership."""

    class Kind(models.TextChoices):
        CORPORATE = "corporate", _("法人")
        INDIVIDUAL = "individual", _("個人（有識者）")

    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices, default=Kind.CORPORATE)
    legal_name = models.CharField(_("名称（正式名称）"), max_length=200)
    address = models.CharField(_("住所（市区町村以下）"), max_length=300, blank=True)
    member_number = models.CharField(
        _("会員番号"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        validators=[member_number_validator],
        help_text=_("初めて会員資格を発行したときに付番され、変わりません。"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会員組織")
        verbose_name_plural = _("会員組織")
        ordering = ["legal_name_kana", "legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=~Q(corporate_number=""),
                name="organisation_corporate_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(parent_ratio__isnull=True)
                | (Q(parent_ratio__gte=0) & Q(parent_ratio__lte=100)),
                name="organisation_parent_ratio_range",
            ),
        ]

    def __str__(self):
        return self.legal_name

    @property
    def full_address(self) -> str:
        return f"{self.prefecture}{self.address}"

    @property
    def is_corporate(self) -> bool:
        return self.kind == self.Kind.CORPORATE


class Membership(models.Model):
    """One row per membership period. Rows are added, never overwritten."""

    Category = choices.Tier

    class TierSource(models.TextChoices):
        RULES = "rules", _("会費の表の基準による判定")
        MANUAL = "manual", _("事務局による手動設定")

    class Status(models.TextChoices):
        ACTIVE = "active", _("有効")
        SUSPENDED = "suspended", _("停止中")
        ENDED = "ended", _("終了")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("会員組織"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    category = models.CharField(_("会員区分"), max_length=20, choices=choices.Tier.choices)
    tier_source = models.CharField(
        _("区分の決定方法"), max_length=20, choices=TierSource.choices, default=TierSource.RULES
    )
    tier_reason = models.TextField(
        _("手動設定の理由"),
        blank=True,
        help_text=_("事務局が区分を手動で設定したときの理由（資本金のない法人など）。"),
    )
    admission_date = models.DateField(_("入会日"))
    end_date = models.DateField(_("終了日"), null=True, blank=True)
    issued_at = models.DateTimeField(
        _("会員資格の発行日時"),
        null=True,
        blank=True,
        help_text=_("会費の入金を確認し、会員番号を付与した日時。空欄の間は会員として数えません。"),
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会員資格")
        verbose_name_plural = _("会員資格")
        ordering = ["-admission_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("admission_date")),
                name="membership_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(tier_source="manual") | ~Q(tier_reason=""),
                name="membership_manual_tier_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} / {self.get_category_display()} ({self.admission_date})"

    @property
    def tier(self) -> str:
        return self.category

    @property
    def is_regular_member(self) -> bool:
        """正会員 (either tier) as opposed to 有識者会員."""
        return self.category in (self.Category.REGULAR, self.Category.SMB)

    @property
    def votes(self) -> int:
        """Votes at the general assembly: one per regular or SMB member, none for experts."""
        return 1 if self.is_regular_member else 0


class Contact(PersonParticulars):
    """A person of an organisation, optionally linked to a user, holding one or more roles."""

    ROLE_FIELDS = (
        *PersonParticulars.ROLE_FIELDS,
        ("is_navi_respondent", _("ナビ回答者")),
        ("is_event_participant", _("イベント参加者")),
    )

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("会員組織"), on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ログインユーザー"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact",
    )
    given_name = models.CharField(_("名"), max_length=50)
    email = models.EmailField(_("メールアドレス"))
    is_navi_respondent = models.BooleanField(_("ナビ回答者"), default=False)
    is_event_participant = models.BooleanField(_("イベント参加者"), default=False)
    is_active = models.BooleanField(
        _("在籍"), default=True, help_text=_("退任・異動した方は削除せず、在籍を外します。")
    )
    # What a large company's 経理部 asks of the invoices addressed to this contact; each
    # invoice keeps them as they were when it was issued.
    invoice_postal_address = models.TextField(
        _("請求書送付先住所"),
        blank=True,
        help_text=_(
            "請求書の送付先が会社の住所と異なるとき（〒から）。請求書の宛名の上に印字します。"
        ),
    )
    paper_invoice_required = models.BooleanField(
        _("紙の請求書の要否"),
        default=False,
        help_text=_("チェックすると、PDFに加えて紙の請求書（原本）を郵送します。"),
    )
    purchase_order_number = models.CharField(
        _("発注番号"),
        max_length=50,
        blank=True,
        help_text=_("会員の社内の発注番号。請求書に印字します。"),
    )

    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    # When the person left (在籍 off); PRIVACY_RETENTION_DAYS later their particulars are
    # anonymised (members.services.privacy).
    left_at = models.DateTimeField(_("退任・異動の日時"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("匿名化の日時"), null=True, blank=True, editable=False)
    # The mail provider reported that e-mail to this address did not arrive (a bounce):
    # the secretariat checks the address with the company (members.services.bounces).
    email_bounced_at = models.DateTimeField(
        _("メール不達の日時"), null=True, blank=True, editable=False
    )
    email_bounce_reason = models.CharField(
        _("メール不達の理由"), max_length=300, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("担当者")
        verbose_name_plural = _("担当者")
        ordering = ["organisation", "id"]
        constraints = [
            # The 会員代表者 is one person; the services refuse to leave the role empty.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_member_representative=True, is_active=True),
                name="contact_one_member_representative",
                violation_error_message=_("会員代表者は1組織につき1名です。"),
            ),
        ]

    def __str__(self):
        return f"{self.full_name}（{self.organisation}）"

    @property
    def addressee(self) -> str:
        """The Japanese business addressee: 「〇〇株式会社 経理部 〇〇 〇〇 様」."""
        parts = [self.organisation.legal_name] if self.organisation.is_corporate else []
        if self.department:
            parts.append(self.department)
        parts.append(f"{self.full_name} 様")
        return " ".join(parts)


def organisation_document_path(instance, filename):
    return f"documents/{instance.organisation_id}/{filename}"


class OrganisationDocument(models.Model):
    """A private file kept for one organisation (evidence, materials), served by permission."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("会員組織"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("表題"), max_length=200)
    file = DocumentUpload(
        _("ファイル（PDF）"), storage=get_private_storage, upload_to=organisation_document_path
    )
    visible_to_member = models.BooleanField(_("会員に公開"), default=True)
    uploaded_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("会員向け書類")
        verbose_name_plural = _("会員向け書類")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title


# The roles' groups (Secretariat, Board) and their permissions: who changed them, and when.
register_history(Group, app="members")
