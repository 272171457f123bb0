"""`make bench`: the system at one and ten times the association, kept out of the tests.

What it does (PostgreSQL needed; BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/):
1. Builds a database per scale (aiga_bench_s1, aiga_bench_s10) with `manage.py seed_scale`,
   once (`--fresh` builds them again), and the bench's users (scripts/bench_site.py).
2. Queries and in-process server time of every page in scripts/bench_pages.py at each scale.
3. Under load, at the largest scale: gunicorn as in production (2 sync workers), `wrk`
   pinned to its own core with `taskset`, each page alternated with a trivial view (one
   ORM query, a tiny template) in the same run, `--runs` times: req/s, p50, p99, ratio.
   The trivial view is measured with and without persistent database connections.
4. One invoice PDF: the first render in a fresh process and the median after it; a bank
   statement of 1,300 lines read, matched and stored (billing.services.bank); the Navi's
   benchmark of a round of 13,000 assessments (navi.selectors.benchmark.round_figures).
   statement of 1,300 lines read, matched and stored (billing.services.bank); next fiscal
   year's renewal run (年会費請求) on a copy of the largest database: every member's invoice
   issued and rendered, the memory as it goes, and the e-mails' delivery window at the set
   rate (`--skip-renewal` leaves it out).
5. /membership/ loaded cold in headless Chromium: requests and bytes, by a visitor with a
   Japanese font and by one without.
6. Writes docs/performance.md and exits non-zero when a target is missed.

    make bench                       # everything (about 20 minutes)
    .venv/bin/python scripts/bench.py --scales 1 --skip-load   # a quick look
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
DOC = ROOT / "docs/performance.md"
STATIC_ROOT = ROOT / "var/bench-static"

TARGETS = {
    "public_ratio": 0.6,  # public pages and the portal: throughput / the trivial view's
    "public_p99_factor": 3.0,  # … and p99 at most 3× the trivial view's
    "staff_median_ms": 100,  # admin lists, /board/, the overview: in-process median
    "staff_ratio": 0.3,
    "pdf_median_ms": 400,  # one invoice PDF, after the first
    "bank_seconds": 10,  # 1,300 lines of a bank statement imported and matched
    "benchmark_seconds": 1.0,  # the Navi benchmark of a round of 13,000 assessments
    "renewal_seconds": 300,  # the year's renewal (1,300 invoices at scale 10) issued and rendered
    "frontend_requests": 20,  # /membership/ cold, a visitor with a Japanese font
    "frontend_kib": 400,
}


def log(text: str) -> None:
    print(text, flush=True)


def base_env(database_url: str | None = None, **extra) -> dict:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # TLS ends at the reverse proxy in production; the bench talks plain HTTP to gunicorn.
        "SECURE_SSL_REDIRECT": "false",
        # The pages are measured, not the log-in: staff sessions are made with force_login,
        # which has no second factor (production requires one; tests/members cover it).
        "TWO_FACTOR_REQUIRED": "false",
        "STATIC_ROOT": str(STATIC_ROOT),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'scripts'}",
        **extra,
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(args: list[str], env: dict, **kwargs) -> str:
    result = subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, check=False, **kwargs
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"bench: {' '.join(args[:4])} failed")
    return result.stdout


def site(command: str, database_url: str, *args) -> object:
    out = run([PYTHON, "scripts/bench_site.py", command, *map(str, args)], base_env(database_url))
    return json.loads(out.strip().splitlines()[-1])


# ------------------------------------------------------------------ databases


def server_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/")


def psql(sql: str, database: str = "postgres") -> str:
    """Run one statement on the bench's PostgreSQL server; the first value it returns."""
    import psycopg

    with psycopg.connect(f"{server_url()}/{database}", autocommit=True) as conn:
        cursor = conn.execute(sql)
        row = cursor.fetchone() if cursor.description else None
        return row[0] if row else ""


