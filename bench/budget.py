"""Benchmark: budget execution with a large ledger — budget_status (JSON), the budget page and
the ledger page; wall time and peak memory.

    .venv/bin/python bench/budget.py          # 100,000 entries, SQLite (var/bench-budget.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ieum_bench .venv/bin/python bench/budget.py

Target (issue 3): budget_status ≤ 1 s with 100,000 ledger entries. It prints a table and
asserts nothing: the machine is shared and noisy.
"""

import argparse
import io
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(func, repeat: int) -> float:
    """The median wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000, help="ledger entries")
    parser.add_argument("--repeat", type=int, default=5, help="runs per scenario")
    parser.add_argument("--sqlite-path", default=str(ROOT / "var" / "bench-budget.sqlite3"))
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ieum.settings.test")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SQLITE_PATH", args.sqlite_path)

    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.test import Client

    from ieum.accounts.models import User
    from ieum.budget import demo
    from ieum.budget.models import BudgetLine, Expenditure
    from ieum.budget.selectors import leaf_lines
    from ieum.core.choices import Role

    call_command("migrate", verbosity=0)
    demo.load(io.StringIO())
    year = 2022
    wanted = args.entries - Expenditure.objects.filter(line__fiscal_year__year=year).count()
    if wanted > 0:
        rng = random.Random(2022)
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
    count = Expenditure.objects.filter(line__fiscal_year__year=year).count()
    user = User.objects.filter(username="bench-budget").first()
    if user is None:
        from ieum.accounts.services import user_create
        from ieum.core.permissions import system_actor

        user = user_create(
            actor=system_actor(),
            username="bench-budget",
            password="bench-Password-1",  # noqa: S106
            role=Role.ADMIN,
        )
    client = Client()
    client.force_login(user)

    def status():
        call_command(
            "budget_status", year=year, as_of="2022-10-31", format="json", stdout=io.StringIO()
        )

    scenarios = [
        ("budget_status --format json", status),
        ("GET /console/budget/", lambda: client.get("/console/budget/", {"year": year})),
        (
            "GET /console/budget/ledger/ (page 100)",
            lambda: client.get("/console/budget/ledger/", {"year": year, "page": 100}),
        ),
    ]
    print(f"ledger entries: {count:,} · lines: {BudgetLine.objects.count()}")
    print(f"{'scenario':<42} {'median s':>9}")
    for name, func in scenarios:
        print(f"{name:<42} {timed(func, args.repeat):>9.3f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (process, incl. setup): {peak:.0f} MB")


if __name__ == "__main__":
    main()
