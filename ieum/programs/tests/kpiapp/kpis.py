import datetime as dt

from ieum.programs.registry import kpi_provider


@kpi_provider("test-discovered-rooms", name="테스트 공간 이용", unit="회")
def room_uses(*, year: int, as_of: dt.date) -> int:
    return 323
