"""The public application pages: agreements, the form, drafts, the live quote."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from members import kana, postal
from members.admissions import workflow
from members.admissions.forms import (
    AgreementForm,
    ApplicationForm,
    ContactFormSet,
    DraftLinkForm,
    WithdrawForm,
)
from members.admissions.models import AgreementDocument, Application
from members.admissions.selectors.applications import (
    DraftLinkError,
    current_documents,
    draft_from_token,
    live_quote,
    missing_consents,
    withdrawable_from_token,
)
from members.admissions.services.applications import (
    ApplicationError,
    ConsentInput,
    LogoInput,
    application_save_draft,
    application_send_draft_link,
    application_submit,
    application_withdraw,
)
from members.admissions.services.review import ReviewError, application_resubmit

SESSION_CONSENT = "apply_consent"
SESSION_DRAFT = "apply_draft_id"
SESSION_DONE = "apply_done"


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _session_consent(request) -> ConsentInput | None:
    raw = request.session.get(SESSION_CONSENT)
    if not raw:
        return None
    try:
        return ConsentInput(
            document_ids=[int(i) for i in raw["document_ids"]],
            agreed_by_name=str(raw["agreed_by_name"]),
            agreed_at=datetime.datetime.fromisoformat(raw["agreed_at"]),
            ip=raw.get("ip"),
            hashes={int(k): str(v) for k, v in (raw.get("hashes") or {}).items()},
        )
    except (KeyError, TypeError, ValueError):
        return None


def _session_draft(request) -> Application | None:
    draft_id = request.session.get(SESSION_DRAFT)
    if not draft_id:
        return None
    draft = (
        Application.objects.filter(
            pk=draft_id,
            status__in=[Application.Status.DRAFT, Application.Status.CORRECTION_REQUESTED],
        )
        .prefetch_related("contacts")
        .first()
    )
    if draft is None:
        request.session.pop(SESSION_DRAFT, None)
    return draft


def _too_many(request):
    return render(request, "admissions/apply_limited.html", status=429)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/m", method="POST", block=False)
def apply_agreements(request):
    """Step 1 (ご同意事項の確認): one checkbox per document version in force."""
    if getattr(request, "limited", False):
        return _too_many(request)
    documents = current_documents()
    form = AgreementForm(request.POST or None, documents=documents)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_CONSENT] = {
            "document_ids": [d.pk for d in documents],
            "hashes": {str(d.pk): d.sha256 for d in documents},
            "agreed_by_name": form.cleaned_data["agreed_by_name"],
            "agreed_at": timezone.now().isoformat(),
            "ip": _client_ip(request),
        }
        return redirect("admissions:form")
    return render(
        request,
        "admissions/apply_agreements.html",
        {"form": form, "has_draft": bool(request.session.get(SESSION_DRAFT))},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/m", method="POST", block=False)
def apply_form(request):
    """Step 2 (入会申込フォーム): save a draft or submit."""
    if getattr(request, "limited", False):
        return _too_many(request)
    draft = _session_draft(request)
    consent = _session_consent(request)
    if draft is None and consent is None:
        messages.info(request, _("入会申込の前に、ご同意事項をご確認ください。"))
        return redirect("admissions:agreements")
    pending_ids = set(consent.document_ids) if consent else set()
    outdated = missing_consents(application=draft, document_ids=pending_ids)
    if outdated:
        messages.warning(
            request,
            _("改定された文書があります。最新の内容をご確認のうえ、改めてご同意ください。"),
        )
        return redirect("admissions:agreements")

    correcting = bool(draft and draft.status == Application.Status.CORRECTION_REQUESTED)
    correction = draft.correction_requests.order_by("-round").first() if correcting else None
    saved_people = list(draft.contacts.all()) if draft else []
    if request.method == "POST":
        action = request.POST.get("action", "submit")
        # A correction is resubmitted as a whole; there is no draft of it to save.
        submitting = correcting or action != "save"
        form = ApplicationForm(request.POST, request.FILES, instance=draft, submitting=submitting)
        people = ContactFormSet(request.POST, holders=form.role_holders(), submitting=submitting)
        form_valid, people_valid = form.is_valid(), people.is_valid()  # both show errors
        if form_valid and people_valid:
            upload = form.cleaned_data.get("logo")
            logo = LogoInput(content=upload.read()) if upload else None
            data = {**form.application_data(), "language": request.LANGUAGE_CODE or "ja"}
            contacts = people.contacts(cc_emails=form.cleaned_data["bill_cc"])
            kwargs = {
                "application_id": draft.pk if draft else None,
                "data": data,
                "contacts": contacts,
                "consent": consent,
                "logo": logo,
            }
            try:
                if correcting:
                    application = application_resubmit(
                        application_id=draft.pk, data=data, contacts=contacts
                    )
                elif submitting:
                    application = application_submit(**kwargs)
                else:
                    application, link_sent = application_save_draft(**kwargs)
            except ReviewError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except ApplicationError as exc:
                if exc.code == "consent_missing":
                    messages.warning(request, exc.message)
                    return redirect("admissions:agreements")
                if exc.code == "not_draft":
                    request.session.pop(SESSION_DRAFT, None)
                    messages.warning(request, exc.message)
                    return redirect("admissions:agreements")
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                request.session.pop(SESSION_CONSENT, None)
                if submitting:
                    request.session.pop(SESSION_DRAFT, None)
                    request.session[SESSION_DONE] = {
                        "reference": application.reference,
                        "email": application.applicant_email,
                    }
                    return redirect("admissions:done")
                request.session[SESSION_DRAFT] = application.pk
                if link_sent:
                    messages.success(
                        request,
                        _("下書きを保存しました。再開用のリンクを %(email)s にお送りしました。")
                        % {"email": application.applicant_email},
                    )
                else:
                    messages.success(request, _("下書きを保存しました。"))
                return redirect("admissions:form")
    else:
        form = ApplicationForm(instance=draft)
        people = ContactFormSet(contacts=saved_people)
    return render(
        request,
        "admissions/apply_form.html",
        {
            "form": form,
            "people": people,
            "draft": draft,
            "correction": correction,
            "fresh": draft is None and request.method == "GET",
        },
    )


@require_POST
@ratelimit(key="ip", rate="120/m", method="POST", block=False)
def apply_quote(request):
    """The live quote (htmx partial). The fee rules decide the tier from the figures."""
    if getattr(request, "limited", False):
        return render(
            request, "admissions/apply_quote.html", {"error": _("しばらくお待ちください。")}
        )
    category = request.POST.get("category") or workflow.CORPORATE
    if category not in workflow.CATEGORIES:
        category = workflow.CORPORATE
    capital_kind = request.POST.get("capital_kind") or "plain"
    if capital_kind not in Application.CapitalKind.values:
        capital_kind = "plain"
    error = ""
    try:
        capital = kana.parse_yen(request.POST.get("share_capital", ""))
    except kana.AmountTooLargeError:
        capital, error = None, _("資本金の金額が大きすぎます。桁数をご確認ください。")
    except ValueError:
        capital, error = None, _("資本金は円単位の数字で入力してください。")
    ratio = None
    if request.POST.get("has_parent") in ("on", "true", "1"):
        try:
            ratio = kana.parse_percent(request.POST.get("parent_ratio", ""))
        except ValueError:
            error = _("出資比率は0から100までの数字で入力してください。")
        if ratio is not None and not (0 <= ratio <= 100):
            ratio, error = None, _("出資比率は0から100までの数字で入力してください。")
    quote = None
    if not error:
        quote, error = live_quote(
            category=category, capital=capital, parent_ratio=ratio, capital_kind=capital_kind
        )
    return render(
        request,
        "admissions/apply_quote.html",
        {"quote": quote, "error": error, "category": category},
    )


@require_GET
def apply_postal(request):
    """{"prefecture", "city", "town"} for a postal code, for the form's script."""
    found = postal.lookup(request.GET.get("code", ""))
    if found is None:
        return JsonResponse({"found": False}, status=404)
    return JsonResponse(
        {
            "found": True,
            "postal_code": found.postal_code,
            "prefecture": found.prefecture,
            "city": found.city,
            "town": found.town,
        }
    )


