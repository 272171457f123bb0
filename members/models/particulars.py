"""What a company and a person state about themselves, defined once: the application keeps
what was submitted, the organisation and its contacts what is on the register, and
`particulars_copy` carries one into the other."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    validate_email,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from members import choices

corporate_number_validator = RegexValidator(
    r"^\d{13}$", _("法人番号は13桁の数字で入力してください。")
)


def email_list_validator(value):
    for address in value or []:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ValidationError(
                _("%(address)s は正しいメールアドレスではありません。"),
                params={"address": address},
            ) from exc


class CompanyParticulars(models.Model):
    """A company's name, number, address, capital and parent, and its role in AI."""

    CapitalKind = choices.CapitalKind
    AIRole = choices.AIRole

    legal_name = models.CharField(_("名称（正式名称）"), max_length=200, blank=True)
    legal_name_kana = models.CharField(_("フリガナ"), max_length=200, blank=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    corporate_number = models.CharField(
        _("法人番号"),
        max_length=13,
        blank=True,
        db_index=True,
        validators=[corporate_number_validator],
    )
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    prefecture = models.CharField(_("都道府県"), max_length=10, blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    industry = models.ForeignKey(
        "members.Industry", verbose_name=_("業種"), null=True, blank=True, on_delete=models.PROTECT
    )
    capital_kind = models.CharField(
        _("資本の種類"), max_length=20, choices=CapitalKind.choices, default=CapitalKind.PLAIN
    )
    share_capital = models.BigIntegerField(
        _("資本金（円）"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    has_parent = models.BooleanField(_("親会社あり"), default=False)
    parent_name = models.CharField(_("親会社名"), max_length=200, blank=True)
    parent_ratio = models.DecimalField(
        _("親会社の出資比率（%）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    ai_role = models.CharField(_("AIとの関わり"), max_length=20, choices=AIRole.choices, blank=True)

    COMPANY_FIELDS = (
        "legal_name",
        "legal_name_kana",
        "name_en",
        "corporate_number",
        "postal_code",
        "prefecture",
        "website",
        "industry",
        "capital_kind",
        "share_capital",
        "has_parent",
        "parent_name",
        "parent_ratio",
        "ai_role",
    )

    class Meta:
        abstract = True


class PersonParticulars(models.Model):
    """A person's name and reading, position, how to reach them, and their roles."""

    ROLE_FIELDS = (
        ("is_legal_representative", _("法人代表者")),
        ("is_member_representative", _("会員代表者")),
        ("is_practical_contact", _("実務担当")),
        ("is_billing_contact", _("請求書宛先")),
    )

    family_name = models.CharField(_("姓"), max_length=50)
    given_name = models.CharField(_("名"), max_length=50, blank=True)
    family_name_kana = models.CharField(_("セイ"), max_length=50, blank=True)
    given_name_kana = models.CharField(_("メイ"), max_length=50, blank=True)
    title = models.CharField(_("役職"), max_length=100, blank=True)
    department = models.CharField(_("部署"), max_length=100, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    cc_emails = models.JSONField(
        _("CC（請求書送付時）"), default=list, blank=True, validators=[email_list_validator]
    )
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    is_legal_representative = models.BooleanField(_("法人代表者"), default=False)
    is_member_representative = models.BooleanField(_("会員代表者"), default=False)
    is_practical_contact = models.BooleanField(_("実務担当"), default=False)
    is_billing_contact = models.BooleanField(_("請求書宛先"), default=False)

    PERSON_FIELDS = (
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "title",
        "department",
        "email",
        "cc_emails",
        "phone",
        "is_legal_representative",
        "is_member_representative",
        "is_practical_contact",
        "is_billing_contact",
    )

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    @property
    def roles(self) -> list[str]:
        return [str(label) for field, label in self.ROLE_FIELDS if getattr(self, field)]


def particulars_copy(*, source, target, fields) -> None:
    """Copy the named particulars from one record to another (not saved)."""
    for name in fields:
        setattr(target, name, getattr(source, name))
