"""The approval queue: who sees it, deciding from it, its query count."""

import datetime

import pytest
from django.urls import reverse

from members.admissions import workflow
from members.admissions.models import BoardDecision
from members.roles import BOARD, SECRETARIAT
from tests.factories import PASSWORD, UserFactory, member_user
from tests.members.admissions.board_helpers import MeetingFactory, put_on_agenda

pytestmark = pytest.mark.django_db
# Approval goes on to the membership and the invoice (services/onboarding.py), which move it on.
AFTER_APPROVAL = (workflow.Status.APPROVED, workflow.Status.INVOICED, workflow.Status.MEMBER)


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("admissions:board_home"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("groups", [[SECRETARIAT], []])
def test_non_board_users_are_refused(client, groups):
    login(client, UserFactory(groups=groups))
    assert client.get(reverse("admissions:board_home")).status_code == 403


def test_member_sees_neither_queue_nor_pack(client):
    meeting = MeetingFactory()
    login(client, member_user())
    assert client.get(reverse("admissions:board_home")).status_code == 403
    assert client.get(reverse("admissions:board_pack_pdf", args=[meeting.pk])).status_code == 403


def test_director_sees_the_agenda_with_what_they_need_and_downloads_the_pack(client):
    meeting = MeetingFactory(date=datetime.date(2099, 3, 12))
    (app,) = put_on_agenda(meeting)
    login(client, UserFactory(groups=[BOARD]))
    response = client.get(reverse("admissions:board_home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert app.legal_name in body
    assert "¥300,000,000" in body
    # 所在地, 法人番号, 法人代表者, the checklist with the 反社チェック's method and date.
    assert app.full_address in body and app.corporate_number in body
    assert "反社チェック" in body
    antisocial = app.review_checks.get(kind="antisocial")
    assert antisocial.method in body
    for export in ("pack.pdf", "pack.xlsx"):
        assert f"/board/meetings/{meeting.pk}/{export}" in body
        url = f"/board/meetings/{meeting.pk}/{export}"
        assert client.get(url).status_code == 200
    full = client.get(reverse("admissions:board_application", args=[app.pk]))
    assert full.status_code == 200 and app.legal_name in full.content.decode()


def test_an_application_never_on_the_agenda_is_not_shown_to_directors(client):
    from tests.members.admissions.board_helpers import ApplicationFactory

    app = ApplicationFactory()
    login(client, UserFactory(groups=[BOARD]))
    assert client.get(reverse("admissions:board_application", args=[app.pk])).status_code == 404


def test_one_meeting_at_a_time_by_default_the_one_the_board_can_act_on(client):
    today = datetime.date.today()
    held = MeetingFactory(date=today - datetime.timedelta(days=3))
    later = MeetingFactory(date=today + datetime.timedelta(days=30))
    (now_app,) = put_on_agenda(held)
    (later_app,) = put_on_agenda(later)
    login(client, UserFactory(groups=[BOARD]))
    body = client.get(reverse("admissions:board_home")).content.decode()
    assert now_app.legal_name in body and later_app.legal_name not in body
    body = client.get(reverse("admissions:board_home") + f"?meeting={later.pk}").content.decode()
    assert later_app.legal_name in body and now_app.legal_name not in body
    assert client.get(reverse("admissions:board_home") + "?meeting=987654").status_code == 404


def test_an_experts_profile_and_affiliation_reach_the_board(client):
    from members.admissions.models import Application

    meeting = MeetingFactory(date=datetime.date(2099, 3, 12))
    (app,) = put_on_agenda(meeting)
    Application.objects.filter(pk=app.pk).update(
        category="expert", legal_name="架空大学", expert_profile="AI倫理の研究に20年従事。"
    )
    login(client, UserFactory(groups=[BOARD]))
    body = client.get(reverse("admissions:board_home")).content.decode()
    assert "架空大学" in body and "AI倫理の研究に20年従事。" in body


def test_director_records_a_decision_from_the_queue(client):
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    (app,) = put_on_agenda(meeting)
    director = UserFactory(groups=[BOARD])
    login(client, director)
    response = client.post(
        reverse("admissions:board_decide", args=[app.pk]),
        {"decision": "approve", "note": "異議なし"},
    )
    assert response.status_code == 302
    decision = BoardDecision.objects.get(application=app)
    assert (decision.recorded_by, decision.on_behalf_of_board) == (director, False)
    assert decision.admission_date == datetime.date(2026, 3, 12)
    app.refresh_from_db()
    assert app.status in AFTER_APPROVAL


def test_bad_decision_input_is_a_message_not_a_500(client):
    meeting = MeetingFactory(date=datetime.date(2099, 3, 12))
    (app,) = put_on_agenda(meeting)
    login(client, UserFactory(groups=[BOARD]))
    url = reverse("admissions:board_decide", args=[app.pk])
    response = client.post(url, {"decision": "maybe"}, follow=True)
    assert response.status_code == 200
    assert "入力内容を確認してください" in response.content.decode()
    response = client.post(url, {"decision": "approve"}, follow=True)  # meeting not yet held
    assert "より前に決議は記録できません" in response.content.decode()
    assert (
        "理事会の開催日（2099年3月12日）" in response.content.decode()
    )  # a date as people write it
    assert not BoardDecision.objects.exists()
    assert client.post(reverse("admissions:board_decide", args=[999999]), {}).status_code == 404


def test_queue_query_count_does_not_grow_with_the_agenda(client, django_assert_max_num_queries):
    meeting = MeetingFactory(date=datetime.date(2099, 3, 12))
    put_on_agenda(meeting, n=2)
    login(client, UserFactory(groups=[BOARD]))
    client.get(reverse("admissions:board_home"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("admissions:board_home"))
    put_on_agenda(meeting, n=4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("admissions:board_home"))
    html = response.content.decode()
    assert html.count('class="card mb-3" data-application=') == 6
    # Before a held meeting's date no decision can be recorded: no form is drawn for it.
    assert "決議を記録</button>" not in html
    assert "開催日より前は決議を記録できません" in html


def test_a_meeting_that_has_come_offers_a_decision_form_per_pending_item(client):
    meeting = MeetingFactory(date=datetime.date.today())
    put_on_agenda(meeting, n=3)
    login(client, UserFactory(groups=[BOARD]))
    html = client.get(reverse("admissions:board_home"), {"meeting": meeting.pk}).content.decode()
    assert html.count("決議を記録</button>") == 3


def test_a_long_agenda_is_read_a_page_at_a_time_with_the_whole_agenda_listed(client):
    meeting = MeetingFactory(date=datetime.date.today())
    apps = put_on_agenda(meeting, n=12)
    login(client, UserFactory(groups=[BOARD]))
    url = reverse("admissions:board_home")
    first = client.get(url, {"meeting": meeting.pk}).content.decode()
    second = client.get(url, {"meeting": meeting.pk, "page": 2}).content.decode()
    # Ten applications in full on the first page, the other two on the second.
    assert first.count('class="card mb-3" data-application=') == 10
    assert second.count('class="card mb-3" data-application=') == 2
    assert f'id="application-{apps[11].pk}"' in second
    assert f'id="application-{apps[11].pk}"' not in first
    # Every page lists the whole agenda, each name linking to the page that holds it.
    for page in (first, second):
        assert "議題の一覧（12件）" in page
        assert f"page=2#application-{apps[11].pk}" in page.replace("&amp;", "&")
        assert f"page=1#application-{apps[0].pk}" in page.replace("&amp;", "&")
    assert "12件中 11〜12件" in second
    # A page past the end or not a number shows the nearest page, not an error.
    assert client.get(url, {"meeting": meeting.pk, "page": 99}).status_code == 200
    assert client.get(url, {"meeting": meeting.pk, "page": "x"}).status_code == 200
    assert client.get(url, {"meeting": "x", "page": 2}).status_code == 404
    # A decision posted with a page that is not a number comes back to the meeting only.
    response = client.post(
        reverse("admissions:board_decide", args=[apps[0].pk]),
        {"decision": "approve", "meeting": meeting.pk, "page": "2;x"},
    )
    assert response["Location"].endswith(f"?meeting={meeting.pk}#application-{apps[0].pk}")
    # Deciding from the second page comes back to it.
    response = client.post(
        reverse("admissions:board_decide", args=[apps[11].pk]),
        {"decision": "approve", "meeting": meeting.pk, "page": 2},
    )
    assert response["Location"].endswith(f"?meeting={meeting.pk}&page=2#application-{apps[11].pk}")


def test_a_short_agenda_has_no_pages(client):
    meeting = MeetingFactory(date=datetime.date.today())
    put_on_agenda(meeting, n=3)
    login(client, UserFactory(groups=[BOARD]))
    html = client.get(reverse("admissions:board_home"), {"meeting": meeting.pk}).content.decode()
    assert "議題の一覧" not in html and 'class="pagination' not in html
