"""The secretariat's pages of the rounds: scheduling through the service (a reconstruction
only as history), opening and closing by button, the response rate and who has not
submitted, reminding one company or all, and reopening one assessment after the close with
a reason."""

import copy
import datetime

import pytest
from django.utils import timezone

from aiga.models import AuditEntry, OutboxMessage
from navi.models import NaviRound
from navi.services import assessments as answering
from navi.services.rounds import round_open, round_schedule
from navi.services.versions import version_load
from tests.helpers import refused
from tests.navi.assessment_helpers import answer_everything, member_company, respondent
from tests.navi.conftest import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def companies():
    first = member_company(ai_role="both", organisation__legal_name="株式会社いろは商事")
    second = member_company(ai_role="both", organisation__legal_name="ほへと電機株式会社")
    return (
        first,
        respondent(first, email="iroha@example.jp"),
        second,
        respondent(second, email="hoheto@example.jp"),
    )


@pytest.fixture
def running(published, companies):
    today = timezone.localdate()
    round_ = round_schedule(
        version=published,
        title_ja="今期の一斉自己診断",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=20),
        actor=None,
    )
    return round_open(round_=round_)


def test_the_secretariat_schedules_a_round_through_the_service(staff, published):
    assert staff.get("/admin/navi/naviround/add/").status_code == 200
    response = staff.post(
        "/admin/navi/naviround/add/",
        {
            "version": published.pk,
            "title_ja": "2027年4月 一斉自己診断",
            "title_en": "April 2027 round",
            "opens_on": "2027-04-01",
            "closes_on": "2027-04-30",
        },
    )
    assert response.status_code == 302
    round_ = NaviRound.objects.get()
    assert round_.status == "scheduled" and round_.title_en == "April 2027 round"
    assert AuditEntry.objects.filter(action="navi_round.schedule").count() == 1
    page = staff.get(f"/admin/navi/naviround/{round_.pk}/change/").content.decode()
    assert "開始する" in page and "実施予定" in page


def test_a_reconstruction_is_refused_for_a_round_still_to_come(staff, raw):
    raw = copy.deepcopy(raw)
    raw.update(version="8.0", published_on=None, reconstruction=True)
    version = version_load(data=parse(raw), actor=None)
    response = staff.post(
        "/admin/navi/naviround/add/",
        {
            "version": version.pk,
            "title_ja": "トライアル",
            "opens_on": "2027-04-01",
            "closes_on": "2027-04-30",
        },
    )
    assert response.status_code == 200
    assert "過去に実施した回の記録としてのみ" in response.content.decode()
    assert not NaviRound.objects.exists()
    response = staff.post(
        "/admin/navi/naviround/add/",
        {
            "version": version.pk,
            "title_ja": "トライアル（記録）",
            "opens_on": "2025-03-03",
            "closes_on": "2025-03-28",
        },
    )
    assert response.status_code == 302
    page = staff.get(f"/admin/navi/naviround/{NaviRound.objects.get().pk}/change/")
    assert "過去の回（トライアル）の記録です" in page.content.decode()


def test_the_round_page_shows_the_response_and_who_has_not_submitted(staff, running, companies):
    first, first_user, second, _second_user = companies
    done = running.assessments.get(organisation=first)
    answer_everything(done, first_user)
    answering.assessment_submit(assessment=done, actor=first_user)

    listing = staff.get("/admin/navi/naviround/").content.decode()
    assert "1 / 2 社（50%）" in listing
    page = staff.get(f"/admin/navi/naviround/{running.pk}/change/").content.decode()
    pending = page.split('id="round-pending"')[1].split("</table>")[0]
    assert "ほへと電機株式会社" in pending and "株式会社いろは商事" not in pending
    assert "未提出の全社に督促" in page and "締め切る" in page


def test_reminders_by_hand_one_company_or_all(staff, running, companies):
    first, _u, second, _v = companies
    response = staff.post(
        f"/admin/navi/naviround/{running.pk}/remind/", {"organisation": second.pk}
    )
    assert response.status_code == 302
    assert [m.to for m in OutboxMessage.objects.filter(purpose="navi_round_reminder")] == [
        ["hoheto@example.jp"]
    ]
    staff.post(f"/admin/navi/naviround/{running.pk}/actions/remind_all/")
    assert OutboxMessage.objects.filter(purpose="navi_round_reminder").count() == 3
    response = staff.post(f"/admin/navi/naviround/{running.pk}/remind/", {"organisation": "x"})
    assert response.status_code == 302
    assert staff.get(f"/admin/navi/naviround/{running.pk}/remind/").status_code == 405


def test_closing_by_button_then_reopening_one_company_with_a_reason(staff, running, companies):
    first, first_user, _second, _v = companies
    done = running.assessments.get(organisation=first)
    answer_everything(done, first_user)
    answering.assessment_submit(assessment=done, actor=first_user)

    staff.post(f"/admin/navi/naviround/{running.pk}/actions/close_round/")
    running.refresh_from_db()
    assert running.status == "closed"
    page = staff.get(f"/admin/navi/naviround/{running.pk}/change/").content.decode()
    assert f"/navi/rounds/{running.pk}/report/" in page
    url = f"/admin/navi/naviround/{running.pk}/reopen/?assessment={done.pk}"
    assert staff.get(url).status_code == 200
    response = staff.post(url, {"reason": ""})
    assert (
        response.status_code == 200
        and "再開の理由を入力してください。" in response.content.decode()
    )
    response = staff.post(url, {"reason": "誤記訂正の申し出"})
    assert response.status_code == 302
    done.refresh_from_db()
    assert done.status == "in_progress" and done.reopened_after_close
    entry = AuditEntry.objects.get(action="navi_assessment.reopen_after_close")
    assert entry.data["reason"] == "誤記訂正の申し出"


def test_an_assessment_of_another_round_is_not_found_on_the_reopen_page(
    staff, running, companies, published
):
    other = round_schedule(
        version=published,
        title_ja="別の回",
        opens_on=datetime.date(2027, 1, 1),
        closes_on=datetime.date(2027, 1, 31),
        actor=None,
    )
    assessment = running.assessments.first()
    url = f"/admin/navi/naviround/{other.pk}/reopen/?assessment={assessment.pk}"
    assert staff.get(url).status_code == 404
    assert staff.get(f"/admin/navi/naviround/{running.pk}/reopen/?assessment=x").status_code == 404


def test_the_board_cannot_use_the_rounds_buttons(client, running, companies):
    from tests.factories import UserFactory

    client.force_login(UserFactory(groups=["Board"], is_staff=True))
    second = companies[2]
    response = client.post(
        f"/admin/navi/naviround/{running.pk}/remind/", {"organisation": second.pk}
    )
    assert refused(response)
    assert not OutboxMessage.objects.filter(purpose="navi_round_reminder").exists()
