"""Admin mixins the apps share."""

from __future__ import annotations

from members.roles import is_secretariat


class SecretariatOnly:
    """Records the secretariat reads but changes only through the services' buttons."""

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
