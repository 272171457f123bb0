"""The portal invitation: a one-time link on which a contact sets a password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.services.invitations import InvitationError, invitation_accept, invitation_for_token


def invitation(request, token: str):
    try:
        invite = invitation_for_token(token)
    except InvitationError as exc:
        return render(request, "members/invitation_invalid.html", {"message": exc}, status=410)
    contact = invite.contact
    form = SetPasswordForm(user=None, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(raw=token, password=form.cleaned_data["new_password1"])
        except InvitationError as exc:
            return render(request, "members/invitation_invalid.html", {"message": exc}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("パスワードを設定しました。会員ポータルへようこそ。"))
        return redirect("members:portal_home")
    return render(
        request,
        "members/invitation.html",
        {"form": form, "contact": contact, "organisation": contact.organisation},
    )
