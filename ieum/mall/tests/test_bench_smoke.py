"""The mall benchmark still runs (at a toy size: the real figures come from bench/mall.py)."""

from ieum.core.testing import needs_postgresql, run_benchmark, run_benchmark_on_postgresql

TOY = ("--products", "400", "--lines", "3000", "--vendors", "20", "--buyers-per-institution", "1")


def test_mall_benchmark_runs_at_toy_size(tmp_path):
    result = run_benchmark("mall.py", *TOY, "--requests", "2", "--load", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "sqlite, 400 products, 3,000 order lines" in result.stdout
    for scenario in (
        "search, common word",
        "search, rare word",
        "search, word + facet",
        "category page",
        "product page",
        "place an order (cart order form",
        "buyer's orders, first page",
        "buyer's purchase records",
    ):
        assert scenario in result.stdout
    assert "targets of issue 4" in result.stdout
    assert "load test: PostgreSQL only" in result.stdout


@needs_postgresql
def test_mall_load_test_runs_on_postgresql(tmp_path):
    """A few seconds of buyers ordering through gunicorn, on a database of its own."""
    load = ("--load", "--load-buyers", "4", "--load-seconds", "3", "--load-workers", "2")
    result = run_benchmark_on_postgresql(
        "mall.py", *TOY, "--requests", "1", *load, tmp_path=tmp_path
    )
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    assert "load test: OK" in result.stdout
    assert "HTTP errors 0" in result.stdout
