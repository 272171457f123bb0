"""The secretariat's report of a closed round: staff only, the figures fixed at the close,
the trend across rounds, the analysis export (no names, new codes each time, audited) and
the symposium's one-page summary."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache

from aiga.models import AuditEntry
from navi.models import NaviAnswer, NaviAssessment
from tests.factories import UserFactory
from tests.helpers import pdf_text
from tests.navi.round_helpers import close, company_submits, open_round

pytestmark = pytest.mark.django_db

# By hand (see test_benchmark): overall 7/3 → 2.33, rules 2.30, risks 2.40; N02 is the
# lowest item (2.20); tiers 1 leader, 3 challenge, 1 startline; N01 at level 3 or above
# for 3 of 5 (60%).
FIVE = [
    {"N01": 4, "N02": 3, "N15": 2},
    {"N01": 1, "N02": 1, "N15": 1},
    {"N01": 4, "N02": 4, "N15": 4},
    {"N01": 3, "N02": 2, "N15": 3},
    {"N01": 2, "N02": 3, "N15": 4},
]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def closed(published):
    round_ = open_round(published)
    companies = [company_submits(round_, "both", levels) for levels in FIVE]
    for assessment, _user in companies:
        NaviAnswer.objects.filter(assessment=assessment).update(
            comment="社外秘のコメント", evidence_url="https://secret.example/evidence"
        )
        NaviAssessment.objects.filter(pk=assessment.pk).update(use_cases="社内向け秘密チャット")
    open_round(
        published,
        title="2026年12月 回答中",
        opens_on=datetime.date(2026, 12, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    return close(round_), companies


def test_the_secretariat_reads_the_report(client, closed, secretariat):
    round_, _companies = closed
    client.force_login(secretariat)
    response = client.get(f"/navi/rounds/{round_.pk}/report/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="round-overall">2.33点<' in page
    areas = page.split('id="round-areas"')[1].split("</table>")[0]
    assert ">2.30<" in areas and ">2.40<" in areas
    lowest = page.split('id="round-lowest"')[1].split("</table>")[0]
    assert lowest.index("2.20") < lowest.index("2.40")
    tiers = page.split('id="round-tiers"')[1].split("</table>")[0]
    assert ">1社<" in tiers and ">3社<" in tiers
    documents = page.split('id="round-documents"')[1].split('id="round-export"')[0]
    # Each of N01, N02, N15 at level 3 or above for 3 of 5; the guideline maps all three.
    assert "60%（3社）" in documents
    assert '60%</td><td class="num">15<' in documents
    assert 'class="navi-trend"' in page
    assert "社外秘" not in page


def test_the_trend_runs_across_the_closed_rounds(client, published, secretariat):
    first = open_round(published, title="第1回", closes_on=datetime.date(2026, 9, 10))
    for _ in range(5):
        company_submits(first, "both", {"N01": 2, "N02": 2, "N15": 2})  # 1 point each
    close(first)
    second = open_round(
        published,
        title="第2回",
        opens_on=datetime.date(2027, 3, 1),
        closes_on=datetime.date(2027, 3, 31),
    )
    for _ in range(5):
        company_submits(second, "both", {"N01": 3, "N02": 3, "N15": 3})  # 3 points each
    close(second)
    client.force_login(secretariat)
    page = client.get(f"/navi/rounds/{second.pk}/report/").content.decode()
    trend = page.split('id="round-trend"')[1].split("</svg>")[0]
    assert "第1回" in trend and "第2回" in trend
    # The overall line from 1 to 3 points across a plot 464 wide from x = 36:
    # y = 14 + 250 × (1 − value / 4).
    assert '<polyline points="36.0,201.5 500.0,76.5"' in trend


@pytest.mark.parametrize("who", ["member", "board", "staff_without_permission"])
def test_nobody_but_the_secretariat_reads_it(client, closed, who):
    round_, companies = closed
    user = {
        "member": lambda: companies[0][1],
        "board": lambda: UserFactory(groups=["Board"]),
        "staff_without_permission": lambda: UserFactory(is_staff=True),
    }[who]()
    client.force_login(user)
    for suffix in ("", "answers.csv"):
        assert client.get(f"/navi/rounds/{round_.pk}/report/{suffix}").status_code == 403
    assert client.post(f"/navi/rounds/{round_.pk}/report/summary.pdf").status_code == 403
    assert not AuditEntry.objects.filter(action="navi_round.export").exists()


def test_anonymous_visitors_are_sent_to_log_in_and_an_open_round_has_no_report(
    client, closed, published, secretariat
):
    round_, _companies = closed
    response = client.get(f"/navi/rounds/{round_.pk}/report/")
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(secretariat)
    running = open_round(
        published,
        title="実施中",
        opens_on=datetime.date(2027, 1, 1),
        closes_on=datetime.date(2027, 1, 31),
    )
    assert client.get(f"/navi/rounds/{running.pk}/report/").status_code == 404
    assert client.get(f"/navi/rounds/{running.pk}/report/answers.csv").status_code == 404
    assert client.get("/navi/rounds/987654/report/").status_code == 404


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_export_has_no_names_and_new_codes_every_time_and_is_audited(
    client, closed, secretariat
):
    round_, companies = closed
    client.force_login(secretariat)
    first = client.get(f"/navi/rounds/{round_.pk}/report/answers.csv")
    second = client.get(f"/navi/rounds/{round_.pk}/report/answers.csv")
    assert first.status_code == second.status_code == 200
    rows, again = _rows(first.content), _rows(second.content)
    assert rows[0] == ["コード", "AIとの関わり", "N01", "N02", "N15"]
    assert len(rows) == 6 and len(again) == 6
    # The answers, by item key, as level numbers (rows in a random order).
    assert sorted(tuple(row[2:]) for row in rows[1:]) == sorted(
        tuple(str(levels[key]) for key in ("N01", "N02", "N15")) for levels in FIVE
    )
    assert {row[1] for row in rows[1:]} == {"開発・提供と利用の両方"}  # a label, not "both"
    codes, codes_again = {row[0] for row in rows[1:]}, {row[0] for row in again[1:]}
    assert len(codes) == 5 and not codes & codes_again
    ids = {str(a.pk) for a, _u in companies} | {str(a.organisation_id) for a, _u in companies}
    assert not codes & ids
    text = first.content.decode("utf-8-sig")
    for assessment, _user in companies:
        assert assessment.organisation.legal_name not in text
    for secret in ("社外秘", "secret.example", "秘密チャット"):
        assert secret not in text
    entries = AuditEntry.objects.filter(action="navi_round.export", object_id=str(round_.pk))
    assert entries.count() == 2 and set(entries.values_list("actor", flat=True)) == {secretariat.pk}
    assert entries.first().data["rows"] == 5


def test_the_symposium_summary_is_one_page_in_japanese_with_the_comments(
    client, closed, secretariat
):
    round_, _companies = closed
    client.force_login(secretariat)
    assert client.get(f"/navi/rounds/{round_.pk}/report/summary.pdf").status_code == 405
    response = client.post(
        f"/navi/rounds/{round_.pk}/report/summary.pdf",
        {"comments": "透明性・アカウンタビリティに課題感がある\n=HYPERLINK(1)"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    text = pdf_text(response.content)
    assert "全体平均" in text and "2.33点" in text and "2.30" in text and "2.40" in text
    assert "透明性・アカウンタビリティに課題感がある" in text
    # Public: a tier of fewer than five companies is not shown.
    assert "1社" not in text and "3社" not in text


def test_a_summary_comment_too_long_is_a_field_error(client, closed, secretariat):
    round_, _companies = closed
    client.force_login(secretariat)
    response = client.post(
        f"/navi/rounds/{round_.pk}/report/summary.pdf", {"comments": "あ" * 1201}
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
