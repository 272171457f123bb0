"""Officers (directors and the auditor). Board meetings are administered with their agendas
in members/admissions/admin/review.py; written resolutions' consents, attendance and the
minutes' approval in members/admin/resolutions.py."""

from django.contrib import admin

from aiga.admin import HistoryAdmin
from members.admin import resolutions  # noqa: F401 (registers the board's records)
from members.models import Officer


@admin.register(Officer)
class OfficerAdmin(HistoryAdmin):
    list_display = ("name", "role", "title", "user", "order", "is_active")
    list_editable = ("order", "is_active")
    list_select_related = ("user",)
    raw_id_fields = ("user",)  # the account the officer logs in with, if any

    def has_delete_permission(self, request, obj=None):
        return False  # an officer who leaves is made inactive: applications name them