@require_GET
def apply_resume(request, token: str):
    """The e-mailed link: opens its own draft only, and only until it expires."""
    try:
        draft = draft_from_token(token=token)
    except DraftLinkError as exc:
        if exc.code == "expired":
            return render(request, "admissions/apply_link.html", {"expired": True}, status=410)
        return render(request, "admissions/apply_link_invalid.html", status=404)
    request.session.cycle_key()
    request.session[SESSION_DRAFT] = draft.pk
    messages.info(request, _("保存された下書きを開きました。続きをご入力ください。"))
    return redirect("admissions:form")


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="10/m", method="POST", block=False)
def apply_link_request(request):
    """A new link for a draft. The answer never says whether the address has a draft."""
    if getattr(request, "limited", False):
        return _too_many(request)
    sent = False
    error = ""
    if request.method == "POST":
        form = DraftLinkForm(request.POST)
        if form.is_valid():
            application_send_draft_link(email=form.cleaned_data["email"])
            sent = True
        else:
            error = " ".join(form.errors["email"])
    return render(request, "admissions/apply_link.html", {"sent": sent, "error": error})


@require_GET
def apply_done(request):
    done = request.session.get(SESSION_DONE)
    if not done:
        return redirect("admissions:agreements")
    return render(request, "admissions/apply_done.html", {"done": done})


@require_GET
def apply_document(request, pk: int):
    """The full text of a document an applicant agrees to (any version that has one)."""
    document = AgreementDocument.objects.exclude(full_text="").filter(pk=pk).first()
    if document is None:
        raise Http404
    return render(request, "admissions/apply_document.html", {"document": document})


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="10/m", method="POST", block=False)
def apply_withdraw(request, token: str):
    """The acknowledgement's link: withdraw the application, with an optional reason."""
    if getattr(request, "limited", False):
        return _too_many(request)
    application = withdrawable_from_token(token=token)
    if application is None:
        return render(request, "admissions/apply_withdraw_invalid.html", status=404)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_withdraw(
                application_id=application.pk,
                actor=None,
                actor_groups=[workflow.APPLICANT],
                note=form.cleaned_data["reason"],
            )
        except workflow.TransitionError:
            return render(request, "admissions/apply_withdraw_invalid.html", status=404)
        return render(request, "admissions/apply_withdrawn.html", {"application": application})
    return render(
        request, "admissions/apply_withdraw.html", {"application": application, "form": form}
    )
