"""Officers (directors and the auditor). Board meetings are administered with their agendas
in members/admissions/admin/review.py."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from members.models import Officer


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "role", "title", "order", "is_active")
    list_editable = ("order", "is_active")
