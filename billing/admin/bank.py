"""Admin for the bank's files: import one (the list's add button), then confirm its
proposals on one screen (the record's page), one by one or all certain ones at once."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aiga.admin import messages
from aiga.templatetags.aiga_format import jdate, yen
from aiga.uploads import TextFileUploadField
from billing.models import BankLine, BankStatement, Invoice
from billing.services import bank
from billing.services.payments import transfer_fee_shortfall
from members.kana import ascii_width


class BankImportForm(forms.Form):
    file = TextFileUploadField(
        label=_("銀行のファイル"),
        help_text=_(
            "全銀協形式の入出金取引明細・振込入金通知（固定長200バイト）、"
            "またはネットバンキングのCSV（Shift_JIS）。入金の明細だけを取り込みます。"
        ),
    )


@admin.register(BankStatement)
class BankStatementAdmin(admin.ModelAdmin):
    list_display = (
        "filename",
        "format",
        "period_display",
        "credit_count",
        "total_display",
        "open_display",
        "created_at",
        "created_by",
    )
    list_filter = ("format",)
    list_select_related = ("created_by",)
    search_fields = ("filename", "lines__payer_name")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(open_lines=Count("lines", filter=Q(lines__status=BankLine.Status.PROPOSED)))
        )

    @admin.display(description=_("期間"))
    def period_display(self, obj):
        if obj.period_from == obj.period_to:
            return jdate(obj.period_from)
        return f"{jdate(obj.period_from)}～{jdate(obj.period_to)}"

    @admin.display(description=_("入金合計"), ordering="credit_total")
    def total_display(self, obj):
        return yen(obj.credit_total)

    @admin.display(description=_("未確認"), ordering="open_lines")
    def open_display(self, obj):
        return _("%(n)s件") % {"n": obj.open_lines} if obj.open_lines else "—"

    def get_actions(self, request):
        return {}

    def has_change_permission(self, request, obj=None):
        return False  # lines are booked by the confirm screen's buttons

    def has_delete_permission(self, request, obj=None):
        return False  # kept: the record that a file was imported

    def _can_book(self, request):
        return request.user.has_perm("billing.add_payment") and request.user.has_perm(
            "billing.add_bankstatement"
        )

    # -------------------------------------------------------------- import

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BankImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                statement = bank.bank_statement_import(
                    filename=upload.name,
                    data=upload.read(),
                    actor=request.user,
                    today=timezone.localdate(),
                )
            except bank.BankImportError as exc:
                form.add_error(
                    "file",
                    _("「%(name)s」を取り込めませんでした。%(error)s")
                    % {"name": upload.name, "error": exc},
                )
            else:
                lines = statement.lines.all()
                certain = sum(1 for line in lines if line.confidence == BankLine.Confidence.HIGH)
                self.message_user(
                    request,
                    _(
                        "「%(name)s」を取り込みました。入金%(n)s件のうち確実な候補は%(c)s件です。"
                        "内容を確認して記録してください。"
                    )
                    % {"name": statement.filename, "n": statement.credit_count, "c": certain},
                )
                return HttpResponseRedirect(self._statement_url(statement))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("入金明細の取込"),
            "form": form,
            "recent": BankStatement.objects.order_by("-created_at")[:5],
        }
        return TemplateResponse(request, "billing/admin/bank_import.html", context)

    # -------------------------------------------------------------- confirm screen

    def change_view(self, request, object_id, form_url="", extra_context=None):
        statement = self.get_object(request, object_id)
        if statement is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, statement):
            raise PermissionDenied
        only_open = request.GET.get("show") == "open"
        shown = statement.lines.filter(status=BankLine.Status.PROPOSED) if only_open else None
        lines = list(
            (shown if shown is not None else statement.lines)
            .select_related(
                "invoice",
                "invoice__organisation",
                "payment",
                "decided_by",
                "duplicate_of__statement",
            )
            .order_by("line_number")
        )
        balances = dict(
            Invoice.objects.filter(pk__in=[line.invoice_id for line in lines if line.invoice_id])
            .with_paid_amount()
            .values_list("pk", "paid_amount_sum")
        )
        rows = []
        for line in lines:
            invoice = line.invoice
            balance = invoice.total - int(balances.get(invoice.pk) or 0) if invoice else None
            difference = line.amount - balance if invoice and line.is_open else None
            rows.append(
                {
                    "line": line,
                    "balance": balance,
                    "difference": difference,
                    "shortfall": -difference if difference and difference < 0 else 0,
                    "fee_shortfall": (
                        -difference
                        if difference is not None
                        and 0 < -difference <= settings.BILLING_TRANSFER_FEE_TOLERANCE
                        else 0
                    ),
                }
            )
        certain = sum(
            1
            for line in lines
            if line.is_open and line.confidence == BankLine.Confidence.HIGH and line.invoice_id
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": statement,
            "statement": statement,
            "title": _("入金明細の確認"),
            "rows": rows,
            "certain": certain,
            "only_open": only_open,
            "can_book": self._can_book(request),
            "tolerance": settings.BILLING_TRANSFER_FEE_TOLERANCE,
        }
        return TemplateResponse(request, "billing/admin/bank_statement.html", context)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/confirm-certain/",
                self.admin_site.admin_view(self.confirm_certain_view),
                name="billing_bankstatement_confirm_certain",
            ),
            path(
                "<int:pk>/lines/<int:line_id>/confirm/",
                self.admin_site.admin_view(self.confirm_line_view),
                name="billing_bankstatement_confirm_line",
            ),
            path(
                "<int:pk>/lines/<int:line_id>/skip/",
                self.admin_site.admin_view(self.skip_line_view),
                name="billing_bankstatement_skip_line",
            ),
        ]
        return urls + super().get_urls()

    def _statement_url(self, statement, request=None):
        url = reverse("admin:billing_bankstatement_change", args=[statement.pk])
        if request is not None and request.POST.get("show") == "open":
            url += "?show=open"  # back to the list the secretariat was working through
        return url

    def _post_only(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self._can_book(request):
            raise PermissionDenied
        return None

    def confirm_certain_view(self, request, pk):
        if refused := self._post_only(request):
            return refused
        statement = get_object_or_404(BankStatement, pk=pk)
        try:
            count = bank.bank_lines_confirm_confident(statement=statement, actor=request.user)
        except bank.BankImportError as exc:
            self.message_user(
                request,
                _("記録しませんでした（1件も記録していません）。%(error)s") % {"error": exc},
                messages.ERROR,
            )
        else:
            if count:
                self.message_user(
                    request, _("確実な候補%(n)s件の入金を記録しました。") % {"n": count}
                )
            else:
                self.message_user(
                    request, _("記録できる確実な候補はありません。"), messages.WARNING
                )
        return HttpResponseRedirect(self._statement_url(statement, request))

    def confirm_line_view(self, request, pk, line_id):
        if refused := self._post_only(request):
            return refused
        line = get_object_or_404(
            BankLine.objects.select_related("statement"), pk=line_id, statement_id=pk
        )
        number = ascii_width(request.POST.get("invoice_number", "")).strip().upper()
        invoice = None
        if number:
            invoice = Invoice.objects.invoices().filter(number=number).first()
            if invoice is None:
                self.message_user(
                    request,
                    _("%(n)s行目: 請求書番号「%(number)s」の請求書はありません。")
                    % {"n": line.line_number, "number": number},
                    messages.ERROR,
                )
                return HttpResponseRedirect(self._statement_url(line.statement, request))
        try:
            payment = bank.bank_line_confirm(
                line=line,
                invoice=invoice,
                write_off_fee=bool(request.POST.get("write_off_fee")),
                actor=request.user,
            )
        except bank.BankImportError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            invoice = Invoice.objects.with_paid_amount().get(pk=payment.invoice_id)
            text = _("%(n)s行目の入金を %(number)s に記録しました。") % {
                "n": line.line_number,
                "number": invoice.number,
            }
            if invoice.balance > 0:
                text += " " + _("不足額: %(v)s") % {"v": yen(invoice.balance)}
                if transfer_fee_shortfall(invoice):
                    text += _("（振込手数料として処理できます）")
                self.message_user(request, text, messages.WARNING)
            elif invoice.balance < 0:
                text += " " + _("過入金: %(v)s") % {"v": yen(-invoice.balance)}
                self.message_user(request, text, messages.WARNING)
            else:
                self.message_user(request, text + " " + _("入金済になりました。"))
        return HttpResponseRedirect(self._statement_url(line.statement, request))

    def skip_line_view(self, request, pk, line_id):
        if refused := self._post_only(request):
            return refused
        line = get_object_or_404(
            BankLine.objects.select_related("statement"), pk=line_id, statement_id=pk
        )
        try:
            bank.bank_line_skip(line=line, actor=request.user)
        except bank.BankImportError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, _("%(n)s行目を対象外にしました。") % {"n": line.line_number})
        return HttpResponseRedirect(self._statement_url(line.statement, request))
