"""Benchmark: the ledger and product imports at 100,000 rows — reading the XLSX, validating and
writing (rows per second), peak memory, the longest write transaction, and what a page upload
costs the web request (the file is stored and the job queued; a worker imports it).

    .venv/bin/python bench/imports.py         # 100,000 rows, SQLite (var/bench-imports.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ieum_bench_imports \
        .venv/bin/python bench/imports.py

Target (issue 11): 100,000 ledger rows or 100,000 products validated and written in ≤ 30 s on
SQLite and PostgreSQL. Columns: "read s" reads the XLSX into a table; "checked+written s" runs
from the import's start to the commit of its write transaction (rows/s from it); "after s" is
what the import does after that commit (the products' search entries); "longest tx s" is the
time between BEGIN and COMMIT of the longest transaction the import opens (measured by
wrapping the connection's autocommit switch, which Django's outermost atomic block turns off
and on); "peak MB" is the process's peak resident memory during the read and the import
(the search's morpheme model alone is about 0.6 GB once loaded). It prints a table and
asserts nothing: the machine is shared and noisy.
"""

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mall import _prepare_database  # noqa: E402

YEAR = 2031
LEAVES = 40


def reset_peak() -> None:
    """Start the process's peak memory (VmHWM) afresh (Linux: clear_refs 5)."""
    with open("/proc/self/clear_refs", "w") as file:
        file.write("5")


def peak_megabytes() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


class TransactionClock:
    """The time between BEGIN and COMMIT (or ROLLBACK) of each transaction on a connection:
    Django's outermost atomic block turns autocommit off as it begins and on as it ends."""

    def __init__(self, connection):
        self.connection = connection
        self.spans: list[tuple[float, float]] = []  # (began, ended), perf_counter
        self._started: float | None = None
        self._original = connection.set_autocommit

    def __enter__(self):
        def set_autocommit(autocommit, *args, **kwargs):
            if not autocommit and self._started is None:
                self._started = time.perf_counter()
            result = self._original(autocommit, *args, **kwargs)
            if autocommit and self._started is not None:
                self.spans.append((self._started, time.perf_counter()))
                self._started = None
            return result

        self.connection.set_autocommit = set_autocommit
        return self

    def __exit__(self, *exc):
        del self.connection.set_autocommit

    @property
    def longest(self) -> float:
        return max((ended - began for began, ended in self.spans), default=0.0)

    @property
    def longest_ended(self) -> float:
        """When the longest transaction (the import's write) committed."""
        return max(self.spans, key=lambda span: span[1] - span[0], default=(0.0, 0.0))[1]