def database_for(scale: float, fresh: bool) -> str:
    name = f"aiga_bench_s{str(scale).replace('.', '_')}"
    url = f"{server_url()}/{name}"
    marker = f"aiga bench scale {scale} complete"
    comment = psql(
        "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
        f"WHERE datname = '{name}'"
    )
    if comment == marker and not fresh:
        log(f"scale {scale}: using {name}")
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], base_env(url))
        return url
    log(f"scale {scale}: building {name} (migrate, seed_scale)…")
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    env = base_env(url)
    start = time.perf_counter()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "seed_scale", "--scale", str(scale)], env)
    site("prepare", url)
    psql(f"COMMENT ON DATABASE \"{name}\" IS '{marker}'")
    log(f"scale {scale}: built in {time.perf_counter() - start:.0f} s")
    return url


NAVI_ROUND = 13_000  # assessments in a round at scale 100: one per corporate member


def navi_database(fresh: bool) -> str:
    """A database of its own for the Navi's round of 13,000 assessments (built once): the
    scale databases keep their proportions, and this one does not need scale 100's."""
    name = "aiga_bench_navi"
    url = f"{server_url()}/{name}"
    marker = f"aiga bench navi round {NAVI_ROUND} complete"
    comment = psql(
        "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
        f"WHERE datname = '{name}'"
    )
    if comment == marker and not fresh:
        log(f"navi: using {name}")
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], base_env(url))
        return url
    log(f"navi: building {name} (a round of {NAVI_ROUND:,} assessments)…")
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], base_env(url))
    site("benchmark_build", url, NAVI_ROUND)
    psql(f"COMMENT ON DATABASE \"{name}\" IS '{marker}'")
    return url


