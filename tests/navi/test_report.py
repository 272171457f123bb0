"""The company's report: the holes first, the area and overall scores, coverage by policy
document, progress against the previous submitted assessment (an item changed between the
versions is shown as changed, not as progress), the radar, the page, the PDF (pypdf and a
rendered PNG), the Excel export, and who may read it."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from navi import radar, report
from navi.models import NaviLevel
from navi.selectors import assessments as selecting
from navi.services import assessments as services
from navi.services.versions import version_load
from tests.factories import ContactFactory, UserFactory
from tests.navi.assessment_helpers import member_company, respondent
from tests.navi.conftest import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return member_company(ai_role="user")


@pytest.fixture
def user(company):
    return respondent(company, full_name="青木 真理")


@pytest.fixture
def assessment(company, user, published):
    return services.assessment_start(organisation=company, version=published, actor=user)


def _answer(assessment, user, levels: dict[str, int], comments: dict | None = None):
    for key, number in levels.items():
        item = assessment.version.items.get(key=key)
        answer_level = NaviLevel.objects.get(item=item, number=number)
        services.answer_save(
            assessment=assessment,
            item=item,
            level=answer_level,
            comment=(comments or {}).get(key, ""),
            evidence_url="",
            actor=user,
        )


def _submitted(assessment, user, levels, *, ai_role="user", now=None, comments=None):
    services.assessment_set_profile(
        assessment=assessment, ai_role=ai_role, use_cases="", actor=user
    )
    _answer(assessment, user, levels, comments)
    services.assessment_submit(assessment=assessment, actor=user, now=now)
    assessment.refresh_from_db()
    return assessment


def test_the_holes_come_first_lowest_points_first_with_the_next_level(assessment, user):
    _submitted(assessment, user, {"N01": 3, "N02": 2})
    built = selecting.assessment_report(assessment)
    assert [row.item.key for row in built.holes] == ["N02", "N01"]
    first = built.holes[0]
    assert first.points == 1 and first.next_level.number == 3
    assert first.marked  # N02 carries the 事務局案 mark
    assert built.holes[1].next_level.number == 4


def test_an_item_at_the_top_level_is_no_hole(assessment, user):
    _submitted(assessment, user, {"N01": 4, "N02": 1})
    built = selecting.assessment_report(assessment)
    assert [row.item.key for row in built.holes] == ["N02"]


def test_area_and_overall_scores(assessment, user):
    _submitted(assessment, user, {"N01": 4, "N02": 2})
    built = selecting.assessment_report(assessment)
    assert built.scores.overall_display == Decimal("2.50")
    assert built.scores.tier.key == "challenge"
    assert {a.area.key: a.score for a in built.areas} == {"rules": Decimal("2.50"), "risks": None}


def test_coverage_by_policy_document(assessment, user):
    # ai_role "both": N01 (meti, iso), N02 (meti), N15 (meti, nist) all apply.
    _submitted(assessment, user, {"N01": 3, "N02": 2, "N15": 4}, ai_role="both")
    coverage = {c.key: c for c in selecting.assessment_report(assessment).coverage}
    assert list(coverage) == ["meti_guideline", "iso42001", "nist_ai_rmf"]
    meti = coverage["meti_guideline"]
    assert (meti.mapped, meti.covered, meti.percent) == (3, 2, 66)
    assert [row.item.key for row in meti.below] == ["N02"]
    assert coverage["iso42001"].percent == 100 and coverage["nist_ai_rmf"].percent == 100
    assert coverage["meti_guideline"].title == "AI事業者ガイドライン（第1.1版）"


def test_coverage_counts_only_the_items_that_apply(assessment, user):
    _submitted(assessment, user, {"N01": 1, "N02": 3})
    coverage = {c.key: c for c in selecting.assessment_report(assessment).coverage}
    assert (coverage["meti_guideline"].mapped, coverage["meti_guideline"].covered) == (2, 1)
    assert coverage["nist_ai_rmf"].mapped == 0 and coverage["nist_ai_rmf"].percent is None


@pytest.fixture
def later(raw, published):
    """ver9.1: N01 as in ver9.0, N02's level texts changed."""
    raw = dict(raw, version="9.1", published_on=datetime.date(2026, 11, 20))
    n02 = raw["areas"][0]["items"][1]
    n02["levels"][2]["text"] = {
        "ja": "利用ルールを定め周知している",
        "en": "Rules are set and known",
    }
    return version_load(data=parse(raw), actor=None)


