"""Organisation scoping: the one helper every portal view uses to limit its queries."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from members.models import Contact
from members.selectors.memberships import current_membership


def user_organisation(user):
    """The organisation a member user belongs to, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not hasattr(user, "_organisation_cache"):
        contact = Contact.objects.select_related("organisation").filter(user_id=user.pk).first()
        user._organisation_cache = contact.organisation if contact else None
    return user._organisation_cache


def managing_contact(user) -> Contact | None:
    """The user's contact when they may manage their company's details in the portal: its
    会員代表者 or 実務担当, active, of a current member. None otherwise."""
    organisation = user_organisation(user)
    if organisation is None:
        return None
    contact = (
        Contact.objects.filter(user_id=user.pk, organisation=organisation, is_active=True)
        .filter(Q(is_member_representative=True) | Q(is_practical_contact=True))
        .first()
    )
    if contact is None or current_membership(organisation) is None:
        return None
    return contact


def scope_to_organisation(queryset: QuerySet, user, *, field: str = "organisation") -> QuerySet:
    """Limit a portal query to the user's own organisation. Users without one get 403."""
    organisation = user_organisation(user)
    if organisation is None:
        raise PermissionDenied
    if field in ("", "self", "pk"):
        return queryset.filter(pk=organisation.pk)
    return queryset.filter(**{field: organisation})


def member_required(view):
    """A portal view: logged in, and a contact of a member organisation."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        organisation = user_organisation(request.user)
        if organisation is None:
            raise PermissionDenied
        request.organisation = organisation
        return view(request, *args, **kwargs)

    return wrapper
