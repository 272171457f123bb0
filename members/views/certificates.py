"""The member's certificates in the portal, and the public page that checks one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from aiga.files import serve_private_file
from members.models import MembershipCertificate
from members.scoping import member_required
from members.selectors.certificates import certificate_verification, member_certificates
from members.selectors.memberships import current_membership
from members.services.certificates import (
    CertificateError,
    certificate_issue,
    certificate_render_pdf,
)

# Anyone may check a certificate; a script trying codes gets nowhere (192 bits) but is
# slowed down all the same.
VERIFY_PER_MINUTE = "20/m"
VERIFY_PER_DAY = "200/d"


class CertificateForm(forms.Form):
    language = forms.ChoiceField(
        label=_("言語"),
        choices=MembershipCertificate.Language.choices,
        initial=MembershipCertificate.Language.JA,
        widget=forms.RadioSelect,
    )


@member_required
def certificate_list(request):
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_issue(
                organisation=request.organisation,
                language=form.cleaned_data["language"],
                actor=request.user,
            )
        except CertificateError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("会員証明書を発行しました。下の一覧からPDFを開けます。"))
            return redirect("members_certificate:list")
    return render(
        request,
        "members/portal_certificates.html",
        {
            "form": form,
            "membership": current_membership(request.organisation),
            "certificates": member_certificates(request.user),
        },
        status=400 if form.errors else 200,
    )


@member_required
def certificate_pdf(request, pk: int):
    certificate = get_object_or_404(member_certificates(request.user), pk=pk)
    if not certificate.pdf:  # rendering failed after issue: try again now
        certificate = certificate_render_pdf(certificate_id=certificate.pk)
    return serve_private_file(
        certificate.pdf, filename=certificate.pdf_filename, as_attachment=False
    )


@never_cache
@require_GET
@ratelimit(key="ip", rate=VERIFY_PER_MINUTE, method="GET", block=False)
@ratelimit(key="ip", rate=VERIFY_PER_DAY, method="GET", block=False)
def certificate_verify(request, code: str):
    """Whether a certificate is genuine and its company a member today, and nothing else.
    An unknown code, and too many questions, get the same page shape."""
    if getattr(request, "limited", False):
        return render(request, "members/certificate_verify.html", {"limited": True}, status=429)
    result = certificate_verification(code)
    response = render(request, "members/certificate_verify.html", {"result": result})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