def test_progress_against_the_previous_assessment_across_two_versions(
    company, user, assessment, later
):
    first_time = timezone.now() - datetime.timedelta(days=30)
    _submitted(assessment, user, {"N01": 2, "N02": 2}, now=first_time)
    second = services.assessment_start(organisation=company, version=later, actor=user)
    _submitted(second, user, {"N01": 4, "N02": 3})
    built = selecting.assessment_report(second)
    assert built.previous.assessment == assessment
    status = {p.row.item.key: (p.status, p.change) for p in built.progress}
    assert status == {"N01": (report.UP, 3), "N02": (report.CHANGED, None)}
    assert built.overall_change == Decimal("3.50") - Decimal("1.00")
    rules = next(a for a in built.areas if a.area.key == "rules")
    assert (rules.previous, rules.change) == (Decimal("1.00"), Decimal("2.50"))
    # The first one has no previous assessment.
    assert selecting.assessment_report(assessment).previous is None


def test_the_radar_is_svg_with_one_axis_per_area():
    svg = radar.radar_svg(
        [("ルール<>", Decimal("2.50")), ("組織", None), ("技術", Decimal("4.00"))], title="t"
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "ルール&lt;&gt;" in svg and "2.50" in svg and "—" in svg
    assert svg.count('class="navi-radar-company"') == 1
    assert radar.radar_svg([("a", None), ("b", None)]) == ""


@pytest.fixture
def member(client, user):
    client.force_login(user)
    return client


def test_the_page_shows_holes_radar_coverage_and_marks(member, assessment, user):
    _submitted(assessment, user, {"N01": 3, "N02": 2})
    page = member.get(f"/portal/navi/{assessment.pk}/result/").content.decode()
    assert page.index('id="holes"') < page.index('id="overall-score"')
    assert 'id="radar"' in page and 'id="coverage"' in page  # two areas: no radar drawn
    assert "事務局案（SWG未レビュー）" in page
    assert "利用ルールを定めている" in page  # N02's next level as what to do next
    assert 'id="overall-score">2.00' in page


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join(
        line.replace(" ", "") for page in reader.pages for line in page.extract_text().splitlines()
    )


def test_the_pdf_is_the_report_in_japanese(member, assessment, user, company, tmp_path):
    _submitted(assessment, user, {"N01": 3, "N02": 2})
    response = member.get(
        f"/portal/navi/{assessment.pk}/result/report.pdf", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in (
        "AIガバナンスナビ自己診断結果報告書",
        company.legal_name.replace(" ", ""),
        "ver9.0",
        "事務局案（SWG未レビュー）",
        "まず取り組むべき項目",
        "2.00点",
        "AI事業者ガイドライン",
        "チャレンジ企業",
    ):
        assert expected in text, expected
    if shutil.which("pdftoppm"):
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(response.content)
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "p")], check=True)
        assert list(tmp_path.glob("p*.png"))


