"""The portal's self-service (/portal/profile/): the company's details and its 変更届, its
people and their roles, each person's own settings, and the members' page logo. Every
query is scoped to the logged-in person's organisation; another company's ids are 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aiga.files import serve_private_file, serve_user_image
from members.forms import (
    PORTAL_ROLE_LABELS,
    ChangeNoticeForm,
    ColleagueForm,
    ContactRolesForm,
    LogoForm,
    MySettingsForm,
)
from members.models import ChangeNotice, Contact, MemberListing
from members.scoping import managing_contact, member_required, scope_to_organisation
from members.selectors.organisations import member_representative
from members.services.change_notices import (
    ChangeNoticeError,
    change_notice_submit,
    change_notice_withdraw,
    current_values,
    legal_representative,
)
from members.services.invitations import InvitationError, contact_invite
from members.services.listing import ListingError, listing_logo_submit
from members.services.mailing_list import mailing_list_addresses, mailing_list_subscription_set
from members.services.people import (
    PORTAL_ROLES,
    PeopleError,
    contact_add,
    contact_roles_change,
    contact_set_active,
    user_language_set,
)


def _posted(request):
    """The form's data when posted (even empty: every field then says what is missing)."""
    return request.POST if request.method == "POST" else None


def _manager(request) -> Contact:
    """The 会員代表者 or 実務担当 acting; anyone else of the company is refused."""
    contact = managing_contact(request.user)
    if contact is None:
        raise PermissionDenied
    return contact


def _notices(request):
    return scope_to_organisation(
        ChangeNotice.objects.select_related("requested_by"), request.user
    ).order_by("-submitted_at", "-id")


def _contacts(request):
    return scope_to_organisation(Contact.objects.all(), request.user)


@member_required
def profile(request):
    organisation = request.organisation
    listing = MemberListing.objects.filter(organisation=organisation).first()
    return render(
        request,
        "members/profile/profile.html",
        {
            "organisation": organisation,
            "legal_representative": legal_representative(organisation),
            "member_representative": member_representative(organisation),
            "notices": _notices(request)[:20],
            "open_notice": _notices(request).filter(status=ChangeNotice.Status.SUBMITTED).first(),
            "can_manage": managing_contact(request.user) is not None,
            "listing": listing,
        },
    )


@member_required
def notice_new(request):
    _manager(request)
    organisation = request.organisation
    initial = current_values(organisation)
    form = ChangeNoticeForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        organisation=organisation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        values = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in ("document", "member_note")
        }
        try:
            notice = change_notice_submit(
                organisation=organisation,
                actor=request.user,
                values=values,
                document=form.cleaned_data.get("document"),
                member_note=form.cleaned_data.get("member_note") or "",
            )
        except ChangeNoticeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("変更届を提出しました。事務局の確認後、登録内容に反映されます。")
            )
            return redirect("members_profile:notice", notice.pk)
    return render(request, "members/profile/notice_form.html", {"form": form})


@member_required
def notice(request, pk: int):
    notice = get_object_or_404(_notices(request), pk=pk)
    return render(
        request,
        "members/profile/notice.html",
        {"notice": notice, "can_manage": managing_contact(request.user) is not None},
    )


@member_required
@require_POST
def notice_withdraw(request, pk: int):
    notice = get_object_or_404(_notices(request), pk=pk)
    try:
        change_notice_withdraw(notice=notice, actor=request.user)
    except ChangeNoticeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("変更届を取り下げました。"))
    return redirect("members_profile:notice", notice.pk)


@member_required
def notice_document(request, pk: int):
    notice = get_object_or_404(_notices(request).exclude(document=""), pk=pk)
    return serve_private_file(notice.document)


# ---------------------------------------------------------------- people


@member_required
def people(request):
    contacts = _contacts(request).select_related("user").order_by("-is_active", "id")
    manager = managing_contact(request.user)
    return render(
        request,
        "members/profile/people.html",
        {"contacts": contacts, "can_manage": manager is not None, "me": manager},
    )