def xlsx(headers, rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in each file")
    parser.add_argument("--sqlite-path", default=str(ROOT / "var" / "bench-imports.sqlite3"))
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ieum.settings.test")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SQLITE_PATH", args.sqlite_path)
    _prepare_database(os.environ.get("DATABASE_URL"))

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from ieum.accounts.models import User
    from ieum.accounts.services import user_create
    from ieum.budget.importing import LEDGER_HEADERS, budget_import, ledger_import
    from ieum.budget.models import BudgetLine, Expenditure
    from ieum.budget.tests.factories import budget_table
    from ieum.core.choices import Role
    from ieum.core.idnumbers import format_brn
    from ieum.core.models import ImportJob
    from ieum.core.permissions import system_actor
    from ieum.core.tabular import read_table
    from ieum.enterprises.models import Enterprise
    from ieum.mall.choices import VendorStatus
    from ieum.mall.importing import HEADERS as PRODUCT_HEADERS
    from ieum.mall.importing import products_import
    from ieum.mall.models import Product, Vendor

    call_command("migrate", verbosity=0)
    actor = system_actor()
    rng = random.Random(YEAR)

    # A year whose leaves can take the whole file.
    if not BudgetLine.objects.filter(fiscal_year__year=YEAR).exists():
        whole = 10**12 * LEAVES
        rows = [("T", "", "총계", "총계", whole), ("C", "T", "구분", "사업비", whole)]
        rows.append(("B", "C", "사업", "벤치마크 사업", whole))
        rows += [(f"L{n}", "B", "세부사업", f"세부 {n}", 10**12) for n in range(LEAVES)]
        budget_import(year=YEAR, table=budget_table(rows), actor=actor)
    start = dt.date(YEAR, 1, 1)
    ledger_file = xlsx(
        LEDGER_HEADERS,
        (
            (
                start + dt.timedelta(days=rng.randrange(365)),
                f"L{rng.randrange(LEAVES)}",
                rng.randrange(1_000, 5_000_000),
                f"거래처 {rng.randrange(5_000)}",
                f"벤치마크 {n}",
            )
            for n in range(args.rows)
        ),
    )

    enterprise, _ = Enterprise.objects.get_or_create(
        brn="1168200276", defaults={"name": "벤치마크협동조합", "district": "은평구"}
    )
    vendor, _ = Vendor.objects.get_or_create(
        enterprise=enterprise,
        defaults={"status": VendorStatus.APPROVED, "approved_on": dt.date(YEAR, 1, 1)},
    )
    brn = format_brn(enterprise.brn)
    categories = [f"생활용품>분류 {n}" for n in range(20)]
    product_file = xlsx(
        PRODUCT_HEADERS,
        (
            [
                f"벤치마크 상품 {n}",
                categories[n % len(categories)],
                f"{rng.randrange(1, 500) * 100:,}",
                "개",
                rng.randrange(1, 20),
                "재고 있음",
                "벤치마크 설명",
                "친환경" if n % 3 == 0 else "",
                "",
                brn,
                "",
                rng.randrange(1, 10),
                "",
            ]
            for n in range(args.rows)
        ),
    )

    def clear() -> None:
        Expenditure.objects.filter(line__fiscal_year__year=YEAR).delete()
        Product.objects.filter(vendor=vendor).delete()

    def ledger(table):
        return ledger_import(year=YEAR, table=table, actor=actor)

    def products(table):
        return products_import(table=table, actor=actor)

    print(f"database: {connection.vendor} · rows per file: {args.rows:,}")
    print(
        f"{'import':<10} {'read s':>7} {'checked+written s':>18} {'rows/s':>8} {'after s':>8} "
        f"{'peak MB':>8} {'longest tx s':>13} {'written':>9}"
    )
    for name, data, run in (("ledger", ledger_file, ledger), ("products", product_file, products)):
        clear()
        reset_peak()
        began = time.perf_counter()
        table = read_table(io.BytesIO(data), filename=f"{name}.xlsx")
        read = time.perf_counter() - began
        with TransactionClock(connection) as clock:
            began = time.perf_counter()
            result = run(table)
            took = time.perf_counter() - began
        assert result.accepted, result.errors[:5]
        committed = clock.longest_ended - began
        written = result.created + result.updated
        print(
            f"{name:<10} {read:>7.1f} {committed:>18.1f} {args.rows / committed:>8,.0f} "
            f"{took - committed:>8.1f} {peak_megabytes():>8.0f} {clock.longest:>13.2f} "
            f"{written:>9,}"
        )
        del table

    # A page upload: the request stores the file and queues the job (the worker imports it).
    user = User.objects.filter(username="bench-imports").first() or user_create(
        actor=actor,
        username="bench-imports",
        password="bench-Password-1",  # noqa: S106
        role=Role.ADMIN,
    )
    client = Client()
    client.force_login(user)
    for name, url, data, fields in (
        ("ledger", reverse("budget:ledger-import"), ledger_file, {"year": YEAR}),
    ):
        began = time.perf_counter()
        response = client.post(url, {"file": SimpleUploadedFile(f"{name}.xlsx", data), **fields})
        took = time.perf_counter() - began
        assert response.status_code == 302, response.status_code
        print(
            f"page upload ({name}, {len(data) / 1024 / 1024:.1f} MB): request returned in "
            f"{took * 1000:.0f} ms (job queued, not run)"
        )
    ImportJob.objects.filter(created_by=user).delete()
    clear()


if __name__ == "__main__":
    main()