def test_the_excel_export_lists_the_answers_with_formulas_neutralised(member, assessment, user):
    _submitted(assessment, user, {"N01": 3, "N02": 2}, comments={"N01": "=HYPERLINK(1)"})
    response = member.get(f"/portal/navi/{assessment.pk}/result/answers.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [row[1] for row in rows] == [1, 2]
    assert rows[0][3] == 3 and rows[0][5] == 3 and rows[0][6] == "'=HYPERLINK(1)"
    assert rows[1][8] == "事務局案（SWG未レビュー）"


def test_the_member_representative_reads_the_report_but_does_not_answer(
    client, company, assessment, user
):
    _submitted(assessment, user, {"N01": 3, "N02": 2})
    representative = UserFactory()
    ContactFactory(
        organisation=company,
        user=representative,
        email=representative.email,
        is_member_representative=True,
    )
    client.force_login(representative)
    index = client.get("/portal/navi/").content.decode()
    assert f"/portal/navi/{assessment.pk}/result/" in index and "始める" not in index
    for suffix in ("result/", "result/report.pdf", "result/answers.xlsx"):
        assert client.get(f"/portal/navi/{assessment.pk}/{suffix}").status_code == 200, suffix
    assert client.get(f"/portal/navi/{assessment.pk}/").status_code == 403
    assert client.get(f"/portal/navi/{assessment.pk}/areas/rules/").status_code == 403


def test_others_may_not_read_the_report(client, company, assessment, user):
    _submitted(assessment, user, {"N01": 3, "N02": 2})
    colleague = UserFactory()
    ContactFactory(organisation=company, user=colleague, email=colleague.email)
    client.force_login(colleague)
    for suffix in ("result/", "result/report.pdf", "result/answers.xlsx"):
        assert client.get(f"/portal/navi/{assessment.pk}/{suffix}").status_code == 403, suffix
    stranger = respondent(member_company())
    client.force_login(stranger)
    for suffix in ("result/", "result/report.pdf", "result/answers.xlsx"):
        assert client.get(f"/portal/navi/{assessment.pk}/{suffix}").status_code == 404, suffix


def test_the_report_makes_as_many_queries_with_a_previous_assessment_of_another_version(
    company, user, assessment, later, django_assert_max_num_queries
):
    """Content and answers are fetched once per assessment, never per item."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _submitted(assessment, user, {"N01": 2, "N02": 2}, now=timezone.now() - datetime.timedelta(1))
    with CaptureQueriesContext(connection) as alone:
        selecting.assessment_report(assessment)
    second = services.assessment_start(organisation=company, version=later, actor=user)
    _submitted(second, user, {"N01": 4, "N02": 3})
    with django_assert_max_num_queries(2 * len(alone) + 1):
        built = selecting.assessment_report(second)
    assert built.previous is not None and len(built.progress) == 2


def test_the_english_report_is_a_separate_download(member, assessment, user):
    _submitted(assessment, user, {"N01": 3, "N02": 2})
    response = member.get(f"/portal/navi/{assessment.pk}/result/report.pdf?lang=en")
    assert response["Content-Type"] == "application/pdf"
    assert "-en.pdf" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "AIpolicy" in text and "Rulesforusing" in text.replace(" ", "")


def _row(key, number, level_number, top=4):
    from types import SimpleNamespace

    levels = {
        n: SimpleNamespace(number=n, points=[0, 1, 3, 4][n - 1], ours=False) for n in (1, 2, 3, 4)
    }
    item = SimpleNamespace(key=key, number=number, review_mark=False)
    level = levels[level_number] if level_number else None
    following = levels.get(level_number + 1) if level_number and level_number < top else None
    if level_number is None:
        following = levels[1]
    return report.ItemRow(area=None, item=item, answer=None, level=level, next_level=following)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"A": 1, "B": 2, "C": 3}, ["A", "B", "C"]),
        ({"A": 3, "B": 1, "C": 1}, ["B", "C", "A"]),  # equal points: the version's order
        ({"A": 4, "B": 4}, []),  # at the top level: no hole
        ({"A": None, "B": 2}, ["B"]),  # unanswered (not submitted yet): not a hole
        ({str(n): 1 for n in range(8)}, [str(n) for n in range(5)]),  # five shown
    ],
)
def test_holes_ordering(answers, expected):
    rows = [_row(key, i + 1, level) for i, (key, level) in enumerate(answers.items())]
    assert [row.item.key for row in report.holes(rows)] == expected