@member_required
def person_add(request):
    _manager(request)
    form = ColleagueForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = contact_add(
                organisation=request.organisation,
                actor=request.user,
                fields=data,
                roles={name: data.get(name) for name in PORTAL_ROLES},
            )
        except PeopleError as exc:
            form.add_error("email", str(exc))
        else:
            try:
                contact_invite(contact=contact, actor=request.user)
            except InvitationError as exc:
                messages.warning(request, str(exc))
            else:
                messages.success(
                    request,
                    _("%(name)s さんを登録し、会員ポータルへの招待メールを送りました。")
                    % {"name": contact.full_name},
                )
            return redirect("members_profile:people")
    return render(request, "members/profile/person_add.html", {"form": form})


@member_required
def person(request, pk: int):
    manager = _manager(request)
    contact = get_object_or_404(_contacts(request), pk=pk)
    initial = {name: getattr(contact, name) for name in PORTAL_ROLES}
    form = ContactRolesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact_roles_change(contact=contact, actor=request.user, roles=form.cleaned_data)
        except PeopleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("役割を変更しました。"))
            return redirect("members_profile:people")
    return render(
        request,
        "members/profile/person.html",
        {"form": form, "contact": contact, "me": manager, "role_labels": PORTAL_ROLE_LABELS},
    )


@member_required
@require_POST
def person_deactivate(request, pk: int):
    _manager(request)
    contact = get_object_or_404(_contacts(request), pk=pk)
    try:
        contact_set_active(contact=contact, active=False, actor=request.user)
    except PeopleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s さんの在籍を外しました。ログインはできなくなります。")
            % {"name": contact.full_name},
        )
    return redirect("members_profile:people")


@member_required
@require_POST
def person_invite(request, pk: int):
    _manager(request)
    contact = get_object_or_404(_contacts(request).filter(is_active=True), pk=pk)
    try:
        contact_invite(contact=contact, actor=request.user)
    except InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s さんに招待メールを送りました。") % {"name": contact.full_name},
        )
    return redirect("members_profile:people")


# ---------------------------------------------------------------- my settings, logo


@member_required
def my_settings(request):
    user = request.user
    contact = _contacts(request).filter(user=user).first()
    subscribed = bool(contact and contact.email) and (
        contact.email.lower() in mailing_list_addresses(request.organisation)
    )
    form = MySettingsForm(
        _posted(request), initial={"language": user.language, "mailing_list": subscribed}
    )
    if request.method == "POST" and form.is_valid():
        user_language_set(user=user, language=form.cleaned_data["language"])
        if contact is not None and contact.email:
            mailing_list_subscription_set(
                organisation=request.organisation,
                email=contact.email,
                subscribed=form.cleaned_data["mailing_list"],
                actor=user,
            )
        translation.activate(user.language)
        response = redirect("members_profile:settings")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language)
        messages.success(request, _("設定を保存しました。"))
        return response
    return render(request, "members/profile/settings.html", {"form": form, "contact": contact})


@member_required
def logo(request):
    listing = MemberListing.objects.filter(organisation=request.organisation).first()
    can_manage = managing_contact(request.user) is not None
    form = LogoForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST":
        _manager(request)
        if form.is_valid():
            try:
                listing_logo_submit(
                    organisation=request.organisation,
                    actor=request.user,
                    logo=form.cleaned_data["logo"],
                )
            except ListingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("ロゴを受け付けました。事務局の確認後に掲載されます。"))
                return redirect("members_profile:logo")
    return render(
        request,
        "members/profile/logo.html",
        {"form": form, "listing": listing, "can_manage": can_manage},
    )


@member_required
def logo_image(request, which: str):
    """The company's listed logo (current) or the one waiting for the secretariat (pending)."""
    listing = get_object_or_404(MemberListing, organisation=request.organisation)
    image = listing.pending_logo if which == "pending" else listing.logo
    if not image:
        raise Http404
    return serve_user_image(image)
