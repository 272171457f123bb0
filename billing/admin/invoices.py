"""Admin for invoices, credit notes, payments, estimates and the issuer's particulars.

Issued invoices, credit notes and payments are view-only for everyone, superusers
included: change and delete permissions are refused and the bulk delete action is
removed. Every change goes through a service in billing/services/
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aiga.admin import HistoryAdmin, ReadOnlyAdminMixin, messages, readable_lines
from aiga.files import serve_private_file
from aiga.templatetags.aiga_format import jdate, yen
from billing.admin.journal import journal_export_view
from billing.forms import check_admission_date
from billing.invoice_calc import TAX_RATES
from billing.models import CreditNote, Estimate, Invoice, InvoiceLine, IssuerProfile, Payment
from billing.selectors import estimate_quotes
from billing.services import estimates, payments, reminders
from billing.services import invoices as invoicing
from billing.sources import source_describe
from members.fields import YenField
from members.models import Contact


def _no_bulk_delete(actions):
    actions.pop("delete_selected", None)
    return actions


@admin.register(IssuerProfile)
class IssuerProfileAdmin(HistoryAdmin):
    list_display = ("name_ja", "registration_number", "bank_name", "payment_terms", "updated_at")
    fieldsets = (
        (
            _("発行者"),
            {
                "fields": (
                    "name_ja",
                    "name_en",
                    "postal_code",
                    "address",
                    "phone",
                    "email",
                    "representative",
                    "person_in_charge",
                    "registration_number",
                    "seal",
                )
            },
        ),
        (
            _("お振込先"),
            {
                "fields": (
                    "bank_name",
                    "bank_code",
                    "branch_name",
                    "branch_code",
                    "account_type",
                    "account_number",
                    "account_holder_kana",
                )
            },
        ),
        (
            _("支払期限・記載事項"),
            {
                "fields": (
                    "payment_terms",
                    "payment_days",
                    "invoice_notes",
                    "tax_notice",
                    "estimate_valid_days",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return not IssuerProfile.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


def _formset_lines(formset) -> list[dict]:
    """The lines a draft's inline formset holds, in position order (deleted and empty
    forms left out)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        rows.append(data)
    rows.sort(key=lambda d: d.get("position") or 0)
    return [
        {
            "description": d.get("description", ""),
            "quantity": d.get("quantity"),
            "unit_price": d.get("unit_price"),
            "tax_treatment": d.get("tax_treatment"),
        }
        for d in rows
    ]


class DraftLinesFormSet(forms.BaseInlineFormSet):
    """The draft's lines are checked by the draft services' own rule, so the admin refuses
    what the services refuse (a quantity of 0 or less, a line without a description)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        try:
            invoicing.invoice_lines_clean(_formset_lines(self))
        except invoicing.InvoiceError as exc:
            raise forms.ValidationError(str(exc)) from exc


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    formset = DraftLinesFormSet
    extra = 1
    fields = ("position", "description", "quantity", "unit_price", "tax_treatment")

    def _editable(self, obj):
        return obj is None or obj.status == Invoice.Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)

    def get_fields(self, request, obj=None):
        if self._editable(obj):
            return self.fields
        return ("position", "description", "quantity", "unit_price_yen", "tax_treatment")

    def get_readonly_fields(self, request, obj=None):
        return () if self._editable(obj) else self.get_fields(request, obj)

    @admin.display(description=_("単価（円・税抜）"))
    def unit_price_yen(self, line):
        return yen(line.unit_price)


class PaymentInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Payments are recorded and reversed through their own services, never edited here."""

    model = Payment
    fk_name = "invoice"
    extra = 0
    fields = ("paid_on", "amount_yen", "payer_name", "method", "note", "reverses", "created_by")
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("金額"))
    def amount_yen(self, payment):
        return yen(payment.amount)


