"""Officers (directors and the auditor). Board meetings are administered with their agendas
in members/admissions/admin/review.py."""

from django.contrib import admin

from aiga.admin import HistoryAdmin
from members.models import Officer


@admin.register(Officer)
class OfficerAdmin(HistoryAdmin):
    list_display = ("name", "role", "title", "order", "is_active")
    list_editable = ("order", "is_active")

    def has_delete_permission(self, request, obj=None):
        return False  # an officer who leaves is made inactive: applications name them
