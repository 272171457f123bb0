"""The review admin: pages render, actions call services, errors become messages."""

import datetime
import re

import pytest
from django.urls import reverse

from members.admissions import workflow
from members.admissions.models import ReviewCheck
from members.roles import SECRETARIAT
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tests.members.admissions.board_helpers import ApplicationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = UserFactory(groups=[SECRETARIAT])
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_review_page_shows_nta_link_and_parent_warning(staff_client):
    org = OrganisationFactory(legal_name="架空ホールディングス株式会社")
    MembershipFactory(organisation=org)
    app = ApplicationFactory(
        has_parent=True, parent_name="架空ホールディングス株式会社", parent_ratio=80
    )
    url = reverse("admin:admissions_applicationreview_change", args=[app.pk])
    body = staff_client.get(url).content.decode()
    assert f"selHouzinNo={app.corporate_number}" in body
    assert "は既に会員です" in body
    assert "未記録" in body


def test_forward_refused_is_a_message_and_check_records(staff_client):
    MeetingFactory(date=datetime.date(2099, 1, 15))
    app = ApplicationFactory()
    response = staff_client.post(
        reverse("admin:admissions_review_forward", args=[app.pk]), follow=True
    )
    assert response.status_code == 200
    assert "未記録です" in response.content.decode()
    response = staff_client.post(
        reverse("admin:admissions_review_check", args=[app.pk]),
        {"kind": "antisocial", "result": "ok", "checked_on": "2026-03-01", "method": "DB検索"},
        follow=True,
    )
    assert ReviewCheck.objects.filter(application=app, kind="antisocial").exists()


def test_correction_from_admin_and_overview(staff_client):
    app = ApplicationFactory()
    staff_client.post(
        reverse("admin:admissions_review_correction", args=[app.pk]), {"message": "住所の番地を"}
    )
    app.refresh_from_db()
    assert app.status == workflow.Status.CORRECTION_REQUESTED
    body = staff_client.get(reverse("admin:admissions_review_overview")).content.decode()
    assert "申込者の補正待ち" in body and "住所の番地を" in body
    assert staff_client.get(reverse("admin:members_boardmeeting_changelist")).status_code == 200


def test_seed_board_is_idempotent():
    import io

    from members.admissions import demo
    from members.admissions.models import Application, CorrectionRequest
    from members.models import BoardMeeting

    demo.seed_board(io.StringIO())
    demo.seed_board(io.StringIO())
    assert BoardMeeting.objects.count() == 4  # held on the latest working day, three planned
    # One round answered by the applicant, one still open.
    assert CorrectionRequest.objects.filter(resubmitted_at__isnull=False).count() == 1
    assert CorrectionRequest.objects.filter(resubmitted_at__isnull=True).count() == 1
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "correction_requested", "with_board", "withdrawn"}


def test_admin_index_links_the_secretariat_overview(staff_client):
    html = staff_client.get("/admin/").content.decode()
    assert 'id="secretariat-shortcuts"' in html
    assert reverse("admin:admissions_review_overview") in html
    assert "?state=overdue" in html


def test_review_page_shows_what_the_applicant_submitted(staff_client):
    app = ApplicationFactory(
        mailing_list_emails=["ml@kakuu.example.jp"],
        list_publicly=True,
        website="https://kakuu.example.jp",
    )
    html = staff_client.get(
        reverse("admin:admissions_applicationreview_change", args=[app.pk])
    ).content.decode()
    assert app.applicant_email in html  # the contact and their roles
    assert "会員代表者" in html
    assert "ml@kakuu.example.jp" in html
    assert "https://kakuu.example.jp" in html
    assert "正会員（通常枠）" in html  # the quoted tier by name, not its code
    assert reverse("admin:admissions_application_change", args=[app.pk]) in html


def test_overview_query_count_does_not_grow_with_applications(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:admissions_review_overview")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    ApplicationFactory()
    ApplicationFactory(category=workflow.EXPERT, legal_name="架空大学")
    ApplicationFactory(status=workflow.Status.CORRECTION_REQUESTED)
    before = queries()
    for _ in range(3):
        ApplicationFactory()
        ApplicationFactory(category=workflow.EXPERT, legal_name="架空大学")
        ApplicationFactory(status=workflow.Status.CORRECTION_REQUESTED)
    assert queries() == before


def test_the_overview_in_english_has_no_japanese_counts_or_days(staff_client):
    """Issue 18, item 11: 「（4件）」 and 「5日」 are written in English."""
    app = ApplicationFactory()
    staff_client.post(
        reverse("admin:admissions_review_correction", args=[app.pk]), {"message": "住所の番地を"}
    )
    ApplicationFactory()
    staff_client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    body = staff_client.get(reverse("admin:admissions_review_overview")).content.decode()
    assert "件）" not in body and not re.search(r"\d日", body)
    assert re.search(r"\(1\)</h3>", body)
    assert re.search(r"<td>0 days</td>", body)
    staff_client.post("/i18n/setlang/", {"language": "ja", "next": "/admin/"})
    japanese = staff_client.get(reverse("admin:admissions_review_overview")).content.decode()
    assert "（1件）</h3>" in japanese and "<td>0日</td>" in japanese


def test_the_overview_lists_the_longest_waiting_and_counts_the_rest(staff_client):
    """Issue 20: the overview costs the same however many applications wait."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ApplicationFactory.create_batch(3)
    url = reverse("admin:admissions_review_overview")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    ApplicationFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        body = staff_client.get(url).content.decode()
    assert len(many) == len(few)
    assert "（23件）</h3>" in body
    assert body.count("/admin/admissions/applicationreview/") >= 20
    assert "待ち日数の長い20件を表示しています。" in body
    assert "?status__exact=submitted" in body
