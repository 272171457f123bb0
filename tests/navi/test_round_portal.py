"""A round in the member portal: the round and its deadline, the carried-over marks with a
one-click confirmation (per item and per area), the note on a changed item, read-only after
the close, and another company's ids not found."""

import copy
import datetime
from zoneinfo import ZoneInfo

import pytest

from navi.services import assessments as answering
from navi.services.rounds import round_close, round_open, round_schedule
from navi.services.versions import version_load
from tests.navi.assessment_helpers import answer_everything, member_company, respondent
from tests.navi.conftest import parse

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
OPENED = datetime.datetime(2026, 12, 1, 9, tzinfo=TOKYO)


@pytest.fixture
def company():
    return member_company(ai_role="both")


@pytest.fixture
def user(company):
    return respondent(company, full_name="青木 真理")


@pytest.fixture
def revised(raw):
    raw = copy.deepcopy(raw)
    raw.update(version="9.1", published_on=datetime.date(2026, 11, 20))
    raw["areas"][0]["items"][1]["action"]["ja"] = "AIの利用に関する社内ルールを定め、周知している"
    return version_load(data=parse(raw), actor=None)


@pytest.fixture
def assessment(company, user, published, revised):
    earlier = answering.assessment_start(organisation=company, version=published, actor=user)
    answer_everything(earlier, user, number=3)
    answering.assessment_submit(assessment=earlier, actor=user)
    round_ = round_schedule(
        version=revised,
        title_ja="2026年12月 一斉自己診断",
        opens_on=datetime.date(2026, 12, 1),
        closes_on=datetime.date(2026, 12, 25),
        actor=None,
    )
    round_ = round_open(round_=round_, now=OPENED)
    return round_.assessments.get(organisation=company)


@pytest.fixture
def member(client, user):
    client.force_login(user)
    return client


def test_the_portal_shows_the_round_its_deadline_and_the_marks(member, assessment):
    index = member.get("/portal/navi/").content.decode()
    assert "実施中の一斉自己診断" in index and "2026年12月 一斉自己診断" in index
    assert "締切：2026年12月25日" in index

    page = member.get(f"/portal/navi/{assessment.pk}/").content.decode()
    assert "前回回答から引き継いだ項目が2件あります" in page

    area = member.get(f"/portal/navi/{assessment.pk}/areas/rules/").content.decode()
    assert 'id="item-N01-carried"' in area and "前回回答から引継ぎ・要確認" in area
    assert 'id="item-N02-changed"' in area
    assert "ver9.0 から変更された項目のため、回答を引き継いでいません。" in area
    assert "文言が変わりました。" in area and "前回の回答はレベル3でした。" in area
    assert "/navi/compare/?from=9.0&amp;to=9.1" in area
    assert 'id="item-N02-carried"' not in area


def test_one_click_confirms_an_item_and_another_an_area(member, assessment):
    response = member.post(f"/portal/navi/{assessment.pk}/items/N01/confirm/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/portal/navi/{assessment.pk}/areas/rules/#item-N01")
    assert not assessment.answers.get(item__key="N01").carried_over
    response = member.post(f"/portal/navi/{assessment.pk}/areas/risks/confirm/")
    assert response.status_code == 302
    assert not assessment.answers.filter(carried_over=True).exists()
    page = member.get(f"/portal/navi/{assessment.pk}/").content.decode()
    assert "前回回答から引き継いだ項目が" not in page


def test_another_companys_assessment_is_not_found(client, assessment, published):
    other = member_company(ai_role="both")
    client.force_login(respondent(other))
    for url in (
        f"/portal/navi/{assessment.pk}/items/N01/confirm/",
        f"/portal/navi/{assessment.pk}/areas/rules/confirm/",
    ):
        assert client.post(url).status_code == 404
    assert assessment.answers.filter(carried_over=True).count() == 2


def test_an_unknown_item_or_area_is_not_found(member, assessment):
    assert member.post(f"/portal/navi/{assessment.pk}/items/N99/confirm/").status_code == 404
    assert member.post(f"/portal/navi/{assessment.pk}/areas/nowhere/confirm/").status_code == 404
    assert member.get(f"/portal/navi/{assessment.pk}/items/N01/confirm/").status_code == 405


def test_after_the_close_the_portal_is_read_only(member, assessment, user):
    round_close(round_=assessment.round, now=OPENED + datetime.timedelta(days=30))
    area = member.get(f"/portal/navi/{assessment.pk}/areas/rules/").content.decode()
    assert "この一斉自己診断は締め切られました。" in area
    assert "hx-post" not in area and 'name="save"' not in area
    assert "確認済みにする" not in area
    page = member.get(f"/portal/navi/{assessment.pk}/").content.decode()
    assert "自己診断を提出する" not in page and "回答を再開する" not in page

    response = member.post(
        f"/portal/navi/{assessment.pk}/areas/rules/",
        {"item-N01-level": "4", "item-N02-level": "4"},
        follow=True,
    )
    assert "締め切られた自己診断は変更できません。" in response.content.decode()
    response = member.post(
        f"/portal/navi/{assessment.pk}/items/N01/",
        {"item-N01-level": "4"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="item-N01-status",
    )
    assert response.status_code == 422
    assert "締め切られた" in response.content.decode()
    response = member.post(f"/portal/navi/{assessment.pk}/items/N01/confirm/", follow=True)
    assert "締め切られた" in response.content.decode()
    answer = assessment.answers.get(item__key="N01")
    assert answer.level.number == 3 and answer.carried_over
