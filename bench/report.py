r"""Benchmark: budget_status and the business report (주요업무보고) in every format, on a year
with a large ledger and many KPIs; wall time and peak memory.

    .venv/bin/python bench/report.py     # 100,000 entries, 300 KPIs, var/bench-report.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ieum_bench_report \
        .venv/bin/python bench/report.py

Set-up: the organization, budget and programs demos (the seed's 2022), then bulk-created
ledger entries on the leaf budget lines and KPIs (with two manual values each) on the leaf
business lines, up to the asked sizes. Each scenario runs `--repeat` times; the median wall
time is printed. Peak memory is measured twice: `tracemalloc` (Python allocations during one
more run of the scenario alone; lxml's C allocations are not counted) and the process's
`resource.getrusage` ru_maxrss at the end (everything, set-up included: an upper bound).

Targets (issue 3): budget_status ≤ 1 s, each format ≤ 5 s, peak memory ≤ 500 MB. It prints a
table and asserts nothing: the machine is shared and noisy.
"""

import argparse
import io
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEAR = 2022
AS_OF = "2022-10-31"


def _prepare_database(url: str | None) -> None:
    """Create the PostgreSQL benchmark database if it does not exist yet."""
    if not url:
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(func, repeat: int) -> float:
    """The median wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def traced_peak(func) -> float:
    """Peak Python allocation (tracemalloc) of one run, in MB."""
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def fill_ledger(*, year: int, entries: int) -> None:
    """Bulk-create ledger entries on the year's leaf lines up to `entries` (small amounts, so the
    executed figures stay plausible); the way bench/budget.py does it."""
    import datetime as dt

    from ieum.budget.models import Expenditure
    from ieum.budget.selectors import leaf_lines

    wanted = entries - Expenditure.objects.filter(line__fiscal_year__year=year).count()
    if wanted <= 0:
        return
    rng = random.Random(year)
    leaves = leaf_lines(year=year)
    start = dt.date(year, 1, 1)
    batch = [
        Expenditure(
            line=rng.choice(leaves),
            spent_on=start + dt.timedelta(days=rng.randrange(365)),
            amount_won=rng.randrange(1, 500),
            counterparty=f"거래처 {rng.randrange(2000)}",
            description="벤치마크",
        )
        for _ in range(wanted)
    ]
    Expenditure.objects.bulk_create(batch, batch_size=2000)


def fill_kpis(*, year: int, kpis: int, as_of) -> None:
    """Bulk-create manual KPIs on the year's leaf business lines up to `kpis`, each with a value
    a month before `as_of` and one on it (the report takes the latest)."""
    import datetime as dt
    from decimal import Decimal

    from ieum.programs.models import BusinessLine, Kpi, KpiValue

    have = Kpi.objects.filter(year=year).count()
    wanted = kpis - have
    if wanted <= 0:
        return
    lines = [
        line
        for line in BusinessLine.objects.filter(year=year).order_by("sort_order", "code")
        if not line.children.exists()
    ]
    rng = random.Random(year + 1)
    created = Kpi.objects.bulk_create(
        [
            Kpi(
                year=year,
                line=lines[index % len(lines)],
                key=f"bench-{have + index}",
                name=f"벤치마크 지표 {have + index}",
                unit=rng.choice(["회", "명", "개", "건", "원", "점"]),
                sort_order=1000 + index,
            )
            for index in range(wanted)
        ],
        batch_size=500,
    )
    if created[0].pk is None:  # a backend that does not return keys from bulk_create
        created = list(Kpi.objects.filter(year=year, key__startswith="bench-"))
    earlier = as_of - dt.timedelta(days=30)
    KpiValue.objects.bulk_create(
        [
            KpiValue(kpi=kpi, as_of=day, value=Decimal(rng.randrange(1, 1_000_000)), source="벤치")
            for kpi in created
            for day in (earlier, as_of)
        ],
        batch_size=1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000, help="ledger entries")
    parser.add_argument("--kpis", type=int, default=300, help="KPIs of the year")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario")
    parser.add_argument("--sqlite-path", default=str(ROOT / "var" / "bench-report.sqlite3"))
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ieum.settings.test")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SQLITE_PATH", args.sqlite_path)
    _prepare_database(os.environ.get("DATABASE_URL"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from ieum.budget.models import Expenditure
    from ieum.core.dates import parse_date
    from ieum.programs.models import Kpi
    from ieum.reports.builder import report_build
    from ieum.reports.renderers import FORMATS, render

    as_of = parse_date(AS_OF)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    for app in ("organization", "budget", "programs"):
        module = __import__(f"ieum.{app}.demo", fromlist=["load"])
        with transaction.atomic():
            module.load(io.StringIO())
    with transaction.atomic():
        fill_ledger(year=YEAR, entries=args.entries)
        fill_kpis(year=YEAR, kpis=args.kpis, as_of=as_of)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    setup = time.perf_counter() - started
    rss_after_setup = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def status():
        call_command("budget_status", year=YEAR, as_of=AS_OF, format="json", stdout=io.StringIO())

    def build():
        return report_build(year=YEAR, as_of=as_of)

    report = build()

    def build_and_render(name):
        return lambda: render(build(), name)

    def render_only(name):
        return lambda: render(report, name)

    entries = Expenditure.objects.filter(line__fiscal_year__year=YEAR).count()
    kpis = Kpi.objects.filter(year=YEAR).count()
    print(
        f"\n{connection.vendor}: {entries:,} ledger entries, {kpis} KPIs, "
        f"{len(report.tables())} report tables (set-up {setup:.1f} s), median of {args.repeat}"
    )
    print(f"{'scenario':<36} {'median s':>9} {'tracemalloc MB':>15}")
    scenarios = [("budget_status --format json", status), ("report_build", build)]
    for name in FORMATS:
        scenarios.append((f"report_build + {name}", build_and_render(name)))
    for name in FORMATS:
        scenarios.append((f"  render {name} only", render_only(name)))
    for name, func in scenarios:
        func()  # warm: imports, template loading
        seconds = timed(func, args.repeat)
        print(f"{name:<36} {seconds:>9.3f} {traced_peak(func):>15.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory (ru_maxrss, whole process): {peak:.0f} MB "
        f"(after set-up, before the scenarios: {rss_after_setup:.0f} MB)"
    )


if __name__ == "__main__":
    main()
