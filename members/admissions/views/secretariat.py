"""The secretariat's list of applications whose first invoice is long unpaid."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from members.admissions.selectors.onboarding import overdue_days, unpaid_applications
from members.roles import SECRETARIAT, group_required


@group_required(SECRETARIAT)
def unpaid(request):
    today = timezone.localdate()
    return render(
        request,
        "admissions/unpaid.html",
        {"rows": unpaid_applications(today=today), "days": overdue_days(), "today": today},
    )
