"""Members' acceptances of new document versions: who has and who has not (on the version's
page), the reminder action, and the read-only list of acceptances."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aiga.admin import ReadOnlyAdminMixin
from aiga.templatetags.aiga_format import jdatetime
from members.admissions.models import MemberAcceptance
from members.admissions.selectors.acceptances import document_acceptance_rows
from members.admissions.services.acceptances import AcceptanceError, document_remind

HOW = {"portal": gettext_lazy("会員ページで同意"), "joining": gettext_lazy("入会時に同意")}


def acceptance_status_table(document):
    """Current members, those who have not accepted first."""
    if document is None or not document.pk:
        return "—"
    rows = document_acceptance_rows(document)
    pending = [row for row in rows if not row.how]
    done = [row for row in rows if row.how]
    header = format_html(
        '<p id="acceptance-summary">{}</p>',
        _("未同意 %(pending)s 社 ／ 同意済み %(done)s 社（現在の会員 %(total)s 社）")
        % {"pending": len(pending), "done": len(done), "total": len(rows)},
    )
    body = format_html_join(
        "",
        '<tr class="{}"><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                "accepted" if row.how else "not-accepted",
                reverse("admin:members_organisation_change", args=[row.organisation.pk]),
                row.organisation.legal_name,
                HOW.get(row.how, _("未同意")),
                jdatetime(row.accepted_at) if row.accepted_at else "",
                row.accepted_by_name,
            )
            for row in rows
        ),
    )
    return format_html(
        '{}<table id="acceptance-status"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
        "<th>{}</th></tr></thead><tbody>{}</tbody></table>",
        header,
        _("会員"),
        _("状況"),
        _("同意日時"),
        _("同意した方"),
        body,
    )


def remind_selected(model_admin, request, queryset):
    for document in queryset:
        try:
            count = document_remind(document=document, actor=request.user)
        except AcceptanceError as exc:
            model_admin.message_user(request, f"{document}: {exc}", messages.ERROR)
        else:
            model_admin.message_user(
                request,
                _("%(document)s: 未同意の %(count)s 社の会員代表者にメールを送りました。")
                % {"document": document, "count": count},
            )


@admin.register(MemberAcceptance)
class MemberAcceptanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("document", "organisation", "accepted_at", "accepted_by_name")
    list_filter = ("document",)
    list_select_related = ("document", "organisation")
    search_fields = ("organisation__legal_name", "accepted_by_name")
    fields = (
        "document",
        "organisation",
        "accepted_at",
        "accepted_by",
        "accepted_by_name",
        "document_sha256",
    )
    readonly_fields = fields
