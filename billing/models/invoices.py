"""Invoices, credit notes, payments, estimates and the issuer's particulars.

An issued invoice or credit note never changes: `save()` refuses any change but the
bookkeeping fields the services move (status, sending facts, the PDF at first render),
and the querysets refuse bulk updates and deletes. A correction is a credit note plus
a new invoice that names the number it replaces.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aiga.files import get_private_storage
from aiga.models import AppendOnlyQuerySet, ImmutableError
from aiga.uploads import GeneratedFile, ImageUpload

__all__ = [
    "DEFAULT_TAX_NOTICE",
    "DEFAULT_INVOICE_NOTES",
    "IssuerProfile",
    "DocumentSequence",
    "Invoice",
    "CreditNote",
    "InvoiceLine",
    "Payment",
    "Estimate",
    "ImmutableError",
]

registration_number_validator = RegexValidator(
    r"^T\d{13}$", _("登録番号は T に続く13桁の数字で入力してください（例: T1234567890123）。")
)

DEFAULT_TAX_NOTICE = (
    "当協会は、会員から受領する入会金及び年会費について、当協会の役務の提供との間に"
    "明白な対価関係がないものとして、消費税法基本通達5-5-3及び5-5-4に基づき"
    "消費税の課税対象外（不課税）として取り扱っております。"
    "貴社におかれましても同様の取扱いとされますようお願い申し上げます。"
)

DEFAULT_INVOICE_NOTES = (
    "振込手数料は貴社にてご負担ください。\nお振込の際はご依頼人名の前に会員番号をご記入ください。"
)


# The seeded bank particulars (migration 0003) carry these marks until the secretariat sets them.
PLACEHOLDER_MARKS = ("〇〇", "事務局で設定")
BANK_ACCOUNT_MISSING = _("お振込先口座が未設定です。請求書発行者情報を設定してください。")


class IssuerProfile(models.Model):
    """The association's particulars printed on invoices. One record, edited by the secretariat."""

    class AccountType(models.TextChoices):
        ORDINARY = "ordinary", _("普通")
        CURRENT = "current", _("当座")

    class PaymentTerms(models.TextChoices):
        NEXT_MONTH_END = "next_month_end", _("翌月末")
        DAYS = "days", _("発行日からN日")

    name_ja = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=300, blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    representative = models.CharField(_("代表者"), max_length=100, blank=True)
    person_in_charge = models.CharField(_("担当"), max_length=100, blank=True)
    registration_number = models.CharField(
        _("適格請求書発行事業者登録番号"),
        max_length=14,
        blank=True,
        validators=[registration_number_validator],
        help_text=_("空欄のときは課税明細を含む請求書を発行できず、適格請求書として表示しません。"),
    )
    bank_name = models.CharField(_("銀行名"), max_length=100, blank=True)
    bank_code = models.CharField(_("銀行コード"), max_length=4, blank=True)
    branch_name = models.CharField(_("支店名"), max_length=100, blank=True)
    branch_code = models.CharField(_("支店コード"), max_length=3, blank=True)
    account_type = models.CharField(
        _("預金種目"), max_length=10, choices=AccountType.choices, default=AccountType.ORDINARY
    )
    account_number = models.CharField(_("口座番号"), max_length=8, blank=True)
    account_holder_kana = models.CharField(_("口座名義（カナ）"), max_length=100, blank=True)
    payment_terms = models.CharField(
        _("支払期限"),
        max_length=20,
        choices=PaymentTerms.choices,
        default=PaymentTerms.NEXT_MONTH_END,
    )
    payment_days = models.PositiveIntegerField(
        _("支払期限（日数）"), default=30, validators=[MinValueValidator(1)]
    )
    seal = ImageUpload(_("角印画像"), storage=get_private_storage, upload_to="issuer/", blank=True)
    invoice_notes = models.TextField(_("請求書の備考"), blank=True, default=DEFAULT_INVOICE_NOTES)
    tax_notice = models.TextField(
        _("消費税の取扱いに関するお知らせ"),
        blank=True,
        default=DEFAULT_TAX_NOTICE,
        help_text=_(
            "会費（入会費・年会費）を不課税とする旨の会員へのお知らせ。税理士の確認を経て編集してください。"
        ),
    )
    estimate_valid_days = models.PositiveIntegerField(_("見積書の有効期間（日）"), default=30)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("請求書発行者情報")
        verbose_name_plural = _("請求書発行者情報")

    def __str__(self):
        return self.name_ja

    @classmethod
    def current(cls) -> IssuerProfile:
        profile = cls.objects.order_by("pk").first()
        if profile is None:
            profile = cls.objects.create(name_ja="一般社団法人AIガバナンス協会")
        return profile

    @property
    def is_qualified_issuer(self) -> bool:
        return bool(self.registration_number)

    @property
    def bank_account_missing(self) -> bool:
        """True while the bank account invoices print is unset, incomplete or the seeded
        placeholder (〇〇銀行…, 0000000): nothing may be issued that asks to pay into it."""
        fields = (
            self.bank_name,
            self.bank_code,
            self.branch_name,
            self.branch_code,
            self.account_number,
            self.account_holder_kana,
        )
        if any(not (value or "").strip() for value in fields):
            return True
        if any(mark in value for mark in PLACEHOLDER_MARKS for value in fields):
            return True
        return not self.account_number.strip("0 ")

    def snapshot(self) -> dict:
        """What the document prints, frozen at issue (in Japanese, whoever issues it)."""
        with translation.override("ja"):
            account_type = str(self.get_account_type_display())
        return {
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "postal_code": self.postal_code,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "representative": self.representative,
            "person_in_charge": self.person_in_charge,
            "registration_number": self.registration_number,
            "bank_name": self.bank_name,
            "bank_code": self.bank_code,
            "branch_name": self.branch_name,
            "branch_code": self.branch_code,
            "account_type": account_type,
            "account_number": self.account_number,
            "account_holder_kana": self.account_holder_kana,
            "payment_terms": self.payment_terms,
            "payment_days": self.payment_days,
            "invoice_notes": self.invoice_notes,
            "tax_notice": self.tax_notice,
            "seal": self.seal.name if self.seal else "",
        }


