"""The types every API input and output is declared with, so that hostile or careless input is
refused with a Korean 422 naming its field before it reaches a service or the database, and
times go out as they are declared.

- `Line` (a name, a code, a filter) refuses every C0 control character and DEL, NUL included;
  `Text` (a description, a message, a note) allows tab and line breaks and refuses the rest.
- `Id`, `Int64`, `Int32`, `Count` (1 or more), `Int16`, `PageNumber`, `Year`: integers within
  the range their column holds on both databases (an id from 1 to 2⁶³−1, a PostgreSQL
  `integer` to 2³¹−1), so no value can overflow SQLite's or PostgreSQL's integers; a year is
  1900–2100.
- `SeoulTime`, `SeoulDateTime`: accepted with or without an offset; without one it is Seoul
  time, with one it is converted to Seoul time. They go out with Seoul's offset (+09:00),
  which is what `format: time` and `format: date-time` promise.
- `ErrorOut`: the body of every error the API gives (401, 403, 404, 422).

A refusal raises a pydantic error whose type (`control_character`) the API maps to its Korean
message (ieum/api.py).
"""

import datetime as dt
import re
from typing import Annotated
from zoneinfo import ZoneInfo

from ninja import Field, Schema
from pydantic import AfterValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

SEOUL = ZoneInfo("Asia/Seoul")
INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1

# C0 controls and DEL; a multi-line text keeps tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse(pattern: re.Pattern):
    def check(value: str) -> str:
        if pattern.search(value):
            raise PydanticCustomError("control_character", "control character")
        return value

    return check


Line = Annotated[str, AfterValidator(_refuse(_CONTROL))]
Text = Annotated[str, AfterValidator(_refuse(_CONTROL_IN_TEXT))]

Id = Annotated[int, Field(ge=1, le=INT64_MAX)]
Int64 = Annotated[int, Field(ge=-INT64_MAX - 1, le=INT64_MAX)]
Int32 = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
Count = Annotated[int, Field(ge=1, le=INT32_MAX)]
Int16 = Annotated[int, Field(ge=-(2**15), le=2**15 - 1)]
PageNumber = Annotated[int, Field(ge=1, le=INT32_MAX)]
Year = Annotated[int, Field(ge=1900, le=2100)]


def to_seoul_time(value: dt.time) -> dt.time:
    """A time with an offset as Seoul's wall-clock time (Seoul keeps +09:00 all year); a time
    without one is Seoul time already. The result carries no zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=None)
    moment = dt.datetime.combine(dt.date(2000, 1, 1), value)
    return moment.astimezone(SEOUL).time()


def to_seoul(value: dt.datetime) -> dt.datetime:
    """A moment in Seoul time: without an offset it is read as Seoul time."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=SEOUL)
    return value.astimezone(SEOUL)


def _time_out(value: dt.time) -> str:
    return to_seoul_time(value).isoformat() + "+09:00"


SeoulTime = Annotated[
    dt.time,
    AfterValidator(to_seoul_time),
    PlainSerializer(_time_out, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "time",
            "description": "서울 시각 (입력은 오프셋 없이 서울 시각으로, 또는 오프셋과 함께)",
        }
    ),
]
SeoulDateTime = Annotated[
    dt.datetime,
    AfterValidator(to_seoul),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "서울 시각 (+09:00). 오프셋이 없는 입력은 서울 시각입니다.",
        }
    ),
]


class ErrorOut(Schema):
    """The body of every refusal: a Korean message, and for 422 the messages by field."""

    detail: str = Field(description="한국어 오류 메시지")
    errors: dict[str, list[str]] | None = Field(
        None, description="항목별 오류 메시지 (422). 항목 이름은 'items.0.quantity'처럼 씁니다."
    )
