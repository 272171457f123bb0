"""The Navi in the member portal: a company's respondents start an assessment, answer it
area by area (a plain form per area; with htmx each item also saves as it changes),
submit it, and read its scores. Only the company's own assessments: another company's id
is not found."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aiga.files import serve_private_file
from aiga.pdf import render_pdf
from members.models import Contact
from members.scoping import member_required
from members.services.invitations import InvitationError, contact_invite
from navi import benchmark as benchmarking
from navi import exports as exporting
from navi import scoring
from navi.models import NaviAssessment, NaviVersion
from navi.portal.forms import AnswerForm, ProfileForm
from navi.radar import radar_svg
from navi.selectors import assessments as selecting
from navi.selectors.benchmark import assessment_benchmark
from navi.services import assessments as services


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def respondent_required(view):
    """A Navi respondent of an issued regular or SMB member; an htmx save whose session
    has expired is told so (401), not sent to a log-in page it would swap into the form."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated and _is_htmx(request):
            return _save_failed(
                request, _("ログインの有効期限が切れたため、保存できませんでした。"), 401
            )
        return member_required(_respondent_only(view))(request, *args, **kwargs)

    return wrapper


def _respondent_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        standing = selecting.navi_standing(request.user)
        if not standing.may_answer:
            if _is_htmx(request):
                return _save_failed(request, _("回答する権限がありません。"), 403)
            return render(
                request, "navi/portal/not_respondent.html", {"standing": standing}, status=403
            )
        request.navi_standing = standing
        return view(request, *args, **kwargs)

    return wrapper


def report_reader_required(view):
    """The company's Navi respondents and its 会員代表者 (who reads, never answers)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        standing = selecting.navi_standing(request.user)
        if not standing.may_read_report:
            return render(
                request, "navi/portal/not_respondent.html", {"standing": standing}, status=403
            )
        request.navi_standing = standing
        return view(request, *args, **kwargs)

    return member_required(wrapper)


def _save_failed(request, message: str, status: int) -> HttpResponse:
    """The item's status line (the id htmx targets, so the next save finds it again)."""
    target = request.headers.get("HX-Target", "")
    if not target.replace("-", "").replace("_", "").isalnum():
        target = ""
    return render(
        request,
        "navi/portal/_save_failed.html",
        {"message": message, "target": target},
        status=status,
    )


def _own_assessment(request, pk: int) -> NaviAssessment:
    return get_object_or_404(selecting.organisation_assessments(request.organisation), pk=pk)


@member_required
def index(request):
    standing = selecting.navi_standing(request.user)
    organisation = request.organisation
    context = {"standing": standing, "organisation": organisation}
    if standing.may_answer:
        assessments = list(selecting.organisation_assessments(organisation))
        context.update(
            {
                "assessments": assessments,
                "running": [a for a in assessments if a.round_id and a.round.is_open],
                "startable": selecting.startable_versions(organisation),
                "colleagues": selecting.invitable_colleagues(organisation),
            }
        )
    elif standing.may_read_report:  # the 会員代表者 reads the submitted reports
        context["reports"] = [
            a for a in selecting.organisation_assessments(organisation) if a.is_submitted
        ]
    return render(request, "navi/portal/index.html", context)


@require_POST
@respondent_required
def start(request, version_id: int):
    version = get_object_or_404(NaviVersion.objects.published(), pk=version_id)
    try:
        assessment = services.assessment_start(
            organisation=request.organisation, version=version, actor=request.user
        )
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("navi_portal:index")
    return redirect("navi_portal:assessment", assessment.pk)


@require_POST
@respondent_required
def invite(request, contact_id: int):
    contact = get_object_or_404(
        Contact.objects.filter(organisation=request.organisation, is_navi_respondent=True),
        pk=contact_id,
    )
    try:
        contact_invite(contact=contact, actor=request.user)
    except InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(name)s 様に招待メールをお送りしました。") % {"name": contact.full_name}
        )
    return redirect("navi_portal:index")


def _overview(assessment):
    version = selecting.assessment_version(assessment)
    answers = selecting.answers_by_item(assessment)
    scores = selecting.scores_of(assessment, version, answers)
    return version, answers, scores


