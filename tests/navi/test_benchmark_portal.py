"""What members see of a closed round's benchmark, on the report, its PDF and Excel, and the
benchmark page: after the close only, and never a figure the rules withhold."""

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from navi.models import NaviAnswer, NaviAssessment, NaviLevel
from navi.radar import radar_svg
from tests.helpers import pdf_text
from tests.navi.round_helpers import close, company_submits, open_round

pytestmark = pytest.mark.django_db

# As in test_benchmark: levels by company; the fifth company only uses AI, so N15 (for
# developers/providers) is answered by four, whose average (1 + 0 + 4 + 3) / 4 = 2.00
# must appear nowhere. The others, by hand: N01 (4+0+4+3+1)/5 = 2.40, N02 (3+0+4+1+3)/5
# = 2.20, rules (3.5+0+4+2+2)/5 = 2.30, overall (8/3+0+4+7/3+2)/5 = 2.20.
ROWS = [
    {"N01": 4, "N02": 3, "N15": 2},
    {"N01": 1, "N02": 1, "N15": 1},
    {"N01": 4, "N02": 4, "N15": 4},
    {"N01": 3, "N02": 2, "N15": 3},
    {"N01": 2, "N02": 3},
]
ROLES = ["both", "both", "both", "both", "user"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def round_five(published):
    round_ = open_round(published)
    companies = [
        company_submits(round_, role, levels) for role, levels in zip(ROLES, ROWS, strict=True)
    ]
    return round_, companies


def _body(response) -> str:
    return response.content.decode()


def test_nothing_of_the_benchmark_before_the_close(client, round_five):
    _round, companies = round_five
    assessment, user = companies[0]
    client.force_login(user)
    page = _body(client.get(f"/portal/navi/{assessment.pk}/result/"))
    assert "navi-average" not in page and "navi-radar-average" not in page
    assert "会員平均" not in page
    page = _body(client.get(f"/portal/navi/{assessment.pk}/benchmark/"))
    assert 'id="no-benchmark"' in page and "2.40" not in page
    sheet = load_workbook(
        io.BytesIO(client.get(f"/portal/navi/{assessment.pk}/result/answers.xlsx").content)
    ).active
    assert all(row[9] == "—" for row in sheet.iter_rows(min_row=3, values_only=True))


def test_after_the_close_the_report_shows_the_members_average_but_not_an_item_of_four(
    client, round_five
):
    round_, companies = round_five
    close(round_)
    assessment, user = companies[0]
    client.force_login(user)
    page = _body(client.get(f"/portal/navi/{assessment.pk}/result/"))
    assert 'data-item="N01">2.40<' in page
    assert 'data-item="N02">2.20<' in page
    assert 'data-item="N15">—<' in page
    assert "2.00" not in page
    # risks (N15 alone) has four companies: no average, so no second polygon on the radar.
    assert "navi-radar-average" not in page
    # Below the average: N15 is withheld; N01 (4) and N02 (3) are above theirs: none.
    assert 'id="below-average"' not in page

    pdf = pdf_text(client.get(f"/portal/navi/{assessment.pk}/result/report.pdf").content)
    assert "会員平均" in pdf and "2.40" in pdf and "2.20" in pdf
    assert "2.00" not in pdf
    pdf_en = pdf_text(client.get(f"/portal/navi/{assessment.pk}/result/report.pdf?lang=en").content)
    assert "2.40" in pdf_en and "2.00" not in pdf_en

    response = client.get(f"/portal/navi/{assessment.pk}/result/answers.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    averages = {row[1]: row[9] for row in rows[2:]}
    assert averages == {1: 2.4, 2: 2.2, 3: "—"}

    page = _body(client.get(f"/portal/navi/{assessment.pk}/benchmark/"))
    assert 'id="bench-companies">5社<' in page
    assert ">2.20<" in page and ">2.30<" in page
    assert 'id="bench-percentile">—<' in page  # among five: no percentile


def test_the_radar_draws_the_average_only_when_every_area_has_one():
    axes = [("ルール", Decimal("2.50")), ("組織", Decimal("1.00")), ("技術", Decimal("3.00"))]
    svg = radar_svg(axes, comparison=[Decimal("2"), Decimal("2"), Decimal("2")])
    assert svg.count("<polygon") == 4 + 2  # four rings, the company, the average
    assert 'class="navi-radar-average"' in svg
    withheld = radar_svg(axes, comparison=[Decimal("2"), None, Decimal("2")])
    assert "navi-radar-average" not in withheld and withheld.count("<polygon") == 5


def test_the_holes_compare_with_the_average_when_every_area_has_one(client, published):
    round_ = open_round(published)
    rows = [
        {"N01": 1, "N02": 2, "N15": 1},  # 0, 1, 0: below every average
        {"N01": 4, "N02": 4, "N15": 4},
        {"N01": 4, "N02": 4, "N15": 4},
        {"N01": 3, "N02": 3, "N15": 3},
        {"N01": 3, "N02": 3, "N15": 3},
    ]
    companies = [company_submits(round_, "both", levels) for levels in rows]
    close(round_)
    assessment, user = companies[0]
    client.force_login(user)
    page = _body(client.get(f"/portal/navi/{assessment.pk}/result/"))
    # N01 average (0+4+4+3+3)/5 = 2.80, gap −2.80; N15 likewise; N02 (1+4+4+3+3)/5 = 3.00,
    # gap −2.00: N01 and N15 first (the version's order), then N02.
    below = page.split('id="below-average"')[1].split("</ul>")[0]
    titles = [part.split("</span>")[0] for part in below.split('<span class="fw-bold">')[1:]]
    assert [title.split(".")[0] for title in titles] == ["1", "3", "2"]
    assert "−2.80" in below or "-2.80" in below


def test_another_company_cannot_see_a_companys_benchmark(client, round_five):
    round_, companies = round_five
    close(round_)
    other_assessment, _user = companies[1]
    _own, user = companies[0]
    client.force_login(user)
    for suffix in ("benchmark/", "result/", "result/report.pdf", "result/answers.xlsx"):
        assert client.get(f"/portal/navi/{other_assessment.pk}/{suffix}").status_code == 404


def test_a_late_reopening_changes_nothing_on_the_benchmark_page(client, round_five):
    round_, companies = round_five
    close(round_)
    assessment, user = companies[0]
    client.force_login(user)
    before = _body(client.get(f"/portal/navi/{assessment.pk}/benchmark/"))
    reopened = companies[1][0]
    NaviAssessment.objects.filter(pk=reopened.pk).update(status="in_progress")
    for answer in NaviAnswer.objects.filter(assessment=reopened):
        top = NaviLevel.objects.get(item=answer.item, number=4)
        NaviAnswer.objects.filter(pk=answer.pk).update(level=top)
    cache.clear()
    after = _body(client.get(f"/portal/navi/{assessment.pk}/benchmark/"))
    strip = lambda html: html.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(after) == strip(before)
