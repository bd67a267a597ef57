"""Dates as the center writes them, and as imports bring them in."""

import datetime as dt

import pytest

from ieum.core import dates
from ieum.core.dates import format_long, format_short, parse_date

OCT_31 = dt.date(2022, 10, 31)


@pytest.mark.parametrize(
    "value",
    [
        44865,  # Excel serial number
        44865.75,  # Excel serial with a time of day
        dt.datetime(2022, 10, 31, 18, 30),  # noqa: DTZ001 - openpyxl gives naive datetimes
        OCT_31,
        "2022-10-31",
        "2022.10.31",
        "2022. 10. 31.",
        "2022/10/31",
        "2022-10-31.",
        "'22.10.31",
        "'22.10.31.",
        "’22.10.31.",
        "22.10.31",
        "22-10-31",
        "20221031",
        "2022년 10월 31일",
        "2022년10월31일",
        "  2022-10-31  ",
    ],
)
def test_parse_date_reads_every_form_the_center_uses(value):
    assert parse_date(value) == OCT_31


def test_parse_date_reads_single_digit_month_and_day():
    assert parse_date("2022.1.5") == dt.date(2022, 1, 5)
    assert parse_date("2022년 1월 5일") == dt.date(2022, 1, 5)
    assert parse_date("'22.1.5.") == dt.date(2022, 1, 5)


def test_parse_date_two_digit_years_before_69_are_this_century_and_later_ones_the_last():
    assert parse_date("'98.03.02.") == dt.date(1998, 3, 2)
    assert parse_date("'69.01.01") == dt.date(1969, 1, 1)
    assert parse_date("'68.01.01") == dt.date(2068, 1, 1)
    assert parse_date("'05.07.01") == dt.date(2005, 7, 1)


@pytest.mark.parametrize(
    "value", ["2022-02-30", "2022.13.01", "'22.02.29", "20221032", "2023년 2월 29일"]
)
def test_parse_date_refuses_impossible_dates_in_korean(value):
    with pytest.raises(ValueError, match="없는 날짜입니다"):
        parse_date(value)


def test_parse_date_accepts_a_leap_day():
    assert parse_date("2024-02-29") == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    "value",
    ["", "내일", "2022-10", "31/10/2022x", "2022-10-31-01", "abc", "2022 10 31", True, None],
)
def test_parse_date_refuses_junk_in_korean(value):
    with pytest.raises(ValueError, match="읽을 수 없습니다"):
        parse_date(value)


@pytest.mark.parametrize("serial", [0, -1, 2_958_466, float("nan")])
def test_parse_date_refuses_excel_serials_out_of_range(serial):
    with pytest.raises(ValueError, match="읽을 수 없습니다"):
        parse_date(serial)


def test_format_short_is_the_table_form():
    assert format_short(OCT_31) == "'22.10.31."
    assert format_short(dt.date(2023, 1, 5)) == "'23.01.05."
    assert format_short(None) == ""


def test_format_long_is_the_prose_form():
    assert format_long(OCT_31) == "2022. 10. 31."
    assert format_long(dt.date(2023, 1, 5)) == "2023. 01. 05."
    assert format_long(None) == ""


def test_formatted_dates_read_back_as_the_same_date():
    day = dt.date(2021, 3, 9)
    assert parse_date(format_short(day)) == day
    assert parse_date(format_long(day)) == day


@pytest.mark.parametrize("text", ["2022-10-31 00:00:00", "2022-10-31T00:00", "2022.10.31 00:00"])
def test_parse_date_accepts_a_midnight_time_from_csv_exports(text):
    assert parse_date(text) == dt.date(2022, 10, 31)


def test_parse_date_refuses_a_date_with_a_real_time():
    with pytest.raises(ValueError):
        parse_date("2022-10-31 13:45")


def test_day_bounds_are_seoul_midnights_around_the_days():
    low, high = dates.day_bounds(dt.date(2022, 10, 1), dt.date(2022, 10, 31))
    assert (low.isoformat(), high.isoformat()) == (
        "2022-10-01T00:00:00+09:00",
        "2022-11-01T00:00:00+09:00",
    )


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [("2022-02-14", "2022-02-01", "2022-02-28"), ("2024-02-29", "2024-02-01", "2024-02-29"),
     ("2022-12-31", "2022-12-01", "2022-12-31")],
)  # fmt: skip
def test_month_start_and_end(day, first, last):
    day = dt.date.fromisoformat(day)
    assert (dates.month_start(day).isoformat(), dates.month_end(day).isoformat()) == (first, last)


def test_a_moment_is_shown_the_korean_way_in_seoul_time():
    from django.template import Context, Template

    moment = dt.datetime(2022, 10, 31, 5, 7, tzinfo=dt.UTC)  # 14:07 in Seoul
    rendered = Template("{{ moment|kdatetime }}|{{ none|kdatetime }}").render(
        Context({"moment": moment, "none": None})
    )
    assert rendered == "&#x27;22.10.31. 14:07|"