@respondent_required
def assessment(request, pk: int):
    assessment = _own_assessment(request, pk)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_set_profile(
                    assessment=assessment,
                    ai_role=form.cleaned_data["ai_role"],
                    use_cases=form.cleaned_data["use_cases"],
                    actor=request.user,
                )
            except services.AssessmentError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("回答の対象範囲を保存しました。"))
            return redirect("navi_portal:assessment", assessment.pk)
    else:
        form = ProfileForm(
            initial={"ai_role": assessment.ai_role, "use_cases": assessment.use_cases}
        )
    version, answers, scores = _overview(assessment)
    return render(
        request,
        "navi/portal/assessment.html",
        {
            "assessment": assessment,
            "version": version,
            "scores": scores,
            "unconfirmed": _unconfirmed(assessment, version.areas.all(), answers),
            "areas": [(area, scores.area_progress[area.key]) for area in version.areas.all()],
            "form": form,
        },
    )


def _unconfirmed(assessment, areas, answers) -> int:
    """Carried-over answers still to confirm (of the items that apply to the company)."""
    return sum(
        1
        for area in areas
        for item in area.items.all()
        if item.pk in answers
        and answers[item.pk].carried_over
        and scoring.applies(item.applicability, assessment.ai_role)
    )


def _item_rows(assessment, area, answers, forms=None):
    """Each item of the area with its answer and its form; items that do not apply to the
    company are listed apart, not asked."""
    rows, skipped = [], []
    for item in area.items.all():
        if not scoring.applies(item.applicability, assessment.ai_role):
            skipped.append(item)
            continue
        answer = answers.get(item.pk)
        form = (forms or {}).get(item.pk) or AnswerForm(
            item=item,
            initial={
                "level": answer.level.number if answer and answer.level else None,
                "comment": answer.comment if answer else "",
                "evidence_url": answer.evidence_url if answer else "",
                "seen_at": answer.updated_at.isoformat() if answer else "",
            },
        )
        rows.append(
            {
                "item": item,
                "answer": answer,
                "form": form,
                "changed": assessment.changed_items.get(item.key),
            }
        )
    return rows, skipped


def _area_of(version, key):
    for area in version.areas.all():
        if area.key == key:
            return area
    raise Http404


@respondent_required
def area(request, pk: int, area_key: str):
    assessment = _own_assessment(request, pk)
    version, answers, scores = _overview(assessment)
    area = _area_of(version, area_key)
    forms = {}
    if request.method == "POST":
        if assessment.is_locked:
            messages.error(
                request,
                _("締め切られた自己診断は変更できません。")
                if assessment.is_frozen
                else _("提出済みの自己診断は変更できません。"),
            )
            return redirect("navi_portal:area", assessment.pk, area.key)
        invalid = False
        for item in area.items.all():
            if not scoring.applies(item.applicability, assessment.ai_role):
                continue
            form = AnswerForm(request.POST, request.FILES, item=item)
            forms[item.pk] = form
            if not form.is_valid():
                invalid = True
                continue
            try:
                saved = _save(request, assessment, item, form)
            except services.AssessmentError as exc:  # submitted meanwhile by a colleague
                messages.error(request, str(exc))
                return redirect("navi_portal:area", assessment.pk, area.key)
            if saved.replaced_by:
                messages.warning(
                    request,
                    _(
                        "「%(item)s」は %(name)s さんが %(at)s に変更していましたが、上書きしました。"  # noqa: E501
                    )
                    % {
                        "item": item.title,
                        "name": saved.replaced_by,
                        "at": timezone.localtime(saved.replaced_at).strftime("%H:%M"),
                    },
                )
        if not invalid:
            messages.success(request, _("回答を保存しました。"))
            following = _next_area(version, area) if "next" in request.POST else None
            if following is not None:
                return redirect("navi_portal:area", assessment.pk, following.key)
            return redirect("navi_portal:area", assessment.pk, area.key)
        messages.error(request, _("入力内容に誤りがあります。赤字の項目をご確認ください。"))
        answers = selecting.answers_by_item(assessment)
        scores = selecting.scores_of(assessment, version, answers)
    rows, skipped = _item_rows(assessment, area, answers, forms)
    return render(
        request,
        "navi/portal/area.html",
        {
            "assessment": assessment,
            "area_unconfirmed": _unconfirmed(assessment, [area], answers),
            "version": version,
            "area": area,
            "rows": rows,
            "skipped": skipped,
            "scores": scores,
            "progress": scores.area_progress[area.key],
            "areas": [(a, scores.area_progress[a.key]) for a in version.areas.all()],
            "next_area": _next_area(version, area),
        },
        status=400 if forms and any(not f.is_valid() for f in forms.values()) else 200,
    )


