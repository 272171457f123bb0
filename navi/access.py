"""Who reads the Navi's full content (the level texts, the crosswalk, the comparison):
contacts of a member organisation and the secretariat. Everyone sees /navi/'s titles."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from members.roles import is_member, is_secretariat


def can_read_content(user) -> bool:
    return is_member(user) or is_secretariat(user)


def reader_required(view):
    """Anonymous users go to log in; a logged-in user who is neither is refused (403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_read_content(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
