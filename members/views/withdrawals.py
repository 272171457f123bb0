"""The portal's 退会届 page: the 会員代表者 submits or cancels a withdrawal."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from members.models import Withdrawal
from members.scoping import member_required, scope_to_organisation
from members.selectors.organisations import representative_contact
from members.services.withdrawals import (
    WithdrawalError,
    open_withdrawal,
    withdrawal_cancel,
    withdrawal_rule,
    withdrawal_submit,
)
from members.withdrawal_dates import FISCAL_YEAR_END, withdrawal_effective_date


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("退会の理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    wished_date = forms.DateField(
        label=_("退会希望日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    no_refund = forms.BooleanField(
        label=_("お支払い済みの会費は返金されないことを了承します。"), required=True
    )


def _is_representative(request) -> bool:
    return representative_contact(request.organisation, request.user) is not None


@member_required
def withdrawal_page(request):
    organisation = request.organisation
    today = timezone.localdate()
    representative = _is_representative(request)
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST":
        if not representative:
            form.add_error(None, _("退会届を提出できるのは会員代表者の方のみです。"))
        elif form.is_valid():
            try:
                withdrawal_submit(
                    organisation=organisation,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    wished_date=form.cleaned_data["wished_date"],
                    today=today,
                )
            except WithdrawalError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("退会届を受け付けました。"))
                return redirect("members_withdrawal:page")
    rule = withdrawal_rule()
    return render(
        request,
        "members/portal_withdrawal.html",
        {
            "form": form,
            "open": open_withdrawal(organisation),
            "past": scope_to_organisation(Withdrawal.objects.all(), request.user).exclude(
                status__in=Withdrawal.OPEN
            ),
            "is_representative": representative,
            "rule_is_fiscal_year_end": rule == FISCAL_YEAR_END,
            "effective_if_today": withdrawal_effective_date(
                notice_on=today, wished_on=None, rule=rule
            ),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@member_required
def withdrawal_cancel_view(request, pk: int):
    withdrawal = get_object_or_404(
        scope_to_organisation(Withdrawal.objects.all(), request.user), pk=pk
    )
    try:
        withdrawal_cancel(withdrawal=withdrawal, actor=request.user)
    except WithdrawalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("退会届を取り消しました。"))
    return redirect("members_withdrawal:page")
