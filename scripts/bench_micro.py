"""`make bench`'s micro-benchmarks (run by scripts/bench.py), on the tests' SQLite settings.

Targets (on the 2-core reference machine):
- the pure fee function: 10,000 quotes in under 1 s;
- the JSON quote endpoint: under 20 ms a request on SQLite;
- /healthz: under 10 ms a request.
"""

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def timed(label, n, fn, target_ms):
    start = time.perf_counter()
    for _ in range(n):
        fn()
    per = (time.perf_counter() - start) * 1000 / n
    verdict = "ok" if per <= target_ms else "SLOW"
    print(f"{label:<40} {per:8.3f} ms/op  (target {target_ms} ms)  {verdict}")
    return per <= target_ms


def main():
    from django.test.utils import setup_databases, teardown_databases

    old = setup_databases(verbosity=0, interactive=False)
    ok = True
    try:
        from billing.fees import calculate_fee
        from billing.selectors import fee_schedule

        schedule = fee_schedule()
        day = datetime.date(2026, 4, 1)
        ok &= timed(
            "calculate_fee (pure)",
            10_000,
            lambda: calculate_fee(
                category="corporate",
                capital=100_000_000,
                parent_ratio=None,
                admission_date=day,
                schedule=schedule,
            ),
            0.1,
        )
        client = Client()
        soon = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
        url = f"/billing/quote/?category=corporate&capital=5000000&date={soon}"
        status = client.get(url).status_code
        if status != 200:
            print(f"GET /billing/quote/ answered {status}, not 200")
            ok = False
        ok &= timed("GET /billing/quote/", 200, lambda: client.get(url), 20)
        ok &= timed("GET /healthz", 200, lambda: client.get("/healthz"), 10)
    finally:
        teardown_databases(old, verbosity=0)
        connection.close()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