def _next_area(version, area):
    areas = list(version.areas.all())
    index = areas.index(area)
    return areas[index + 1] if index + 1 < len(areas) else None


def _save(request, assessment, item, form):
    return services.answer_save(
        assessment=assessment,
        item=item,
        level=form.chosen_level(),
        comment=form.cleaned_data["comment"],
        evidence_url=form.cleaned_data["evidence_url"],
        evidence_file=form.cleaned_data.get("evidence_file") or None,
        remove_file=form.cleaned_data["remove_file"],
        seen_at=form.seen(),
        actor=request.user,
    )


@require_POST
@respondent_required
def item_save(request, pk: int, item_key: str):
    """One item's autosave (htmx). Answers the item's status line, and the progress bars
    out of band; without htmx, back to the area's page."""
    assessment = _own_assessment(request, pk)
    item = assessment.version.items.filter(key=item_key).prefetch_related("levels").first()
    if item is None:
        raise Http404
    form = AnswerForm(request.POST, request.FILES, item=item)
    saved, error = None, ""
    if form.is_valid():
        try:
            saved = _save(request, assessment, item, form)
        except services.AssessmentError as exc:
            error = str(exc)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect("navi_portal:area", assessment.pk, item.area.key)
    if error:
        return render(
            request,
            "navi/portal/_item_status.html",
            {"item": item, "error": error, "oob": False},
            status=422,
        )
    version, _answers, scores = _overview(assessment)
    area = _area_of(version, item.area.key)
    return render(
        request,
        "navi/portal/_item_status.html",
        {
            "item": item,
            "answer": saved.answer,
            "saved": saved,
            "assessment": assessment,
            "progress": scores.area_progress[area.key],
            "scores": scores,
            "area": area,
            "oob": True,
            "now": timezone.now(),
        },
    )


@require_POST
@respondent_required
def confirm_item(request, pk: int, item_key: str):
    """「確認済みにする」: one carried-over answer confirmed as it stands."""
    assessment = _own_assessment(request, pk)
    item = get_object_or_404(assessment.version.items.select_related("area"), key=item_key)
    try:
        services.answers_confirm(assessment=assessment, item=item, actor=request.user)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("「%(item)s」の引継ぎ回答を確認済みにしました。") % {"item": item.title}
        )
    return redirect(
        reverse("navi_portal:area", args=[assessment.pk, item.area.key]) + f"#item-{item.key}"
    )


@require_POST
@respondent_required
def confirm_area(request, pk: int, area_key: str):
    """All the carried-over answers of an area confirmed as they stand."""
    assessment = _own_assessment(request, pk)
    area = get_object_or_404(assessment.version.areas, key=area_key)
    try:
        count = services.answers_confirm(
            assessment=assessment, area_key=area.key, actor=request.user
        )
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("この領域の引継ぎ回答%(count)s件を確認済みにしました。") % {"count": count},
        )
    return redirect("navi_portal:area", assessment.pk, area.key)


@report_reader_required
def evidence(request, pk: int, item_key: str):
    assessment = _own_assessment(request, pk)
    answer = assessment.answers.filter(item__key=item_key).first()
    if answer is None or not answer.evidence_file:
        raise Http404
    return serve_private_file(answer.evidence_file)


@require_POST
@respondent_required
def submit(request, pk: int):
    assessment = _own_assessment(request, pk)
    try:
        services.assessment_submit(assessment=assessment, actor=request.user)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("navi_portal:assessment", assessment.pk)
    messages.success(request, _("自己診断を提出しました。会員代表者の方にもお知らせしました。"))
    return redirect("navi_portal:result", assessment.pk)


