"""Korean date formats: '22.10.31. in tables, 2022. 10. 31. in prose; lenient import parsing."""

import datetime as dt
import re

from django.utils import timezone

_FULL = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?$")
_SHORT = re.compile(r"^[’'‘]?(\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\.?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MIDNIGHT = re.compile(r"[ T]00:00(:00)?$")


def parse_date(value: object) -> dt.date:
    """Read a date from an Excel cell or text: 2022-10-31, 2022.10.31, 2022/10/31, '22.10.31,
    20221031, 2022년 10월 31일, or an Excel serial number. Raises ValueError (Korean message).
    Two-digit years 69-99 are 1969-1999 and 00-68 are 2000-2068, as in strptime."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"날짜 '{value}'을(를) 읽을 수 없습니다.")
    text = str(value).strip()
    # CSV exports of spreadsheets often carry a midnight time: '2022-10-31 00:00:00'.
    text = _MIDNIGHT.sub("", text)
    for pattern in (_FULL, _SHORT, _COMPACT):
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            if pattern is _SHORT:
                # The POSIX/strptime pivot: '98 is 1998 (a founding date), '22 is 2022.
                year += 1900 if year >= 69 else 2000
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"'{text}'은(는) 없는 날짜입니다.") from None
    raise ValueError(f"날짜 '{text}'을(를) 읽을 수 없습니다 (예: 2022-10-31).")


def format_short(day: dt.date | None) -> str:
    """'22.10.31. — the form used in the center's tables."""
    return "" if day is None else f"'{day:%y}.{day.month:02d}.{day.day:02d}."


def format_long(day: dt.date | None) -> str:
    """2022. 10. 31. — the form used in prose and report covers."""
    return "" if day is None else f"{day.year}. {day.month:02d}. {day.day:02d}."


def day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in Seoul time, for timestamp ranges that an
    index on the timestamp can answer."""
    zone = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return low, high


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    following = (month_start(day) + dt.timedelta(days=32)).replace(day=1)
    return following - dt.timedelta(days=1)
