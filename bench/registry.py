"""Benchmark: registry list and search at 50,000 enterprises, server time p50/p95.

    .venv/bin/python bench/registry.py                       # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ieum_bench .venv/bin/python bench/registry.py

Requests go through Django's full stack in-process (middleware, view, query, template), so the
figures are server time without the network. It prints a table; it asserts nothing, because
the machine is shared and noisy: compare medians and ratios, not single runs.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000, help="enterprises in the registry")
    parser.add_argument("--requests", type=int, default=100, help="requests per scenario")
    parser.add_argument("--sqlite-path", default=str(ROOT / "var" / "bench.sqlite3"))
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ieum.settings.test")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SQLITE_PATH", args.sqlite_path)
    _prepare_database(os.environ.get("DATABASE_URL"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from ieum.accounts.models import User
    from ieum.core.choices import Role
    from ieum.core.search import tokenize
    from ieum.enterprises.models import Enterprise
    from ieum.enterprises.samples import create_sample_enterprises
    from ieum.organization.models import Department

    call_command("migrate", verbosity=0)
    have = Enterprise.objects.count()
    if have < args.count:
        started = time.perf_counter()
        create_sample_enterprises(args.count - have, start=have)
        print(f"created {args.count - have:,} enterprises in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does in time: statistics, and the visibility map for index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    department, _ = Department.objects.get_or_create(name="경영전략실", defaults={"kind": "office"})
    user, _ = User.objects.get_or_create(
        username="bench-staff", defaults={"role": Role.STAFF, "department": department}
    )
    client = Client()
    client.force_login(user)
    tokenize("준비")  # load the morphological analyser before timing

    sample = Enterprise.objects.order_by("id")[args.count // 2]
    url = "/enterprises/"
    scenarios = {
        "list, first page": {},
        "list, page 1000": {"page": "1000"},
        "list, district + kind": {"district": "마포구", "kind": "cooperative"},
        "list, sorted by certification": {"sort": "certified"},
        "search, common word (협동조합)": {"q": "협동조합"},
        "search, two words (도시락 배달)": {"q": "도시락 배달"},
        "search, exact name": {"q": sample.name},
        "search, brn prefix": {"q": sample.brn[:5]},
        "search as you type (htmx, 햇살)": {"q": "햇살", "_htmx": "1"},
    }
    print(
        f"\n{connection.vendor}, {Enterprise.objects.count():,} enterprises, "
        f"{args.requests} requests each (ms)"
    )
    print(f"{'scenario':40} {'p50':>8} {'p95':>8} {'max':>8}")
    p95s = []
    for name, params in scenarios.items():
        headers = {"HTTP_HX_REQUEST": "true"} if params.pop("_htmx", None) else {}
        client.get(url, params, **headers)  # warm caches
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url, params, **headers)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        p95s.append(percentile(timings, 95))
        print(
            f"{name:40} {statistics.median(timings):8.1f} {percentile(timings, 95):8.1f} "
            f"{max(timings):8.1f}"
        )
    print(f"{'worst p95':40} {'':8} {max(p95s):8.1f}")


if __name__ == "__main__":
    main()
