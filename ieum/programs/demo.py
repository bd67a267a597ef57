"""The 2022 business lines as section 3 of the business report describes them.

Figures are the report's 추진현황 as of 2022-10-31, entered as manual KPI values, except the
mall's: those are computed from the mall's data (ieum/mall/kpis.py), the five figures of its
table counted until 2022-09-30 as the report prints them. Every row is keyed on its natural
key, so loading twice leaves the same rows; a database loaded before the mall's figures were
computed has their manual values removed when the demo runs again.

Budget codes: each line points at its node in the budget demo's tree (ieum/budget/demo.py,
the seed's budget table): 3110 캐빈닷넷, 3120 민간판로지원, 3130 공공판로지원 및 함께누리 운영
(line 2), 3210 공간 운영 (3), 3220 마을기업 (4), 3230 가치 기반 성장지원 (5), 3240 연구 (6),
3300 인재양성·홍보 (7) with 3310 교육 and 3320 시민 소통. Line 1 covers 3110 and 3120 but not
3130, so no single node matches it and it has none.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from ieum.core.permissions import system_actor
from ieum.organization.models import Department

from .choices import MilestoneStatus
from .models import BusinessLine, Kpi, Milestone, Narrative, ProgramChange
from .services import (
    kpi_save,
    kpi_value_record,
    kpi_values_clear,
    line_save,
    milestone_save,
    narrative_save,
    program_change_save,
)

YEAR = 2022
AS_OF = dt.date(2022, 10, 31)
MALL_AS_OF = dt.date(2022, 9, 30)
SOURCE = "2022 주요업무보고(2022. 11. 10.) 추진현황"

# The lines, their KPIs (with the seed's value for each key not computed by a provider),
# upcoming milestones, the 추진현황 narratives and the table of 주요 사업 변경 live in
# data/demo.json; the code below turns them into records. The seed prints 캐빈닷컴 in the
# changes table; section 3 and the budget table call the platform 캐빈닷넷.
DATA = json.loads((Path(__file__).parent / "data" / "demo.json").read_text(encoding="utf-8"))

# Computed by the mall's provider of the same key; the values in the data file are what the seed
# prints (the mall demo's data gives them back).
MALL_KEYS = {"mall-annual-sales", "mall-orders", "mall-vendors", "mall-products", "mall-members"}
# Computed by ieum/spaces/kpis.py from the spaces demo's bookings and tenancies (as of AS_OF).
SPACE_KEYS = {
    f"space-{place}-{what}"
    for place, parts in (
        ("gaebong", ("", "room-", "network-", "program-")),
        ("garak", ("", "hall-", "network-", "program-")),
    )
    for part in parts
    for what in (f"{part}uses", f"{part}visitors")
} | {"space-gaebong-tenants", "space-garak-tenants"}
COMPUTED_KEYS = MALL_KEYS | {"mall-chuseok-sales", "mall-chuseok-sales-previous"} | SPACE_KEYS


def _month(value: str | None) -> tuple[int | None, int | None]:
    """'2022-12' → (2022, 12); no start month → (None, None)."""
    if not value:
        return None, None
    year, month = value.split("-")
    return int(year), int(month)


def load(stdout) -> None:
    actor = system_actor()
    departments = {d.name: d for d in Department.objects.all()}
    lines: dict[str, BusinessLine] = {}
    for order, spec in enumerate(DATA["lines"], start=1):
        code, parent = spec["code"], spec["parent"]
        lines[code] = line_save(
            actor=actor,
            line=BusinessLine.objects.filter(year=YEAR, code=code).first(),
            year=YEAR,
            code=code,
            number=spec["number"],
            title=spec["title"],
            purpose=spec["purpose"],
            content=spec["content"],
            method=spec["method"],
            department=departments.get(spec["department"]),
            budget_code=spec["budget_code"],
            parent=lines[parent] if parent else None,
            sort_order=order,
        )

    value_count = computed_count = 0
    for code, rows in DATA["kpis"].items():
        for order, row in enumerate(rows, start=1):
            key = row["key"]
            computed = key in COMPUTED_KEYS
            kpi = kpi_save(
                actor=actor,
                kpi=Kpi.objects.filter(year=YEAR, key=key).first(),
                line=lines[code],
                key=key,
                name=row["name"],
                unit=row["unit"],
                provider=key if computed else "",
                counted_until=MALL_AS_OF if key in MALL_KEYS else None,
                sort_order=order,
            )
            if computed:
                kpi_values_clear(actor=actor, kpi=kpi)
                computed_count += 1
                continue
            kpi_value_record(
                actor=actor,
                kpi=kpi,
                as_of=AS_OF,
                value=Decimal(str(row["value"])),
                source=SOURCE,
                note=row["note"],
            )
            value_count += 1

    milestone_count = 0
    for code, rows in DATA["milestones"].items():
        line = lines[code]
        for order, row in enumerate(rows, start=1):
            start_year, start_month = _month(row["start"])
            end_year, end_month = _month(row["end"])
            milestone_save(
                actor=actor,
                milestone=Milestone.objects.filter(line=line, text=row["text"]).first(),
                line=line,
                text=row["text"],
                start_year=start_year,
                start_month=start_month,
                end_year=end_year,
                end_month=end_month,
                period_note=row["period_note"],
                status=MilestoneStatus[row["status"]],
                sort_order=order,
            )
            milestone_count += 1

    for code, text in DATA["narratives"].items():
        line = lines[code]
        narrative_save(
            actor=actor,
            narrative=Narrative.objects.filter(line=line, as_of=AS_OF).first(),
            line=line,
            as_of=AS_OF,
            period_label="2022년 10월말",
            text=text,
        )

    order = 0
    for change in DATA["changes"]:
        name = change["name"]
        for item in change["items"]:
            order += 1
            program_change_save(
                actor=actor,
                change=ProgramChange.objects.filter(
                    year=YEAR, name=name, text=item["text"]
                ).first(),
                year=YEAR,
                name=name,
                tag=item["tag"],
                text=item["text"],
                previous_text="\n".join(change["previous"]),
                line=lines[change["line"]],
                sort_order=order,
            )

    stdout.write(
        f"사업·성과지표: {YEAR}년 사업 {len(lines)}개, 성과지표 값 {value_count}건, "
        f"자동 계산 지표 {computed_count}개, "
        f"향후계획 {milestone_count}건, 서술 {len(DATA['narratives'])}건, "
        f"주요 사업 변경 {order}건을 불러왔습니다.\n"
    )