class StateFilter(admin.SimpleListFilter):
    title = _("状態")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("下書き")),
            ("unpaid", _("未入金")),
            ("overdue", _("支払期限超過")),
            ("paid", _("入金済")),
            ("cancelled", _("取消")),
            ("unsent", _("未送付")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "draft":
            return queryset.filter(status=Invoice.Status.DRAFT)
        if value == "unpaid":
            return queryset.filter(status=Invoice.Status.ISSUED)
        if value == "overdue":
            return queryset.overdue(today)
        if value == "paid":
            return queryset.filter(status=Invoice.Status.PAID)
        if value == "cancelled":
            return queryset.filter(status=Invoice.Status.CANCELLED)
        if value == "unsent":
            return queryset.exclude(status=Invoice.Status.DRAFT).filter(sent_at__isnull=True)
        return queryset


class AmountRangeFilter(admin.SimpleListFilter):
    title = _("金額")
    parameter_name = "amount"
    RANGES = {
        "lt100k": (None, 100_000),
        "100k-500k": (100_000, 500_000),
        "500k+": (500_000, None),
    }

    def lookups(self, request, model_admin):
        return [
            ("lt100k", _("10万円未満")),
            ("100k-500k", _("10万円以上50万円未満")),
            ("500k+", _("50万円以上")),
        ]

    def queryset(self, request, queryset):
        bounds = self.RANGES.get(self.value() or "")
        if not bounds:
            return queryset
        low, high = bounds
        if low is not None:
            queryset = queryset.filter(total__gte=low)
        if high is not None:
            queryset = queryset.filter(total__lt=high)
        return queryset


def amount_from_search(term: str) -> int | None:
    cleaned = re.sub(r"[¥￥,，円\s]", "", term or "")
    return int(cleaned) if cleaned.isdigit() else None


class _DocumentAdminBase(admin.ModelAdmin):
    date_hierarchy = "issue_date"
    list_select_related = ("organisation",)
    search_fields = (
        "number",
        "subject",
        "addressee",
        "organisation__legal_name",
        "organisation__legal_name_kana",
        "organisation__name_en",
        "organisation__member_number",
    )
    autocomplete_fields = ("organisation",)
    readonly_fields = (
        "kind",
        "number",
        "status",
        "cancellation",
        "addressee",
        "postal_address",
        "paper_required",
        "purchase_order_number",
        "member_number",
        "issue_date",
        "due_date",
        "subtotal_display",
        "tax_display",
        "total_display",
        "is_qualified",
        "replaces",
        "cancels",
        "reason",
        "pdf_link",
        "pdf_sha256",
        "sent_at",
        "sent_to_lines",
        "paid_at",
        "cancelled_at",
        "source_col",
        "payment_summary",
        "created_at",
        "created_by",
    )

    def get_search_results(self, request, queryset, search_term):
        results, distinct = super().get_search_results(request, queryset, search_term)
        amount = amount_from_search(search_term)
        if amount is not None:
            results = results | queryset.filter(Q(total=amount))
        return results, distinct

    def get_actions(self, request):
        return _no_bulk_delete(super().get_actions(request))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != Invoice.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None or obj.status != Invoice.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("合計金額"), ordering="total")
    def total_display(self, obj):
        return yen(obj.total)

    @admin.display(description=_("小計（税抜）"))
    def subtotal_display(self, obj):
        return yen(obj.subtotal)

    @admin.display(description=_("消費税額"))
    def tax_display(self, obj):
        return yen(obj.tax_total)

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if obj.pk and obj.pdf:
            url = reverse("admin:billing_invoice_pdf", args=[obj.pk])
            return format_html('<a href="{}">{}</a>', url, obj.pdf_filename)
        if not obj.pk or obj.status == Invoice.Status.DRAFT:
            return "—"
        if obj.pdf_error:
            return format_html(
                '<strong style="color:#b00">{}</strong><br><small>{}</small>',
                _("PDFを作成できませんでした。数分ごとに自動で再作成を試み、作成後に送付します。"),
                obj.pdf_error,
            )
        return _("作成中（作成後に自動で送付します）")

    @admin.display(description=_("送付先"))
    def sent_to_lines(self, obj):
        return readable_lines(obj.sent_to)

    @admin.display(description=_("発生元"))
    def source_col(self, obj):
        if not obj.source_key:
            return "—"
        label, url = source_describe(obj.source_key)
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    @admin.display(description=_("取消"))
    def cancellation(self, obj):
        """A cancelled invoice: the credit note that cancelled it, when, and why (the reason
        is the credit note's, printed on it)."""
        if not obj.pk or obj.status != Invoice.Status.CANCELLED:
            return "—"
        credit = obj.credit_notes.order_by("id").first()
        if credit is None:
            return _("取消済み")
        return format_html(
            '{} <a href="{}">{}</a>（{}）<br>{}：{}',
            _("取消通知書"),
            reverse("admin:billing_creditnote_change", args=[credit.pk]),
            credit.number,
            jdate(credit.issue_date),
            _("取消理由"),
            credit.reason,
        )

    @admin.display(description=_("入金状況"))
    def payment_summary(self, obj):
        if not obj.pk or obj.kind != Invoice.Kind.INVOICE or obj.status == Invoice.Status.DRAFT:
            return "—"
        if obj.status == Invoice.Status.CANCELLED:
            # Nothing is owed on a cancelled invoice (a paid one cannot be cancelled).
            return _("取消済みのため、お支払いは不要です。")
        balance = obj.balance
        paid = yen(obj.paid_amount)
        fee = sum(p.amount for p in obj.payments.all() if p.method == Payment.Method.TRANSFER_FEE)
        if fee:  # the transfer fee written off counts as paid; say how much of it it is
            paid = _("%(paid)s（うち振込手数料 %(fee)s）") % {"paid": paid, "fee": yen(fee)}
        if balance > 0:
            return _("入金 %(paid)s／不足 %(diff)s") % {"paid": paid, "diff": yen(balance)}
        if balance < 0:
            return _("入金 %(paid)s／過入金 %(diff)s") % {"paid": paid, "diff": yen(-balance)}
        return _("入金 %(paid)s（過不足なし）") % {"paid": paid}


