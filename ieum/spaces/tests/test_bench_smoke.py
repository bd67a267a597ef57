"""The spaces benchmark still runs (at a toy size: the real figures come from bench/spaces.py)."""

from ieum.core.testing import needs_postgresql, run_benchmark, run_benchmark_on_postgresql

TOY = ("--rooms", "10", "--bookings", "2000", "--requests", "2")


def test_spaces_benchmark_runs_at_toy_size(tmp_path):
    result = run_benchmark("spaces.py", *TOY, "--load", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "sqlite, 10 rooms, 2,000 bookings" in result.stdout
    for scenario in (
        "room week calendar (page, staff)",
        "facility week calendar (page, staff)",
        "availability, all rooms, a day (page)",
        "availability, all rooms, a day (API)",
    ):
        assert scenario in result.stdout
    assert "targets of issue 5" in result.stdout
    assert "load test: PostgreSQL only" in result.stdout


@needs_postgresql
def test_simultaneous_bookings_of_one_slot_on_postgresql(tmp_path):
    """Eight members booking one slot at once through gunicorn, on a database of its own."""
    load = ("--load", "--load-clients", "8", "--load-workers", "2")
    result = run_benchmark_on_postgresql("spaces.py", *TOY, *load, tmp_path=tmp_path)
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    assert "load test: OK" in result.stdout
    assert "1 created, 7 refused (422, 7 naming the collision), 0 server errors" in result.stdout