def renewal(database_url: str) -> dict:
    """Next year's renewal run on a copy of the bench database (dropped afterwards), its
    PDFs stored in a temporary folder."""
    import tempfile

    name = database_url.rsplit("/", 1)[1]
    copy = f"{name}_renewal"
    psql(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="aiga-bench-renewal-") as media:
            out = run(
                [PYTHON, "scripts/bench_site.py", "renewal"],
                base_env(f"{server_url()}/{copy}", PRIVATE_MEDIA_ROOT=media),
            )
        return json.loads(out.strip().splitlines()[-1])
    finally:
        psql(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


# ------------------------------------------------------------------ under load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, database_url: str, **env):
        self.port = free_port()
        self.env = base_env(database_url, DJANGO_SETTINGS_MODULE="bench_settings", **env)
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "aiga.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                urlopen(f"{self.url}/healthz", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("bench: gunicorn did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url: str, cookie: str, duration: int) -> dict:
    args = ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        args = ["taskset", "-c", str((os.cpu_count() or 2) - 1), *args]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def percentile(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": rps,
        "p50": percentile(50),
        "p99": percentile(99),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
    if not shutil.which("wrk"):
        raise SystemExit("bench: wrk is needed for the load test (apt-get install wrk)")


def load(database_url: str, pages: list[dict], duration: int, runs: int) -> dict:
    ensure_wrk()
    cookies = site("sessions", database_url)
    rows = []
    with Gunicorn(database_url) as server:
        trivial_url = f"{server.url}/bench/trivial/"
        wrk(trivial_url, "", 3)  # warm both workers
        for page in pages:
            url = server.url + page["path"]
            trivial, measured = [], []
            for _ in range(runs):
                trivial.append(wrk(trivial_url, "", duration))
                measured.append(wrk(url, cookies[page["role"]], duration))
            t = {k: statistics.mean(r[k] for r in trivial) for k in ("rps", "p50", "p99")}
            m = {k: statistics.mean(r[k] for r in measured) for k in ("rps", "p50", "p99")}
            errors = sum(r["errors"] for r in measured)
            rows.append(
                {
                    "name": page["name"],
                    "group": page["group"],
                    **{f"page_{k}": v for k, v in m.items()},
                    **{f"trivial_{k}": v for k, v in t.items()},
                    "ratio": m["rps"] / t["rps"],
                    "errors": errors,
                }
            )
            log(f"  {page['name']:<28} {m['rps']:7.1f} req/s  ratio {m['rps'] / t['rps']:.2f}")
    connections = {}
    for label, value in (("persistent (CONN_MAX_AGE=600)", "600"), ("one per request", "0")):
        with Gunicorn(database_url, CONN_MAX_AGE=value) as server:
            wrk(f"{server.url}/bench/trivial/", "", 3)
            connections[label] = wrk(f"{server.url}/bench/trivial/", "", duration)
    return {"pages": rows, "connections": connections}


# ------------------------------------------------------------------ the front end


FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>{dirs}<cachedir>{cache}</cachedir></fontconfig>
"""


def frontend(database_url: str) -> dict:
    """/membership/ cold, served as in production (gunicorn, WhiteNoise, compressed)."""
    from playwright.sync_api import sync_playwright

    latin = "/usr/share/fonts/truetype/dejavu"
    visitors = {
        # A Japanese font of the kind every Japanese OS ships (here the vendored IPAex).
        "with a Japanese font": [latin, str(ROOT / "static/fonts/ipaex")],
        "without a Japanese font": [latin],
    }
    results = {}
    with Gunicorn(database_url) as server:
        for label, dirs in visitors.items():
            config = ROOT / f"var/bench-fonts-{len(dirs)}.conf"
            config.write_text(
                FONTCONFIG.format(
                    dirs="".join(f"<dir>{d}</dir>" for d in dirs),
                    cache=ROOT / f"var/bench-fontcache-{len(dirs)}",
                )
            )
            os.environ["FONTCONFIG_FILE"] = str(config)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium")
                page = browser.new_page()
                finished: list = []

                def note(request, finished=finished):
                    finished.append(request)

                page.on("requestfinished", note)
                page.goto(f"{server.url}/membership/", wait_until="networkidle")
                total = 0
                for request in finished:
                    sizes = request.sizes()
                    total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                fonts = sum(1 for r in finished if r.url.endswith(".woff2"))
                browser.close()
            os.environ.pop("FONTCONFIG_FILE", None)
            results[label] = {"requests": len(finished), "kib": total / 1024, "fonts": fonts}
    return results


# ------------------------------------------------------------------ report


def machine() -> str:
    memory = ""
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    pg = psql("SELECT version()").split(" on ")[0]
    return (
        f"{os.cpu_count()} cores{memory}; {platform.platform()}; Python "
        f"{platform.python_version()}; {pg}"
    )


def evaluate(report: dict) -> list[str]:
    missed = []
    scales = report["queries"]
    if len(scales) > 1:
        small, large = scales[min(scales)], scales[max(scales)]
        for a, b in zip(small, large, strict=True):
            if a["queries"] != b["queries"]:
                missed.append(f"{a['name']}: {a['queries']} → {b['queries']} queries")
    for row in scales[max(scales)]:
        if row["status"] != 200:
            missed.append(f"{row['name']}: status {row['status']}")
        if row["group"] == "staff" and row["median_ms"] > TARGETS["staff_median_ms"]:
            missed.append(f"{row['name']}: {row['median_ms']} ms in-process")
    for row in report.get("load", {}).get("pages", []):
        if row["errors"]:
            missed.append(f"{row['name']}: {row['errors']} error responses under load")
        if row["group"] in ("public", "portal"):
            if row["ratio"] < TARGETS["public_ratio"]:
                missed.append(f"{row['name']}: ratio {row['ratio']:.2f}")
            if row["page_p99"] > TARGETS["public_p99_factor"] * row["trivial_p99"]:
                missed.append(f"{row['name']}: p99 {row['page_p99']:.0f} ms")
        elif row["ratio"] < TARGETS["staff_ratio"]:
            missed.append(f"{row['name']}: ratio {row['ratio']:.2f}")
    pdf = report.get("pdf")
    if pdf and pdf["median_ms"] > TARGETS["pdf_median_ms"]:
        missed.append(f"invoice PDF: {pdf['median_ms']} ms")
    renewal_report = report.get("renewal")
    if renewal_report and (
        renewal_report["seconds"] > TARGETS["renewal_seconds"]
        or renewal_report["rendered"] < renewal_report["invoices"]
        or renewal_report["errors"]
    ):
        missed.append(
            f"renewal run: {renewal_report['invoices']} invoices, "
            f"{renewal_report['rendered']} rendered, {renewal_report['seconds']} s"
        )
    bank = report.get("bank")
    if bank and bank["seconds"] > TARGETS["bank_seconds"]:
        missed.append(f"bank statement of {bank['lines']} lines: {bank['seconds']} s")
    navi = report.get("benchmark")
    if navi and navi["seconds"] > TARGETS["benchmark_seconds"]:
        missed.append(f"Navi benchmark of {navi['assessments']:,} assessments: {navi['seconds']} s")
    visitor = report.get("frontend", {}).get("with a Japanese font")
    if visitor and (
        visitor["requests"] >= TARGETS["frontend_requests"]
        or visitor["kib"] >= TARGETS["frontend_kib"]
    ):
        missed.append(
            f"/membership/ cold: {visitor['requests']} requests, {visitor['kib']:.0f} KiB"
        )
    return missed


BEFORE = """## Before (issue 20's measurements, scale 10)

| page | queries (scale 1 → 10) | req/s | p50 | ratio to the trivial view |
|---|---|---|---|---|
| `/` (no query) | 0 → 0 | 380 | 42 ms | 4.4 |
| `/membership/` | 1 → 1 | 82 | 195 ms | 0.82 |
| `/billing/quote/` | 1 → 1 | 113 | 140 ms | 1.17 |
| `/members/` (234 KB of HTML) | 1 → 1 | 17 | 905 ms | 0.17 |
| `/portal/` | 8 → 8 | 43 | 366 ms | 0.41 |
| `/board/` | 11 → 11 | 11 | 1.45 s | 0.11 |
| admin: a board meeting | 23 → 106 | 5.6 | 2.8 s | 0.05 |
| admin: organisations | 12 → 12 | 14 | 1.1 s | 0.14 |
| admin: memberships | 12 → 12 | 13 | 1.2 s | 0.13 |
| admin: invoices | 12 → 12 | 6.4 | 2.6 s | 0.06 |
| admin: applications | 12 → 12 | 13 | 1.2 s | 0.13 |

The trivial view reached about 100 req/s with a new PostgreSQL connection per request. An
invoice PDF rendered in 264 ms median (1.4 s first in a new process); `/membership/` cold was
61 requests and 699 KiB, 586 KiB of it in 53 pieces of the Japanese web font.
"""


def write_doc(report: dict, missed: list[str]) -> None:
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (scripts/bench.py); do not edit by hand. Targets and method:",
        "issue 20 and the script's docstring.",
        "",
        f"- Date: {report['date']}",
        f"- Machine: {report['machine']}",
        f"- Result: {'every target met' if not missed else 'targets missed:'}",
        *[f"  - {m}" for m in missed],
        "",
        "## Queries and in-process server time",
        "",
    ]
    scales = sorted(report["queries"])
    header = "| page | " + " | ".join(f"queries ×{s}" for s in scales)
    header += f" | median ms ×{scales[-1]} | KB ×{scales[-1]} |"
    lines += [header, "|---" * (len(scales) + 3) + "|"]
    by_scale = {s: {r["name"]: r for r in report["queries"][s]} for s in scales}
    for row in report["queries"][scales[-1]]:
        counts = " | ".join(str(by_scale[s][row["name"]]["queries"]) for s in scales)
        lines.append(
            f"| {row['name']} | {counts} | {row['median_ms']} | {row['bytes'] / 1000:.0f} |"
        )
    load_report = report.get("load")
    if load_report:
        lines += [
            "",
            f"## Under load (scale {scales[-1]}; gunicorn, 2 sync workers; "
            "wrk -t2 -c16, pinned; each page alternated with the trivial view)",
            "",
            "| page | req/s | p50 ms | p99 ms | trivial req/s | trivial p99 ms | ratio |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in load_report["pages"]:
            lines.append(
                f"| {r['name']} | {r['page_rps']:.0f} | {r['page_p50']:.0f} | "
                f"{r['page_p99']:.0f} | {r['trivial_rps']:.0f} | {r['trivial_p99']:.0f} | "
                f"{r['ratio']:.2f} |"
            )
        lines += ["", "The trivial view, by database connections:", ""]
        for label, r in load_report["connections"].items():
            lines.append(f"- {label}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms")
    if report.get("pdf"):
        pdf = report["pdf"]
        lines += [
            "",
            "## Invoice PDF",
            "",
            f"First render in a fresh process {pdf['first_ms']} ms; then {pdf['median_ms']} ms "
            "median. Celery workers render a small document when they start "
            "(aiga.pdf.warm_up), so no user's request pays for the first render.",
        ]
    if report.get("bank"):
        bank = report["bank"]
        lines += [
            "",
            "## Bank statement",
            "",
            f"{bank['lines']:,} lines of a Zengin statement read, matched and stored in "
            f"{bank['seconds']} s (target {TARGETS['bank_seconds']} s); proposals by "
            f"confidence: {bank['confidence']}.",
        ]
    if report.get("benchmark"):
        navi = report["benchmark"]
        lines += [
            "",
            "## The Navi's benchmark of a round",
            "",
            f"A round of {navi['assessments']:,} submitted assessments ({navi['answers']:,} "
            f"answers): its figures computed in {navi['seconds']} s (target "
            f"{TARGETS['benchmark_seconds']} s), as the round's close computes them.",
        ]
    if report.get("renewal"):
        r = report["renewal"]
        lines += [
            "",
            "## The yearly renewal run (年会費請求)",
            "",
            f"{r['fiscal_year']}年度 on a copy of the largest database: {r['invoices']:,} invoices "
            f"issued by the run in {r['issue_seconds']} s, then {r['rendered']:,} PDFs rendered "
            f"and stored by {r['render_workers']} worker processes in {r['render_seconds']} s: "
            f"{r['seconds']} s in all (target {TARGETS['renewal_seconds']} s), "
            f"{r['errors']} errors. Resident memory: the run {r['rss_before_mib']} MiB before, "
            f"{r['issue_peak_rss_mib']} MiB at its peak; a render worker by invoices rendered "
            f"(MiB) {r['render_rss_by_hundred_mib']}, peak {r['render_peak_rss_mib']} MiB.",
            "",
            f"Delivery, separately: {r['emails_queued']:,} e-mails queued at "
            f"{r['emails_per_minute']} a minute (RENEWAL_EMAILS_PER_MINUTE) go out over "
            f"{r['delivery_minutes']} minutes, each held in the outbox until its slot.",
        ]
    if report.get("frontend"):
        lines += [
            "",
            "## /membership/ loaded cold (headless Chromium, production static files)",
            "",
        ]
        for label, r in report["frontend"].items():
            lines.append(
                f"- A visitor {label}: {r['requests']} requests, {r['kib']:.0f} KiB "
                f"({r['fonts']} pieces of the web font)"
            )
    lines += ["", BEFORE]
    DOC.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench databases")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=10, help="in-process requests a page")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-frontend", action="store_true")
    parser.add_argument("--skip-renewal", action="store_true", help="no renewal run (minutes)")
    args = parser.parse_args()
    scales = [float(s) if "." in s else int(s) for s in args.scales.split(",")]

    log("micro-benchmarks…")
    micro = subprocess.run([PYTHON, "scripts/bench_micro.py"], cwd=ROOT, check=False)
    log("collectstatic…")
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], base_env())

    report = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="minutes"),
        "machine": machine(),
        "queries": {},
    }
    urls = {scale: database_for(scale, args.fresh) for scale in scales}
    for scale, url in urls.items():
        log(f"scale {scale}: queries and server time…")
        report["queries"][scale] = site("queries", url, args.repeat)
    largest = urls[max(scales)]
    if not args.skip_load:
        log(f"scale {max(scales)}: under load…")
        report["load"] = load(largest, site("pages", largest), args.duration, args.runs)
    log("invoice PDF…")
    report["pdf"] = site("pdf", largest, 10)
    log("bank statement, 1,300 lines…")
    report["bank"] = site("bank", largest, 1300)
    log("Navi benchmark, a round of 13,000 assessments…")
    report["benchmark"] = site("benchmark", navi_database(args.fresh))
    if not args.skip_renewal:
        log("renewal run, next fiscal year, on a copy…")
        report["renewal"] = renewal(largest)
    if not args.skip_frontend:
        log("/membership/ cold…")
        report["frontend"] = frontend(largest)
    missed = evaluate(report)
    if micro.returncode:
        missed.append("micro-benchmarks (see above)")
    write_doc(report, missed)
    log(f"wrote {DOC.relative_to(ROOT)}")
    for line in missed:
        log(f"MISSED: {line}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
