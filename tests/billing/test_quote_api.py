"""GET /billing/quote/: the table's amounts, the date rule, and 400s that name the field."""

import datetime

import pytest
from django.urls import reverse

from billing.models import FeeSchedule
from billing.selectors import admission_date_for_quote, fee_schedule, quote_for

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "/billing/quote/"
TODAY = D(2025, 10, 1)  # the first day of 2025年度: every date below is ahead of it
PAST = (
    "入会予定日が過去の日付です。今後の日付を入力してください"
    "（空欄の場合は次回の理事会の開催日で計算します）。"
)


@pytest.fixture(autouse=True)
def today(clock):
    return clock(TODAY)


def get(client, **params):
    return client.get(URL, params)


def test_url_name():
    assert reverse("billing:quote") == URL


def test_seeded_schedule_is_the_brochure_table():
    entries = {e.tier: e for e in fee_schedule()}
    assert entries["regular"].effective_from == D(2024, 10, 1)
    assert (entries["regular"].admission_fee, entries["regular"].annual_fee_first_half) == (
        100_000,
        500_000,
    )
    assert entries["regular"].annual_fee_second_half == 250_000
    assert (entries["smb"].admission_fee, entries["smb"].annual_fee_first_half) == (50_000, 100_000)
    assert entries["smb"].annual_fee_second_half == 50_000
    assert entries["expert"].admission_fee == entries["expert"].annual_fee_first_half == 0


