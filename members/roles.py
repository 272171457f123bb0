"""The groups users hold. Permissions follow the groups, not a single role: one person
(the brochure's 業務執行理事 兼 事務局長) may be both a director and secretariat staff."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from members.scoping import user_organisation

SECRETARIAT = "Secretariat"
BOARD = "Board"

# Models the secretariat administers in full, by app label; audit entries are view-only.
SECRETARIAT_FULL_APPS = ("members", "admissions", "billing", "navi", "events")
SECRETARIAT_VIEW_ONLY = {("aiga", "auditentry"), ("aiga", "outboxmessage")}
SECRETARIAT_EDIT = {("aiga", "emailtemplate")}
# A company's own answers (the Navi's self-assessments): no group is given any permission
# of these models; the secretariat reads them only with `navi.view_answers`, granted to
# named people.
NO_GROUP_PERMISSIONS = {("navi", "naviassessment"), ("navi", "navianswer")}


def grant_groups(user, names) -> None:
    """Put the user in the groups. Secretariat staff are Django staff (the admin), never
    superusers. Shared by the demo, the tests' factories and create_secretariat_user."""
    for name in names:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if SECRETARIAT in names and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user._group_names_cache = None


def in_group(user, name: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cache = getattr(user, "_group_names_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._group_names_cache = cache
    return name in cache


def is_secretariat(user) -> bool:
    return in_group(user, SECRETARIAT) or bool(getattr(user, "is_superuser", False))


def is_board(user) -> bool:
    return in_group(user, BOARD)


def is_member(user) -> bool:
    return user_organisation(user) is not None


def is_privileged(user) -> bool:
    """Staff (the admin), the secretariat or the board: accounts that reach every company's
    data, held to the second factor and the shorter idle time."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_staff or user.is_superuser or is_secretariat(user) or is_board(user))
    )


def workplaces(user) -> list[str]:
    """The URL names of the pages where the user works, one per role held: the secretariat's
    admin, the board's queue, the member portal. Named, not imported: the board's pages
    belong to an app above this one."""
    names = []
    if is_secretariat(user):
        names.append("admin:index")
    if is_board(user):
        names.append("admissions:board_home")
    if is_member(user):
        names.append("members:portal_home")
    return names


def landing_url(user) -> str:
    """Where a user goes after logging in when no safe `next` says otherwise: the page of
    their one role, the page that offers each of several, or the home page with none. The
    one decision for every log-in path (the site's, the admin's, a later second factor)."""
    names = workplaces(user)
    if len(names) == 1:
        return reverse(names[0])
    if names:
        return reverse("members:choose_role")
    return reverse("home")


def group_required(*names: str):
    """Allow users in any of the groups; anonymous users go to log-in, others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(in_group(user, name) for name in names):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def ensure_groups(sender=None, **kwargs):
    """post_migrate: create the groups and grant their permissions."""

    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT)
    board, _ = Group.objects.get_or_create(name=BOARD)

    perms = Permission.objects.select_related("content_type")
    sec_perms = []
    board_perms = []
    for perm in perms:
        app, model = perm.content_type.app_label, perm.content_type.model
        action = perm.codename.split("_", 1)[0]
        if (app, model) in NO_GROUP_PERMISSIONS:
            continue
        if app in SECRETARIAT_FULL_APPS and model != "user":
            sec_perms.append(perm)
        elif (app, model) in SECRETARIAT_VIEW_ONLY and action == "view":
            sec_perms.append(perm)
        elif (app, model) in SECRETARIAT_EDIT and action in ("view", "change"):
            sec_perms.append(perm)
        elif app == "members" and model == "user" and action in ("view", "add", "change"):
            sec_perms.append(perm)
        if app in SECRETARIAT_FULL_APPS and (
            action == "view" or perm.codename.startswith("decide")
        ):
            board_perms.append(perm)
    secretariat.permissions.set(sec_perms)
    board.permissions.set(board_perms)
