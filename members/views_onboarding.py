"""Pages of step 7: the portal invitation, the public members' page, and the
secretariat's list of applications long unpaid."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from members.onboarding import MemberListing
from members.onboarding_selectors import overdue_days, public_listings, unpaid_applications
from members.onboarding_services import InvitationError, invitation_accept, invitation_for_token
from members.roles import SECRETARIAT, group_required


def invitation(request, token: str):
    try:
        invite = invitation_for_token(token)
    except InvitationError as exc:
        return render(
            request, "members/onboarding/invitation_invalid.html", {"message": exc}, status=410
        )
    contact = invite.contact
    form = SetPasswordForm(user=None, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(raw=token, password=form.cleaned_data["new_password1"])
        except InvitationError as exc:
            return render(
                request, "members/onboarding/invitation_invalid.html", {"message": exc}, status=410
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("パスワードを設定しました。会員ポータルへようこそ。"))
        return redirect("members:portal_home")
    return render(
        request,
        "members/onboarding/invitation.html",
        {"form": form, "contact": contact, "organisation": contact.organisation},
    )


def members_page(request):
    return render(request, "members/onboarding/members_page.html", {"listings": public_listings()})


def listing_logo(request, pk: int):
    listing = get_object_or_404(public_listings(), pk=pk)
    if not listing.logo:
        raise Http404
    try:
        handle = listing.logo.open("rb")
    except OSError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(listing.logo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@group_required(SECRETARIAT)
def unpaid(request):
    today = timezone.localdate()
    return render(
        request,
        "members/onboarding/unpaid.html",
        {"rows": unpaid_applications(today=today), "days": overdue_days(), "today": today},
    )


__all__ = ["invitation", "listing_logo", "members_page", "unpaid", "MemberListing"]