@pytest.mark.parametrize(
    ("params", "tier", "half", "fy", "admission", "annual"),
    [
        ({"capital": "100000000", "date": "2025-11-01"}, "smb", "first", 2025, 50_000, 100_000),
        (
            {"capital": "100000001", "date": "2025-11-01"},
            "regular",
            "first",
            2025,
            100_000,
            500_000,
        ),
        (
            {"capital": "1000", "parent_ratio": "50", "date": "2026-04-01"},
            "smb",
            "second",
            2025,
            50_000,
            50_000,
        ),
        (
            {"capital": "1000", "parent_ratio": "50.1", "date": "2026-04-01"},
            "regular",
            "second",
            2025,
            100_000,
            250_000,
        ),
        ({"capital": "5億", "date": "2026-03-31"}, "regular", "first", 2025, 100_000, 500_000),
        (
            {"capital": "500000000", "date": "2026-04-01"},
            "regular",
            "second",
            2025,
            100_000,
            250_000,
        ),
        ({"capital": "1", "date": "2026-09-30"}, "smb", "second", 2025, 50_000, 50_000),
        ({"capital": "1", "date": "2026-10-01"}, "smb", "first", 2026, 50_000, 100_000),
        ({"category": "expert", "date": "2026-04-01"}, "expert", "second", 2025, 0, 0),
        ({"category": "expert", "date": "2025-10-01"}, "expert", "first", 2025, 0, 0),
        (
            {"capital": "", "capital_kind": "fund", "date": "2025-12-01"},
            "regular",
            "first",
            2025,
            100_000,
            500_000,
        ),
        # Full-width digits and commas, a yen sign and a full-width percent.
        (
            {
                "capital": "￥１００，０００，０００円",
                "parent_ratio": "５０％",
                "date": "2025-12-01",
            },
            "smb",
            "first",
            2025,
            50_000,
            100_000,
        ),
    ],
)
def test_answers(client, params, tier, half, fy, admission, annual):
    params.setdefault("category", "corporate")
    response = get(client, **params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["tier"] == tier
    assert body["half"] == half
    assert body["fiscal_year"] == fy
    assert body["admission_fee"] == admission
    assert body["annual_fee"] == annual
    assert body["total"] == admission + annual
    # An expert's one reason is that there is nothing to pay: no half, date or schedule.
    assert isinstance(body["reasons"], list) and len(body["reasons"]) == (
        1 if tier == "expert" else 4
    )
    assert {
        "tier",
        "half",
        "fiscal_year",
        "admission_fee",
        "annual_fee",
        "total",
        "reasons",
    } <= set(body)


def test_reasons_are_japanese_by_default_and_english_on_request(client):
    params = {"category": "corporate", "capital": "100000000", "date": "2025-11-01"}
    ja = get(client, **params).json()
    assert (
        ja["reasons"][0]
        == "資本金100,000,000円は1億円以下のため、正会員（SMB・スタートアップ枠）です。"
    )
    # The site is Japanese first: the browser's language alone does not switch it.
    assert client.get(URL, params, headers={"accept-language": "en"}).json() == ja
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get(URL, params).json()
    assert en["reasons"][0].startswith("Share capital of ¥100,000,000")
    assert en["reasons_ja"] == ja["reasons"]


def test_expert_needs_no_capital(client):
    body = get(client, category="expert").json()
    assert body["tier"] == "expert"
    assert body["total"] == 0


def test_expert_answer_says_nothing_of_halves_or_later_years(client):
    body = get(client, category="expert", date="2026-04-01").json()
    assert body["reasons"] == [
        "有識者会員（理事又は監事の推薦を受けた個人）には入会費・年会費はかかりません。"
    ]
    assert body["next_year_annual_fee"] == 0


@pytest.mark.parametrize(
    ("params", "next_year"),
    [
        ({"capital": "300000000", "date": "2026-05-20"}, 500_000),
        ({"capital": "300000000", "date": "2025-11-01"}, 500_000),
        ({"capital": "50000000", "date": "2026-04-16"}, 100_000),
    ],
)
def test_the_answer_names_the_fee_of_later_years(client, params, next_year):
    assert get(client, category="corporate", **params).json()["next_year_annual_fee"] == next_year


@pytest.mark.parametrize("date", ["2025-09-30", "2024-10-01", "1999-12-31", "0001-01-01"])
def test_a_past_admission_date_is_400_with_the_reason(client, date):
    response = get(client, category="corporate", capital="1", date=date)
    assert response.status_code == 400
    assert response.json() == {"errors": {"date": [PAST]}}


def test_today_is_not_past(client):
    # The board may meet today.
    response = get(client, category="corporate", capital="1", date="2025-10-01")
    assert response.status_code == 200
    assert response.json()["admission_date"] == "2025-10-01"


def test_past_is_measured_in_tokyo(client, monkeypatch):
    from django.utils import timezone

    # 2025-10-01 16:00 UTC is already 2 October in Tokyo: 1 October has passed there.
    moment = datetime.datetime(2025, 10, 1, 16, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert get(client, category="corporate", capital="1", date="2025-10-01").status_code == 400
    assert get(client, category="corporate", capital="1", date="2025-10-02").status_code == 200


def test_an_empty_date_is_not_past_but_the_next_board_meeting(client):
    body = get(client, category="corporate", capital="1", date="").json()
    assert (body["admission_date"], body["date_basis"]) == ("2025-10-01", "today")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"capital": "-1"}, "capital"),
        ({"capital": "abc"}, "capital"),
        ({"capital": "1.5"}, "capital"),
        ({"capital": ""}, "capital"),
        ({"capital": "9" * 30}, "capital"),
        ({"capital": "100", "parent_ratio": "101"}, "parent_ratio"),
        ({"capital": "100", "parent_ratio": "-1"}, "parent_ratio"),
        ({"capital": "100", "parent_ratio": "half"}, "parent_ratio"),
        ({"capital": "100", "parent_ratio": "NaN"}, "parent_ratio"),
        ({"capital": "100", "parent_ratio": "Infinity"}, "parent_ratio"),
        ({"capital": "100", "parent_ratio": "1e-999999999"}, "parent_ratio"),
        ({"capital": "100", "parent_ratio": "5e1"}, "parent_ratio"),
        ({"capital": "1e9"}, "capital"),
        ({"capital": "100", "date": "0000-01-01"}, "date"),
        ({"capital": "100", "date": "2026-02-30"}, "date"),
        ({"capital": "100", "date": "2026-13-01"}, "date"),
        ({"capital": "100", "date": "tomorrow"}, "date"),
        ({"capital": "100", "date": "2024-09-30"}, "date"),  # before any schedule
        ({"capital": "100", "date": "9999-12-31"}, "date"),
        ({"capital": "100", "date": "0001-01-01"}, "date"),
        ({"capital": "100", "date": "abc"}, "date"),
        ({"capital": str(2**63)}, "capital"),
        ({"capital": "100", "date": "2026-05-20\x00"}, "date"),
        ({"capital": "100", "category": "company"}, "category"),
        ({"capital": "100", "capital_kind": "gold"}, "capital_kind"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, params, field):
    params.setdefault("category", "corporate")
    params.setdefault("date", "2025-11-01")
    response = get(client, **params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors
    assert errors[field] and all(isinstance(m, str) and m for m in errors[field])


def test_date_before_any_schedule_says_so(client, clock):
    clock(D(2024, 9, 1))  # before the association had a fee schedule
    body = get(client, category="corporate", capital="1", date="2024-09-30").json()
    assert "会費表がありません" in body["errors"]["date"][0]


def test_post_is_not_allowed(client):
    assert client.post(URL, {"capital": "1"}).status_code == 405


def test_schedule_change_in_the_database(client):
    FeeSchedule.objects.create(
        tier="regular",
        effective_from=D(2026, 10, 1),
        admission_fee=120_000,
        annual_fee_first_half=600_000,
        annual_fee_second_half=300_000,
    )
    before = get(client, category="corporate", capital="200000000", date="2026-09-30").json()
    after = get(client, category="corporate", capital="200000000", date="2026-10-01").json()
    assert (before["admission_fee"], before["annual_fee"]) == (100_000, 250_000)
    assert (after["admission_fee"], after["annual_fee"]) == (120_000, 600_000)


# The board-meeting date rule -------------------------------------------------------


class FakeSelectors:
    def __init__(self, meeting):
        self.meeting = meeting
        self.asked = []

    def next_board_meeting_date(self, after):
        self.asked.append(after)
        return self.meeting


@pytest.fixture
def board_meeting(monkeypatch):
    """A fake next_board_meeting_date (billing's look-up of the register) returning the date."""
    import billing.selectors

    def install(meeting):
        fake = FakeSelectors(meeting)
        monkeypatch.setattr(
            billing.selectors, "next_board_meeting_date", fake.next_board_meeting_date
        )
        return fake

    return install


def test_given_date_wins_over_board_meeting(board_meeting):
    fake = board_meeting(D(2026, 4, 15))
    day, basis = admission_date_for_quote(admission_date=D(2026, 3, 20), today=D(2026, 3, 1))
    assert (day, basis) == (D(2026, 3, 20), "given")
    assert fake.asked == []


def test_next_board_meeting_is_used_before_approval(board_meeting):
    fake = board_meeting(D(2026, 4, 15))
    result = quote_for(category="corporate", capital=500_000_000, today=D(2026, 3, 25))
    assert fake.asked == [D(2026, 3, 25)]
    assert result.admission_date == D(2026, 4, 15)
    assert result.date_basis == "board_meeting"
    # Typed in March, but the meeting is in April: second-half fee.
    assert result.half == "second"
    assert result.annual_fee == 250_000
    assert "次回の理事会（2026年4月15日）" in result.reasons[2].ja


def test_board_meeting_in_march_keeps_first_half(board_meeting):
    board_meeting(D(2026, 3, 15))
    result = quote_for(category="corporate", capital=500_000_000, today=D(2026, 3, 2))
    assert (result.half, result.annual_fee) == ("first", 500_000)


def test_no_meeting_scheduled_falls_back_to_today(board_meeting):
    board_meeting(None)
    result = quote_for(category="corporate", capital=1, today=D(2026, 4, 1))
    assert (result.admission_date, result.date_basis) == (D(2026, 4, 1), "today")
    assert "本日" in result.reasons[2].ja


@pytest.mark.django_db
def test_without_a_planned_meeting_today_is_used():
    day, basis = admission_date_for_quote(today=D(2025, 12, 24))
    assert (day, basis) == (D(2025, 12, 24), "today")


def test_today_is_the_tokyo_date(monkeypatch, board_meeting):
    board_meeting(None)
    from django.utils import timezone

    # 2026-03-31 20:00 UTC is already 1 April in Tokyo: a second-half quote.
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2026, 3, 31, 20, 0, tzinfo=datetime.UTC)
    )
    result = quote_for(category="corporate", capital=1)
    assert result.admission_date == D(2026, 4, 1)
    assert result.half == "second"