class DocumentSequence(models.Model):
    """The last number used in one series and fiscal year. Locked while a number is taken."""

    series = models.CharField(_("系列"), max_length=20)
    fiscal_year = models.PositiveIntegerField(_("年度"))
    last_number = models.PositiveIntegerField(_("最終番号"), default=0)

    class Meta:
        verbose_name = _("採番")
        verbose_name_plural = _("採番")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "fiscal_year"], name="document_sequence_unique"
            )
        ]

    def __str__(self):
        return f"{self.series} {self.fiscal_year}: {self.last_number}"


def overdue_condition(today) -> Q:
    """An invoice (not a credit note) still issued, whose due date is before `today`."""
    return Q(kind="invoice", status="issued", due_date__lt=today)


class InvoiceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError(_("請求書は一括で変更できません。"))

    def delete(self):
        if self.exclude(status=Invoice.Status.DRAFT).exists():
            raise ImmutableError(_("発行済みの請求書・取消通知書は削除できません。"))
        return super().delete()

    def invoices(self):
        return self.filter(kind=Invoice.Kind.INVOICE)

    def credit_notes(self):
        return self.filter(kind=Invoice.Kind.CREDIT_NOTE)

    def overdue(self, today, *, grace_days: int = 0):
        """Invoices unpaid past their due date (by more than `grace_days`): the one
        definition of "overdue" (the admin's filter, the long-unpaid applications, reminders)."""
        return self.filter(overdue_condition(today - datetime.timedelta(days=grace_days)))

    def with_overdue(self, today):
        """Each row knows whether it is overdue today, without a query per row."""
        return self.annotate(
            overdue_flag=models.Case(
                models.When(overdue_condition(today), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def with_paid_amount(self):
        """Each row's paid amount from a subquery per row: no GROUP BY over every column
        (the issuer snapshot included) repeated by the admin's counts and date bounds."""
        paid = (
            Payment.objects.filter(invoice=models.OuterRef("pk"))
            .order_by()
            .values("invoice")
            .annotate(s=Sum("amount"))
            .values("s")
        )
        return self.annotate(
            paid_amount_sum=models.functions.Coalesce(
                models.Subquery(paid, output_field=models.BigIntegerField()), 0
            )
        )


def invoice_pdf_path(instance, filename):
    return f"invoices/{instance.issue_date:%Y}/{filename}"


class Invoice(models.Model):
    """A 請求書, or (kind=credit_note) a 取消通知書 that cancels one. Numbered at issue."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("請求書")
        CREDIT_NOTE = "credit_note", _("取消通知書")

    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        ISSUED = "issued", _("発行済（未入金）")
        PAID = "paid", _("入金済")
        CANCELLED = "cancelled", _("取消")

    # Fields a service may still set after issue (status transitions, sending facts,
    # the PDF at first render). Everything else is frozen.
    MUTABLE_AFTER_ISSUE = frozenset(
        {
            "status",
            "sent_at",
            "sent_to",
            "pdf",
            "pdf_sha256",
            "pdf_error",
            "cancelled_at",
            "paid_at",
        }
    )
    TRANSITIONS = {
        "draft": {"issued"},
        "issued": {"paid", "cancelled"},
        "paid": {"issued"},  # a reversed payment re-opens the invoice
        "cancelled": set(),
    }

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices, default=Kind.INVOICE)
    number = models.CharField(_("番号"), max_length=30, unique=True, null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    billing_contact = models.ForeignKey(
        "members.Contact",
        verbose_name=_("請求書宛先"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    addressee = models.CharField(_("宛名"), max_length=300, blank=True)
    member_number = models.CharField(_("会員番号"), max_length=20, blank=True)
    # The addressee's wishes as they were at issue (members.Contact).
    postal_address = models.TextField(_("請求書送付先住所"), blank=True)
    paper_required = models.BooleanField(_("紙の請求書の要否"), default=False)
    purchase_order_number = models.CharField(_("発注番号"), max_length=50, blank=True)
    subject = models.CharField(_("件名"), max_length=200)
    issue_date = models.DateField(_("発行日"), null=True, blank=True, db_index=True)
    due_date = models.DateField(_("お支払期限"), null=True, blank=True, db_index=True)
    subtotal = models.BigIntegerField(_("小計（税抜）"), default=0)
    tax_total = models.BigIntegerField(_("消費税額"), default=0)
    total = models.BigIntegerField(_("合計金額"), default=0, db_index=True)
    tax_summary = models.JSONField(_("税率別内訳"), default=list, blank=True)
    is_qualified = models.BooleanField(_("適格請求書"), default=False)
    issuer = models.JSONField(_("発行者情報"), default=dict, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("差替え元の請求書"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacements",
    )
    cancels = models.ForeignKey(
        "self",
        verbose_name=_("取消対象の請求書"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
    )
    reason = models.TextField(_("取消理由"), blank=True)
    pdf = GeneratedFile(
        _("PDF"), storage=get_private_storage, upload_to=invoice_pdf_path, blank=True
    )
    pdf_sha256 = models.CharField(_("PDFのSHA-256"), max_length=64, blank=True)
    pdf_error = models.TextField(
        _("PDF作成エラー"),
        blank=True,
        help_text=_("PDFの作成に失敗したときの内容。数分ごとに自動で再作成を試みます。"),
    )
    cover_letter = models.JSONField(
        _("送付状"),
        default=dict,
        blank=True,
        help_text=_(
            "請求書を最初に送るメールを別の案内（入会承認のご案内など）にするときの"
            "テンプレート・宛先・差込項目。"
        ),
    )
    sent_at = models.DateTimeField(_("送付日時"), null=True, blank=True)
    sent_to = models.JSONField(_("送付先"), default=list, blank=True)
    paid_at = models.DateTimeField(_("入金確認日時"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    source_key = models.CharField(_("発生元"), max_length=100, blank=True, db_index=True)
    # The fiscal year whose 年会費 this invoice renews (the yearly renewal run, and the scale
    # generator's renewals): one standing invoice per organisation and year (constraint).
    renewal_fiscal_year = models.PositiveSmallIntegerField(
        _("年会費請求の年度"), null=True, blank=True
    )
    # The first e-mail of this invoice waits until then (the renewal run spaces its
    # e-mails so that the mail server is not flooded).
    send_after = models.DateTimeField(_("送付予定日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("請求書")
        verbose_name_plural = _("請求書")
        ordering = ["-issue_date", "-number", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(number__isnull=False) & Q(issue_date__isnull=False)),
                name="invoice_issued_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(kind="credit_note") | Q(cancels__isnull=False),
                name="credit_note_cancels_invoice",
            ),
            # A cancelled renewal (赤黒) leaves room for its replacement; nothing else does.
            models.UniqueConstraint(
                fields=["organisation", "renewal_fiscal_year"],
                condition=Q(kind="invoice", renewal_fiscal_year__isnull=False)
                & ~Q(status="cancelled"),
                name="invoice_one_renewal_per_year",
                violation_error_message=_("この年度の年会費の請求書は発行済みです。"),
            ),
        ]

    def __str__(self):
        label = self.number or _("（下書き）")
        return f"{label} {self.organisation.legal_name if self.organisation_id else ''}".strip()

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def paid_amount(self) -> int:
        if hasattr(self, "paid_amount_sum"):
            return int(self.paid_amount_sum or 0)
        return int(self.payments.aggregate(s=Sum("amount"))["s"] or 0)

    @property
    def balance(self) -> int:
        """Positive: still owed. Negative: paid in excess."""
        return self.total - self.paid_amount

    def is_overdue(self, today) -> bool:
        """Read from `with_overdue` when the query annotated it, else asked of the database:
        either way by `overdue_condition`."""
        if hasattr(self, "overdue_flag"):
            return bool(self.overdue_flag)
        return type(self).objects.filter(pk=self.pk).overdue(today).exists()

    def latest_replacement(self) -> Invoice:
        """This invoice, or, once cancelled, the replacement that stands for it now."""
        invoice, seen = self, {self.pk}
        while invoice.status == self.Status.CANCELLED:
            replacement = invoice.replacements.order_by("-id").first()
            if replacement is None or replacement.pk in seen:
                break
            invoice = replacement
            seen.add(invoice.pk)
        return invoice

    @property
    def pdf_filename(self) -> str:
        return f"{self.number or 'draft'}.pdf"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._check_frozen(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _check_frozen(self, update_fields):
        old = Invoice._base_manager.filter(pk=self.pk).first()
        if old is None:
            return
        if old.status == self.Status.DRAFT:
            if self.status not in {"draft", "issued"}:
                raise ImmutableError(_("下書きから直接この状態には変更できません。"))
            return

        def value(instance, field):
            raw = field.value_from_object(instance)
            if isinstance(field, models.FileField):
                return raw.name or ""
            return raw

        changed = {
            field.name
            for field in self._meta.concrete_fields
            if (
                update_fields is None
                or field.name in update_fields
                or field.attname in update_fields
            )
            and value(old, field) != value(self, field)
        }
        frozen = changed - self.MUTABLE_AFTER_ISSUE
        if frozen:
            raise ImmutableError(
                _("発行済みの請求書は変更できません（%(fields)s）。")
                % {"fields": ", ".join(sorted(frozen))}
            )
        if ("pdf" in changed and old.pdf) or ("pdf_sha256" in changed and old.pdf_sha256):
            raise ImmutableError(_("発行済みのPDFは差し替えられません。"))
        if "status" in changed and self.status not in self.TRANSITIONS[old.status]:
            raise ImmutableError(
                _("状態を %(old)s から %(new)s に変更することはできません。")
                % {"old": old.status, "new": self.status}
            )

    def delete(self, *args, **kwargs):
        if self.pk is not None:
            status = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if status and status != self.Status.DRAFT:
                raise ImmutableError(_("発行済みの請求書・取消通知書は削除できません。"))
        return super().delete(*args, **kwargs)


class CreditNoteManager(models.Manager.from_queryset(InvoiceQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Invoice.Kind.CREDIT_NOTE)


class CreditNote(Invoice):
    """The credit notes (取消通知書), listed on their own in the admin."""

    objects = CreditNoteManager()

    class Meta:
        proxy = True
        verbose_name = _("取消通知書")
        verbose_name_plural = _("取消通知書")


class InvoiceLineQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.exclude(invoice__status=Invoice.Status.DRAFT).exists():
            raise ImmutableError(_("発行済みの請求書の明細は変更できません。"))
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(invoice__status=Invoice.Status.DRAFT).exists():
            raise ImmutableError(_("発行済みの請求書の明細は削除できません。"))
        return super().delete()


class InvoiceLine(models.Model):
    class TaxTreatment(models.TextChoices):
        NON_TAXABLE = "non_taxable", _("不課税")
        TAXABLE_10 = "taxable_10", _("課税（10%）")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("請求書"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveIntegerField(_("行"), default=0)
    description = models.CharField(_("品目"), max_length=200)
    quantity = models.IntegerField(_("数量"), default=1, validators=[MinValueValidator(1)])
    unit_price = models.BigIntegerField(_("単価（円・税抜）"))
    tax_treatment = models.CharField(
        _("税区分"), max_length=20, choices=TaxTreatment.choices, default=TaxTreatment.NON_TAXABLE
    )

    objects = InvoiceLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("請求明細")
        verbose_name_plural = _("請求明細")
        ordering = ["invoice", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="invoice_line_quantity_positive"
            )
        ]

    def __str__(self):
        return self.description

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price

    def _invoice_locked(self) -> bool:
        if not self.invoice_id:
            return False
        status = Invoice.objects.filter(pk=self.invoice_id).values_list("status", flat=True).first()
        return bool(status) and status != Invoice.Status.DRAFT

    def save(self, *args, **kwargs):
        if self._invoice_locked():
            raise ImmutableError(_("発行済みの請求書の明細は変更できません。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._invoice_locked():
            raise ImmutableError(_("発行済みの請求書の明細は削除できません。"))
        return super().delete(*args, **kwargs)


class Payment(models.Model):
    """Money received against an invoice. Append-only: a mistake is reversed by a negative entry."""

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("銀行振込")
        OTHER = "other", _("その他")
        # The transfer fee a payer deducted, written off so the invoice counts as paid
        # (`payment_write_off_transfer_fee`); never typed in as a payment.
        TRANSFER_FEE = "transfer_fee", _("振込手数料（差額の償却）")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("請求書"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("入金日"))
    amount = models.BigIntegerField(_("金額（円）"))
    payer_name = models.CharField(_("振込依頼人名"), max_length=200, blank=True)
    method = models.CharField(
        _("入金方法"), max_length=20, choices=Method.choices, default=Method.BANK_TRANSFER
    )
    note = models.TextField(_("備考"), blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("取消対象の入金"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("入金")
        verbose_name_plural = _("入金")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="payment_amount_not_zero"),
        ]

    def __str__(self):
        return f"{self.paid_on} {self.amount:,}円 ({self.invoice.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError(
                _("入金記録は変更できません。誤りは取消の入金で訂正してください。")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(_("入金記録は削除できません。誤りは取消の入金で訂正してください。"))


def estimate_pdf_path(instance, filename):
    return f"estimates/{instance.issue_date:%Y}/{filename}"


class Estimate(models.Model):
    """A お見積書 for a company's internal approval. Not an invoice; its own numbering.

    Every estimate handed out is a row with its number, the public calculator's too, so a
    number quoted back to the secretariat can be traced. With an uncertain admission date
    the estimate prices each half (`alternatives`) instead of one set of `lines`.
    """

    class Source(models.TextChoices):
        PUBLIC = "public", _("会費シミュレーション")
        ADMIN = "admin", _("事務局")

    number = models.CharField(_("見積番号"), max_length=30, unique=True)
    source = models.CharField(
        _("作成元"), max_length=10, choices=Source.choices, default=Source.ADMIN, db_index=True
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="estimates",
    )
    addressee = models.CharField(_("宛名（会社名）"), max_length=200)
    subject = models.CharField(_("件名"), max_length=200)
    issue_date = models.DateField(_("発行日"))
    valid_until = models.DateField(_("有効期限"))
    admission_date = models.DateField(
        _("入会日（前提）"), null=True, blank=True, help_text=_("空欄は入会日が未定の見積書。")
    )
    assumption = models.TextField(_("前提条件"), blank=True)
    lines = models.JSONField(_("明細"), default=list, blank=True)
    alternatives = models.JSONField(
        _("入会時期別の明細"),
        default=list,
        blank=True,
        help_text=_("入会日が未定のとき、上期入会・下期入会それぞれの明細と合計。"),
    )
    total = models.BigIntegerField(
        _("合計金額"),
        default=0,
        help_text=_("入会日が未定の見積書では、入会時期別の合計のうち高い方。"),
    )
    next_year_annual_fee = models.BigIntegerField(_("翌年度以降の年会費（年額）"), default=0)
    inputs = models.JSONField(_("入力内容"), default=dict, blank=True)
    issuer = models.JSONField(_("発行者情報"), default=dict, blank=True)
    pdf = GeneratedFile(
        _("PDF"), storage=get_private_storage, upload_to=estimate_pdf_path, blank=True
    )
    pdf_sha256 = models.CharField(_("PDFのSHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("見積書")
        verbose_name_plural = _("見積書")
        ordering = ["-issue_date", "-number"]

    def __str__(self):
        return f"{self.number} {self.addressee}"

    @property
    def assumption_lines(self) -> list[str]:
        return [line for line in self.assumption.splitlines() if line.strip()]

    @property
    def date_is_uncertain(self) -> bool:
        return bool(self.alternatives)

    @property
    def pdf_filename(self) -> str:
        return f"{self.number or 'estimate'}.pdf"
