"""The secretariat's reading of the companies' self-assessments, in the admin: read-only,
only for those given `navi.view_answers` (no group has it), and every reading of a
company's answers is audited. (A module of its own beside the engine's admin; registered
from NaviConfig.ready().)"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from navi.models import NaviAnswer, NaviAssessment
from navi.selectors.assessments import assessment_scores, assessments_with_answers
from navi.services.assessments import assessment_answers_viewed

PERMISSION = "navi.view_answers"


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm(PERMISSION)


class AnswerInline(_ReadOnly, admin.TabularInline):
    model = NaviAnswer
    extra = 0
    can_delete = False
    fields = (
        "item",
        "level",
        "comment",
        "evidence_url",
        "evidence_file",
        "updated_by",
        "updated_at",
    )
    readonly_fields = fields
    show_change_link = False


@admin.register(NaviAssessment)
class NaviAssessmentAdmin(_ReadOnly, admin.ModelAdmin):
    # The score is on each assessment's page (it needs the version's content: not per row).
    list_display = ("organisation", "version", "status", "submitted_at")
    list_filter = ("status", "version")
    list_select_related = ("organisation", "version")
    search_fields = ("organisation__legal_name",)
    fields = (
        "organisation",
        "version",
        "status",
        "ai_role",
        "use_cases",
        "created_at",
        "submitted_at",
        "submitted_by",
        "score",
    )
    readonly_fields = fields
    inlines = [AnswerInline]

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_queryset(self, request):
        return assessments_with_answers()

    @admin.display(description=_("スコア"))
    def score(self, obj):
        scores = assessment_scores(obj)
        if scores.overall is None:
            return "—"
        return f"{scores.overall_display}（{scores.tier.name}）"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record = self.get_object(request, object_id)
            if record is not None:
                assessment_answers_viewed(assessment=record, actor=request.user)
        return response


@admin.register(NaviAnswer)
class NaviAnswerAdmin(_ReadOnly, admin.ModelAdmin):
    """Not listed on its own (read within the assessment); registered so that an evidence
    file's download (aiga.views.private_file) asks the same permission."""

    list_display = ("assessment", "item", "level", "updated_at")
    list_select_related = ("assessment__organisation", "assessment__version", "item", "level")

    def has_module_permission(self, request):
        return False