def test_endpoint_without_date_reports_the_date_used(client, board_meeting):
    board_meeting(D(2026, 5, 14))
    body = get(client, category="corporate", capital="1").json()
    assert body["admission_date"] == "2026-05-14"
    assert body["date_basis"] == "board_meeting"
    assert body["half"] == "second"


@pytest.mark.parametrize("date", ["9999-12-31", "2100-01-01", "2031-01-01"])
def test_a_date_outside_the_quotes_range_names_the_range(client, date):
    response = get(client, category="corporate", capital="1", date=date)
    assert response.status_code == 400
    # From today to the end of the fifth calendar year ahead.
    assert response.json()["errors"]["date"] == [
        "入会予定日は2025年10月1日から2030年12月31日までの日付で入力してください。"
    ]
    assert get(client, category="corporate", capital="1", date="2030-12-31").status_code == 200


def test_the_range_follows_today():
    from billing.forms import QuoteForm

    data = {"category": "corporate", "capital": "1", "date": "2031-12-31"}
    assert QuoteForm(data, today=D(2026, 1, 1)).is_valid()
    assert not QuoteForm({**data, "date": "2032-01-01"}, today=D(2026, 12, 31)).is_valid()


def test_a_capital_beyond_any_company_says_so(client):
    response = get(client, category="corporate", capital=str(10**15 + 1), date="2025-11-01")
    assert response.json()["errors"]["capital"] == [
        "資本金の金額が大きすぎます。桁数をご確認ください。"
    ]