@require_POST
@respondent_required
def reopen(request, pk: int):
    assessment = _own_assessment(request, pk)
    try:
        services.assessment_reopen(assessment=assessment, actor=request.user)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("回答を再開しました。変更後、改めて提出してください。"))
    return redirect("navi_portal:assessment", assessment.pk)


def _radar(report, bench, **kwargs):
    """The company's areas, and the members' average as the second polygon (after the
    round's close, when every area's average may be shown)."""
    return radar_svg(
        [(area.area.title, area.score) for area in report.areas],
        comparison=[bench.areas.get(a.area.key) for a in report.areas] if bench else None,
        legend=(_("貴社"), _("会員平均")),
        **kwargs,
    )


def _report_context(request, pk: int) -> dict:
    assessment = _own_assessment(request, pk)
    report = selecting.assessment_report(assessment)
    bench = assessment_benchmark(assessment)
    return {
        "assessment": assessment,
        "version": assessment.version,
        "organisation": assessment.organisation,
        "report": report,
        "scores": report.scores,
        "bench": bench,
        "area_averages": [
            (area, bench.areas.get(area.area.key) if bench else None) for area in report.areas
        ],
        "item_averages": [
            (row, bench.items.get(row.item.key) if bench else None) for row in report.rows
        ],
        "below_average": benchmarking.furthest_below(report.rows, bench.items) if bench else [],
        "radar": _radar(report, bench, title=_("領域別スコアのレーダーチャート")),
        "standing": request.navi_standing,
    }


@report_reader_required
def result(request, pk: int):
    return render(request, "navi/portal/result.html", _report_context(request, pk))


@report_reader_required
def result_pdf(request, pk: int):
    """In Japanese, whatever the page's language (a document is written in its own
    language); the English report is a separate download (`?lang=en`)."""
    language = "en" if request.GET.get("lang") == "en" else "ja"
    with translation.override(language):
        context = _report_context(request, pk)
        context["radar"] = _radar(context["report"], context["bench"], size=280)
        context["today"] = timezone.localdate()
        context["language"] = language
    content = render_pdf("navi/portal/report_pdf.html", context, language=language)
    assessment = context["assessment"]
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="navi-report-ver{assessment.version.number}-{assessment.pk}'
        f'{"-en" if language == "en" else ""}.pdf"'
    )
    return response


@report_reader_required
def result_xlsx(request, pk: int):
    context = _report_context(request, pk)
    assessment = context["assessment"]
    content = exporting.report_xlsx(
        assessment=assessment, report=context["report"], bench=context["bench"]
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="navi-answers-ver{assessment.version.number}-{assessment.pk}.xlsx"'
    )
    return response


@report_reader_required
def benchmark(request, pk: int):
    """The round's anonymous benchmark beside the company's own figures: after the close
    only, and only what navi.benchmark lets through."""
    assessment = _own_assessment(request, pk)
    bench = assessment_benchmark(assessment)
    version = selecting.assessment_version(assessment)
    areas = [(area, bench.areas.get(area.key) if bench else None) for area in version.areas.all()]
    groups = []
    if bench:
        for group in bench.groups:
            if group.any_shown:
                rows = [(area, group.areas.get(area.key)) for area in version.areas.all()]
                groups.append((group, benchmarking.GROUP_LABELS[group.key], rows))
    return render(
        request,
        "navi/portal/benchmark.html",
        {
            "assessment": assessment,
            "version": version,
            "round": assessment.round,
            "bench": bench,
            "areas": areas,
            "groups": groups,
            "standing": request.navi_standing,
        },
    )


def home_card(request) -> dict:
    """The portal home's card: the company's latest score and tier."""
    organisation = getattr(request, "organisation", None)
    latest = selecting.latest_submitted(organisation) if organisation else None
    standing = selecting.navi_standing(request.user)
    return {
        "latest": latest,
        "scores": selecting.assessment_scores(latest) if latest else None,
        "standing": standing,
    }
