import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import close_old_connections, connection, transaction

from billing import numbering
from billing.invoice_calc import due_date_for, is_business_day, previous_business_day
from billing.models import DocumentSequence, Invoice
from tests.billing.invoice_helpers import issue

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("moment", "expected_date"),
    [
        (datetime.datetime(2026, 9, 30, 23, 30, tzinfo=datetime.UTC), datetime.date(2026, 10, 1)),
        (datetime.datetime(2026, 9, 30, 14, 59, tzinfo=datetime.UTC), datetime.date(2026, 9, 30)),
        (datetime.datetime(2026, 10, 1, 8, 30, tzinfo=TOKYO), datetime.date(2026, 10, 1)),
    ],
)
def test_tokyo_date_at_the_boundary(moment, expected_date):
    assert numbering.tokyo_date(moment) == expected_date


@pytest.mark.django_db
def test_numbers_are_gapless_per_fiscal_year_of_the_issue_date(issuer, organisation):
    a = issue(organisation, on=datetime.date(2026, 3, 31))
    b = issue(organisation, on=datetime.date(2026, 9, 30))
    c = issue(organisation, on=datetime.date(2026, 10, 1))
    d = issue(organisation, on=datetime.date(2026, 10, 2))
    assert [a.number, b.number] == ["AIGA-2025-0001", "AIGA-2025-0002"]
    assert [c.number, d.number] == ["AIGA-2026-0001", "AIGA-2026-0002"]


@pytest.mark.django_db
def test_issue_without_date_uses_tokyo_date(issuer, organisation, monkeypatch):
    from django.utils import timezone

    # 2026-10-01 08:30 JST is still 30 September in UTC.
    moment = datetime.datetime(2026, 9, 30, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    invoice = issue(organisation, on=None)
    assert invoice.issue_date == datetime.date(2026, 10, 1)
    assert invoice.number == "AIGA-2026-0001"


@pytest.mark.django_db
def test_draft_has_no_number_and_failed_issue_leaves_no_gap(organisation):
    from billing.models import IssuerProfile
    from billing.services import invoices as invoicing

    IssuerProfile.current()  # no registration number: a taxable line is refused
    from tests.billing.invoice_helpers import DUES_LINES, EVENT_LINE

    with pytest.raises(invoicing.InvoiceError):
        issue(organisation, lines=[*DUES_LINES, EVENT_LINE])
    assert not Invoice.objects.exclude(status="draft").exists()
    assert not Invoice.objects.filter(number__isnull=False).exists()
    ok = issue(organisation)
    assert ok.number == "AIGA-2025-0001"


@pytest.mark.django_db
def test_credit_notes_and_estimates_have_their_own_series():
    on = datetime.date(2026, 4, 1)
    assert numbering.next_number(series=numbering.INVOICE_SERIES, on=on) == "AIGA-2025-0001"
    assert numbering.next_number(series=numbering.CREDIT_NOTE_SERIES, on=on) == "AIGA-CN-2025-0001"
    assert numbering.next_number(series=numbering.ESTIMATE_SERIES, on=on) == "AIGA-Q-2025-0001"
    assert numbering.next_number(series=numbering.INVOICE_SERIES, on=on) == "AIGA-2025-0002"
    with pytest.raises(ValueError):
        numbering.next_number(series="nope", on=on)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transactions_get_two_consecutive_numbers():
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(2, timeout=20)
    results: list[str] = []
    errors: list[BaseException] = []

    def worker():
        try:
            with transaction.atomic():
                barrier.wait()  # both are inside their transactions before either numbers
                results.append(
                    numbering.next_number(series="invoice", on=datetime.date(2026, 5, 1))
                )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results) == ["AIGA-2025-0001", "AIGA-2025-0002"]
    assert DocumentSequence.objects.get(series="invoice", fiscal_year=2025).last_number == 2


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 5, 29), True),  # Friday
        (datetime.date(2026, 5, 30), False),  # Saturday
        (datetime.date(2026, 5, 31), False),  # Sunday
        (datetime.date(2026, 5, 4), False),  # みどりの日
        (datetime.date(2026, 12, 31), False),  # year-end
        (datetime.date(2027, 1, 4), True),
        (datetime.date(2027, 1, 3), False),
        (datetime.date(2026, 9, 22), False),  # 国民の休日 (between 敬老の日 and 秋分の日)
    ],
)
def test_business_days(day, expected):
    assert is_business_day(day) is expected


@pytest.mark.parametrize(
    ("issue_date", "terms", "days", "due"),
    [
        # 翌月末 2026-05-31 is a Sunday → Friday 29 May.
        (datetime.date(2026, 4, 15), "next_month_end", 30, datetime.date(2026, 5, 29)),
        # 翌月末 2026-12-31 (year-end) → 30 Dec (Wednesday).
        (datetime.date(2026, 11, 10), "next_month_end", 30, datetime.date(2026, 12, 30)),
        # 翌月末 2027-01-31 is a Sunday → 29 Jan.
        (datetime.date(2026, 12, 15), "next_month_end", 30, datetime.date(2027, 1, 29)),
        # N days landing on 3 Jan 2027 → back past the break and the weekend to 30 Dec 2026.
        (datetime.date(2026, 12, 4), "days", 30, datetime.date(2026, 12, 30)),
        # Golden Week: 2026-05-06 is a substitute holiday → 1 May.
        (datetime.date(2026, 4, 6), "days", 30, datetime.date(2026, 5, 1)),
    ],
)
def test_due_dates_move_back_to_a_business_day(issue_date, terms, days, due):
    assert due_date_for(issue_date=issue_date, terms=terms, days=days) == due


def test_previous_business_day_keeps_a_business_day():
    assert previous_business_day(datetime.date(2026, 6, 1)) == datetime.date(2026, 6, 1)