@admin.register(Invoice)
class InvoiceAdmin(_DocumentAdminBase):
    list_display = (
        "number_display",
        "organisation",
        "subject",
        "issue_date",
        "due_date",
        "total_display",
        "state_display",
        "balance_display",
        "sent_at",
    )
    list_filter = (StateFilter, AmountRangeFilter, "issue_date", "is_qualified", "paper_required")
    inlines = [InvoiceLineInline, PaymentInline]
    fields = ("organisation", "billing_contact", "subject") + _DocumentAdminBase.readonly_fields
    actions = ["issue_selected", "resend_selected"]
    change_form_template = "billing/admin/invoice_change_form.html"
    change_list_template = "billing/admin/invoice_change_list.html"

    # The list shows no total count of all invoices (one COUNT less on every page).
    show_full_result_count = False

    def get_queryset(self, request):
        today = timezone.localdate()
        qs = super().get_queryset(request).invoices().with_paid_amount().with_overdue(today)
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            # The list reads neither the issuer snapshot nor the cover letter.
            qs = qs.defer("issuer", "cover_letter")
        return qs

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        if obj is None:
            # A new draft: only what the secretariat fills in; the rest is set at issue.
            return ("organisation", "billing_contact", "subject")
        return super().get_fields(request, obj)

    def get_inlines(self, request, obj):
        if obj is None:
            return [InvoiceLineInline]
        return super().get_inlines(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "billing_contact":
            kwargs["queryset"] = Contact.objects.select_related("organisation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Nothing is saved here: save_related writes the draft and its lines together
        through the draft services (validated, audited, one transaction)."""

    def save_related(self, request, form, formsets, change):
        lines_formset = next((f for f in formsets if isinstance(f, DraftLinesFormSet)), None)
        lines = _formset_lines(lines_formset) if lines_formset is not None else []
        data = form.cleaned_data
        if change:
            saved = invoicing.invoice_draft_update(
                invoice=form.instance,
                subject=data["subject"],
                billing_contact=data.get("billing_contact"),
                lines=lines,
                actor=request.user,
            )
        else:
            saved = invoicing.invoice_create_draft(
                organisation=data["organisation"],
                subject=data["subject"],
                billing_contact=data.get("billing_contact"),
                lines=lines,
                actor=request.user,
            )
        # The admin goes on with the object it was given (messages, log, redirect).
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        form.instance.pk = saved.pk
        form.instance._state.adding = False

    @admin.display(description=_("請求書番号"), ordering="number")
    def number_display(self, obj):
        return obj.number or _("（下書き）")

    @admin.display(description=_("状態"), ordering="status")
    def state_display(self, obj):
        label = obj.get_status_display()
        if obj.is_overdue(timezone.localdate()):
            return format_html('<strong style="color:#b00">{}（{}）</strong>', label, _("期限超過"))
        if obj.pdf_error and not obj.pdf:
            warning = _("PDF未作成")
            return format_html('{} <strong style="color:#b00">（{}）</strong>', label, warning)
        return label

    @admin.display(description=_("過不足"))
    def balance_display(self, obj):
        if obj.status in (Invoice.Status.DRAFT, Invoice.Status.CANCELLED):
            return "—"
        balance = obj.balance
        if balance > 0:
            return _("不足 %(v)s") % {"v": yen(balance)}
        if balance < 0:
            return _("過入金 %(v)s") % {"v": yen(-balance)}
        return "0"

    @admin.action(description=_("選択した下書きを発行する"))
    def issue_selected(self, request, queryset):
        if not self._can_operate(request):
            raise PermissionDenied
        for invoice in queryset.filter(status=Invoice.Status.DRAFT):
            try:
                issued = invoicing.invoice_issue(invoice=invoice, actor=request.user)
            except invoicing.InvoiceError as exc:
                self.message_user(request, f"{invoice.subject}: {exc}", messages.ERROR)
            else:
                self.message_user(request, _("%(n)s を発行しました。") % {"n": issued.number})

    @admin.action(description=_("選択した請求書を再送する"))
    def resend_selected(self, request, queryset):
        if not self._can_operate(request):
            raise PermissionDenied
        for invoice in queryset.exclude(status=Invoice.Status.DRAFT):
            self._resend(request, invoice)

    def _resend(self, request, invoice):
        try:
            invoicing.invoice_resend(invoice=invoice, actor=request.user)
        except invoicing.InvoiceError as exc:
            self.message_user(request, f"{invoice.number}: {exc}", messages.ERROR)
        else:
            self.message_user(request, _("%(n)s の再送を受け付けました。") % {"n": invoice.number})

    def _can_operate(self, request):
        return request.user.has_perm("billing.add_invoice")

    # ----------------------------------------------------------------- extra views

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="billing_invoice_pdf",
            ),
            path(
                "<int:pk>/issue/",
                self.admin_site.admin_view(self.issue_view),
                name="billing_invoice_issue",
            ),
            path(
                "<int:pk>/resend/",
                self.admin_site.admin_view(self.resend_view),
                name="billing_invoice_resend",
            ),
            path(
                "<int:pk>/cancel/",
                self.admin_site.admin_view(self.cancel_view),
                name="billing_invoice_cancel",
            ),
            path(
                "<int:pk>/payment/",
                self.admin_site.admin_view(self.payment_view),
                name="billing_invoice_payment",
            ),
            path(
                "<int:pk>/transfer-fee/",
                self.admin_site.admin_view(self.transfer_fee_view),
                name="billing_invoice_transfer_fee",
            ),
            path(
                "<int:pk>/suspend/",
                self.admin_site.admin_view(self.suspend_view),
                name="billing_invoice_suspend",
            ),
            path(
                "journal/",
                self.admin_site.admin_view(lambda request: journal_export_view(self, request)),
                name="billing_invoice_journal",
            ),
        ]
        return urls + super().get_urls()

    def _get(self, request, pk):
        invoice = get_object_or_404(Invoice.objects.select_related("organisation"), pk=pk)
        if not self.has_view_permission(request, invoice):
            raise PermissionDenied
        return invoice

    def _change_url(self, invoice):
        return reverse("admin:billing_invoice_change", args=[invoice.pk])

    def pdf_view(self, request, pk):
        invoice = self._get(request, pk)
        return serve_private_file(
            invoice.pdf, filename=invoice.pdf_filename, as_attachment=bool(request.GET.get("dl"))
        )

    def issue_view(self, request, pk):
        invoice = self._get(request, pk)
        if request.method != "POST" or not self._can_operate(request):
            raise PermissionDenied
        try:
            invoice = invoicing.invoice_issue(invoice=invoice, actor=request.user)
        except invoicing.InvoiceError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(n)s を発行しました。PDFの作成後に送付します。") % {"n": invoice.number},
            )
        return HttpResponseRedirect(self._change_url(invoice))

    def resend_view(self, request, pk):
        invoice = self._get(request, pk)
        if request.method != "POST" or not self._can_operate(request):
            raise PermissionDenied
        self._resend(request, invoice)
        return HttpResponseRedirect(self._change_url(invoice))

    def cancel_view(self, request, pk):
        invoice = self._get(request, pk)
        if not self._can_operate(request):
            raise PermissionDenied
        initial_lines = "\n".join(
            f"{line.description} | {line.quantity} | {line.unit_price} | "
            f"{'課税' if line.tax_treatment == 'taxable_10' else '不課税'}"
            for line in invoice.lines.all()
        )
        form = CancelForm(
            request.POST or None,
            initial={"replacement_lines": initial_lines, "replacement_subject": invoice.subject},
        )
        if request.method == "POST" and form.is_valid():
            try:
                credit, replacement = invoicing.invoice_cancel(
                    invoice=invoice,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    replacement_lines=form.cleaned_data["parsed_lines"] or None,
                    replacement_subject=form.cleaned_data["replacement_subject"],
                )
            except invoicing.InvoiceError as exc:
                form.add_error(None, str(exc))
            else:
                text = _("%(n)s を取り消し、取消通知書 %(c)s を発行しました。") % {
                    "n": invoice.number,
                    "c": credit.number,
                }
                if replacement:
                    text += " " + _("差替えの請求書 %(r)s を発行しました。") % {
                        "r": replacement.number
                    }
                self.message_user(request, text)
                return HttpResponseRedirect(self._change_url(invoice))
        return self._form_page(request, invoice, form, _("請求書の取消（取消通知書の発行）"))

    def payment_view(self, request, pk):
        invoice = self._get(request, pk)
        if not request.user.has_perm("billing.add_payment"):
            raise PermissionDenied
        form = PaymentForm(
            request.POST or None,
            initial={
                "paid_on": timezone.localdate(),
                "amount": max(invoice.balance, 0),
                "method": Payment.Method.BANK_TRANSFER,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                payments.payment_record(invoice=invoice, actor=request.user, **form.cleaned_data)
            except invoicing.InvoiceError as exc:
                form.add_error(None, str(exc))
            else:
                invoice.refresh_from_db()
                balance = invoice.balance
                if balance > 0:
                    self.message_user(
                        request,
                        _("入金を記録しました。不足額: %(v)s") % {"v": yen(balance)},
                        messages.WARNING,
                    )
                elif balance < 0:
                    self.message_user(
                        request,
                        _("入金を記録しました。過入金: %(v)s") % {"v": yen(-balance)},
                        messages.WARNING,
                    )
                else:
                    self.message_user(request, _("入金を記録しました。入金済になりました。"))
                return HttpResponseRedirect(self._change_url(invoice))
        return self._form_page(request, invoice, form, _("入金の記録"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        invoice = self.get_object(request, object_id)
        shortfall = payments.transfer_fee_shortfall(invoice) if invoice is not None else 0
        extra_context = {**(extra_context or {}), "transfer_fee_shortfall": shortfall}
        if invoice is not None:
            extra_context.update(
                {
                    "reminders": invoice.reminders.select_related("message").order_by("id"),
                    "suspensions": invoice.suspensions.select_related("membership"),
                    "can_suspend": reminders.can_suspend(invoice) and self._can_operate(request),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def transfer_fee_view(self, request, pk):
        invoice = self._get(request, pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("billing.add_payment"):
            raise PermissionDenied
        try:
            payment = payments.payment_write_off_transfer_fee(invoice=invoice, actor=request.user)
        except invoicing.InvoiceError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request,
                _("不足の%(v)sを振込手数料として処理しました。入金済になりました。")
                % {"v": yen(payment.amount)},
            )
        return HttpResponseRedirect(self._change_url(invoice))

    def suspend_view(self, request, pk):
        """After the last reminder step: suspend the member's membership, with a reason."""
        invoice = self._get(request, pk)
        if not self._can_operate(request):
            raise PermissionDenied
        form = SuspendForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                reminders.invoice_suspend_membership(
                    invoice=invoice, reason=form.cleaned_data["reason"], actor=request.user
                )
            except reminders.ReminderError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    _(
                        "会員資格を停止し、会員代表者にお知らせしました。入金を確認すると自動で解除されます。"
                    ),
                )
                return HttpResponseRedirect(self._change_url(invoice))
        return self._form_page(request, invoice, form, _("未納による会員資格の停止"))

    def _form_page(self, request, invoice, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": invoice,
            "title": title,
            "form": form,
            "invoice": invoice,
        }
        return TemplateResponse(request, "billing/admin/invoice_form_page.html", context)


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("停止の理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "会員代表者へのお知らせに記載します。会員資格の喪失は総会または定款の定めによるもので、"
            "ここでは一時的な停止のみを行います。"
        ),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消理由"), widget=forms.Textarea(attrs={"rows": 2}))
    issue_replacement = forms.BooleanField(label=_("差替えの請求書を発行する"), required=False)
    replacement_subject = forms.CharField(
        label=_("差替え請求書の件名"), required=False, max_length=200
    )
    replacement_lines = forms.CharField(
        label=_("差替え請求書の明細"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("1行に1明細。「品目 | 数量 | 単価（税抜） | 不課税 または 課税」の形式です。"),
    )

    def clean(self):
        data = super().clean()
        data["parsed_lines"] = []
        if not data.get("issue_replacement"):
            return data
        for number, raw in enumerate((data.get("replacement_lines") or "").splitlines(), 1):
            if not raw.strip():
                continue
            parts = [p.strip() for p in raw.split("|")]
            if len(parts) != 4:
                raise forms.ValidationError(
                    _("%(n)s行目の形式が正しくありません。") % {"n": number}
                )
            description, quantity, unit_price, tax = parts
            try:
                quantity_value = int(quantity.replace(",", ""))
                unit_value = int(unit_price.replace(",", "").replace("¥", "").replace("円", ""))
            except ValueError as exc:
                raise forms.ValidationError(
                    _("%(n)s行目の数量または単価が数字ではありません。") % {"n": number}
                ) from exc
            data["parsed_lines"].append(
                {
                    "description": description,
                    "quantity": quantity_value,
                    "unit_price": unit_value,
                    "tax_treatment": "taxable_10" if tax.startswith("課税") else "non_taxable",
                }
            )
        if not data["parsed_lines"]:
            raise forms.ValidationError(_("差替え請求書の明細を入力してください。"))
        return data


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("入金日"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = YenField(label=_("金額（円）"), min_value=1)
    payer_name = forms.CharField(label=_("振込依頼人名"), max_length=200, required=False)
    method = forms.ChoiceField(
        label=_("入金方法"),
        choices=[c for c in Payment.Method.choices if c[0] != Payment.Method.TRANSFER_FEE],
    )
    note = forms.CharField(
        label=_("備考"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@admin.register(CreditNote)
class CreditNoteAdmin(_DocumentAdminBase):
    list_display = ("number", "organisation", "cancels", "issue_date", "total_display", "sent_at")
    list_filter = ("issue_date",)
    fields = ("organisation", "subject") + _DocumentAdminBase.readonly_fields
    inlines = [InvoiceLineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).credit_notes()

    def get_readonly_fields(self, request, obj=None):
        return ("organisation", "subject") + self.readonly_fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        return super().pdf_link(obj)


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = (
        "paid_on",
        "invoice",
        "amount_display",
        "payer_name",
        "method",
        "reverses",
        "created_by",
    )
    list_filter = ("method", "paid_on")
    date_hierarchy = "paid_on"
    search_fields = ("payer_name", "invoice__number", "invoice__organisation__legal_name", "note")
    list_select_related = ("invoice", "invoice__organisation", "reverses", "created_by")
    readonly_fields = (
        "invoice",
        "paid_on",
        "amount",
        "payer_name",
        "method",
        "note",
        "reverses",
        "created_at",
        "created_by",
    )
    actions = ["reverse_selected"]

    @admin.display(description=_("金額"), ordering="amount")
    def amount_display(self, obj):
        return yen(obj.amount)

    def get_actions(self, request):
        return _no_bulk_delete(super().get_actions(request))

    def has_add_permission(self, request):
        return False  # recorded from the invoice, through the service

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("選択した入金を取り消す（マイナスの入金を記録）"), permissions=["view"]
    )
    def reverse_selected(self, request, queryset):
        if not request.user.has_perm("billing.add_payment"):
            raise PermissionDenied
        if "reason" in request.POST:
            form = ReverseForm(request.POST)
            if form.is_valid():
                for payment in queryset:
                    try:
                        payments.payment_reverse(
                            payment=payment, actor=request.user, reason=form.cleaned_data["reason"]
                        )
                    except invoicing.InvoiceError as exc:
                        self.message_user(request, f"{payment}: {exc}", messages.ERROR)
                    else:
                        self.message_user(request, _("%(p)s を取り消しました。") % {"p": payment})
                return None
        else:
            form = ReverseForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("入金の取消"),
            "form": form,
            "payments": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "billing/admin/payment_reverse.html", context)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("取消理由"), widget=forms.Textarea(attrs={"rows": 2}))


class EstimateForm(forms.Form):
    addressee = forms.CharField(label=_("宛名（会社名）"), max_length=200)
    category = forms.ChoiceField(
        label=_("会員種別"), choices=[("corporate", _("法人")), ("expert", _("有識者"))]
    )
    capital = YenField(label=_("資本金（円）"), required=False, min_value=0)
    parent_ratio = forms.DecimalField(
        label=_("親会社の出資比率（%）"), required=False, min_value=0, max_value=100
    )
    admission_date = forms.DateField(
        label=_("入会日（想定）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("空欄の場合は入会日未定として、上期入会・下期入会の両方の金額を記載します。"),
    )

    def clean_admission_date(self):
        day = self.cleaned_data.get("admission_date")
        try:
            return day and check_admission_date(day, today=timezone.localdate())
        except ValueError as error:
            raise forms.ValidationError(str(error))


@admin.register(Estimate)
class EstimateAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "addressee",
        "source",
        "issue_date",
        "valid_until",
        "admission_date",
        "total_display",
        "pdf_link",
    )
    list_filter = ("source",)
    search_fields = ("number", "addressee", "organisation__legal_name")
    date_hierarchy = "issue_date"
    readonly_fields = (
        "number",
        "source",
        "organisation",
        "addressee",
        "subject",
        "issue_date",
        "valid_until",
        "admission_date",
        "assumption",
        "inputs",
        "lines",
        "alternatives",
        "total",
        "next_year_annual_fee",
        "pdf_link",
        "pdf_sha256",
        "created_at",
        "created_by",
    )
    exclude = ("pdf", "issuer")

    @admin.display(description=_("合計金額"), ordering="total")
    def total_display(self, obj):
        if obj.alternatives:
            return " / ".join(yen(alt["total"]) for alt in obj.alternatives)
        return yen(obj.total)

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}.pdf</a>',
            reverse("admin:billing_estimate_pdf", args=[obj.pk]),
            obj.number,
        )

    def get_actions(self, request):
        return _no_bulk_delete(super().get_actions(request))

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="billing_estimate_pdf",
            ),
        ] + super().get_urls()

    def pdf_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        estimate = get_object_or_404(Estimate, pk=pk)
        if not estimate.pdf:
            # The public calculator's estimates keep no file: drawn again from the row.
            response = HttpResponse(
                estimates.estimate_pdf(estimate=estimate), content_type="application/pdf"
            )
            disposition = "attachment" if request.GET.get("dl") else "inline"
            response["Content-Disposition"] = f'{disposition}; filename="{estimate.pdf_filename}"'
            response["Cache-Control"] = "private, no-store"
            response["X-Content-Type-Options"] = "nosniff"
            return response
        return serve_private_file(
            estimate.pdf,
            filename=f"{estimate.number}.pdf",
            as_attachment=bool(request.GET.get("dl")),
        )

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied

        form = EstimateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            figures = {
                "category": data["category"],
                "capital": data["capital"],
                "parent_ratio": data["parent_ratio"],
                "admission_date": data["admission_date"],
            }
            try:
                estimate = estimates.estimate_create(
                    quotes=estimate_quotes(**figures),
                    addressee=data["addressee"],
                    actor=request.user,
                    inputs=estimates.estimate_inputs(**figures),
                )
            except (invoicing.InvoiceError, ValueError) as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request, _("見積書 %(n)s を作成しました。") % {"n": estimate.number}
                )
                return HttpResponseRedirect(
                    reverse("admin:billing_estimate_change", args=[estimate.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("見積書の作成"),
            "form": form,
        }
        return TemplateResponse(request, "billing/admin/invoice_form_page.html", context)


# TAX_RATES is imported so the admin and the services agree on the treatments offered.
assert set(TAX_RATES) == set(InvoiceLine.TaxTreatment.values)
