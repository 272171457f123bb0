"""The second factor's pages (members.services.two_factor): the code asked after the
password (/accounts/two-factor/), setting up an authenticator and the recovery codes
(/accounts/two-factor/setup/), and the password asked again before a staff account is
changed (/accounts/reauthenticate/)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from members.forms import ReauthenticateForm, SecondFactorForm
from members.roles import landing_url
from members.services.two_factor import (
    TwoFactorError,
    base32_secret,
    has_second_factor,
    recovery_codes_renew,
    second_factor_check,
    second_factor_confirm,
    second_factor_disable,
    second_factor_required,
    totp_device_pending,
)
from members.sessions import reauthenticated_mark

REAUTHENTICATION_FAILURES = "aiga_reauthentication_failures"
# Wrong passwords on the re-authentication page before the session is ended (the log-in
# page's own brake, django-axes, then counts the next tries).
MAX_REAUTHENTICATION_FAILURES = 5


def _next(request) -> str:
    asked = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    allowed = url_has_allowed_host_and_scheme(
        asked, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return asked if allowed else ""


def _onward(request):
    return redirect(_next(request) or landing_url(request.user))


@login_required
def two_factor_verify(request):
    if request.user.is_verified():
        return _onward(request)
    if not has_second_factor(request.user):
        return redirect_keeping_next(request, "two_factor_setup")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_check(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return _onward(request)
        form.add_error("token", _("確認コードが正しくありません。"))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


def redirect_keeping_next(request, name: str):
    wanted = _next(request)
    return redirect(reverse(name) + (f"?{urlencode({'next': wanted})}" if wanted else ""))


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


@login_required
def two_factor_setup(request):
    user = request.user
    if has_second_factor(user):
        if not user.is_verified():
            return redirect_keeping_next(request, "two_factor_verify")
        return _manage(request)
    device = totp_device_pending(user=user)
    form = SecondFactorForm(request.POST or None)
    form.fields["token"].help_text = ""  # the steps above say it; no recovery codes yet
    if request.method == "POST" and form.is_valid():
        try:
            token = form.cleaned_data["token"]
            codes = second_factor_confirm(user=user, device=device, token=token)
        except TwoFactorError as exc:
            form.add_error("token", str(exc))
        else:
            device.refresh_from_db()
            otp_login(request, device)
            return _codes(request, codes, first=True)
    context = {
        "form": form,
        "next": _next(request),
        "required": second_factor_required(user),
        "secret": base32_secret(device),
        "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - drawn by qrcode, no input
    }
    return render(request, "registration/two_factor_setup.html", context)


def _codes(request, codes: list[str], *, first: bool):
    return render(
        request,
        "registration/two_factor_codes.html",
        {"codes": codes, "first": first, "onward": _next(request) or landing_url(request.user)},
    )


def _manage(request):
    user = request.user
    if request.method == "POST":
        try:
            if request.POST.get("action") == "renew":
                return _codes(request, recovery_codes_renew(user=user), first=False)
            if request.POST.get("action") == "disable":
                second_factor_disable(user=user)
                messages.success(request, _("二段階認証を解除しました。"))
                return redirect("two_factor_setup")
        except TwoFactorError as exc:
            messages.error(request, str(exc))
        return redirect("two_factor_setup")
    return render(
        request,
        "registration/two_factor_manage.html",
        {"required": second_factor_required(user), "onward": landing_url(user)},
    )


@login_required
def reauthenticate(request):
    """The password again, and the second factor's code for whoever has one."""
    user = request.user
    with_code = has_second_factor(user)
    form = ReauthenticateForm(request.POST or None)
    if with_code:
        form.fields["token"] = SecondFactorForm.base_fields["token"]
    if request.method == "POST" and form.is_valid():
        if not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("パスワードが正しくありません。"))
        elif with_code and second_factor_check(user=user, token=form.cleaned_data["token"]) is None:
            form.add_error("token", _("確認コードが正しくありません。"))
        else:
            reauthenticated_mark(request)
            request.session.pop(REAUTHENTICATION_FAILURES, None)
            return _onward(request)
        failures = request.session.get(REAUTHENTICATION_FAILURES, 0) + 1
        request.session[REAUTHENTICATION_FAILURES] = failures
        if failures >= MAX_REAUTHENTICATION_FAILURES:
            logout(request)
            messages.error(request, _("確認に続けて失敗したため、ログアウトしました。"))
            return redirect("login")
    return render(
        request, "registration/reauthenticate.html", {"form": form, "next": _next(request)}
    )
