"""The fee schedule (会費表) the secretariat keeps."""

from django.contrib import admin

from aiga.admin import HistoryAdmin, SuperuserDeletes
from billing.models import FeeSchedule


@admin.register(FeeSchedule)
class FeeScheduleAdmin(SuperuserDeletes, HistoryAdmin):
    """The secretariat changes the fees here: a new row with a later effective date
    applies to admissions from that date; earlier admissions keep their schedule."""

    list_display = (
        "tier",
        "effective_from",
        "admission_fee",
        "annual_fee_first_half",
        "annual_fee_second_half",
        "note",
    )
    list_filter = ("tier", "effective_from")
    ordering = ("-effective_from", "tier")
    date_hierarchy = "effective_from"
    search_fields = ("note",)
    fields = (
        "tier",
        "effective_from",
        "admission_fee",
        "annual_fee_first_half",
        "annual_fee_second_half",
        "note",
    )
