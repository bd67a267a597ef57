"""Builds the business report (주요업무보고) from live data: the one place its figures are made.

The structure mirrors the center's own report (seed): 1 운영 현황, 2 조직 운영, 3 주요 업무.
Renderers only lay out what this module returns; they never compute or look anything up.

It reads the other apps through their selectors only (organization, budget, programs).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError

from ieum.budget import selectors as budget_selectors
from ieum.core import dates, money
from ieum.organization import selectors as organization
from ieum.programs import selectors as program_selectors

from .model import Block, Bullets, Cell, CellKind, Paragraph, Report, Section, Table, text_cell

THOUSAND_WON = "(단위: 천원)"


def report_build(*, year: int, as_of: dt.date) -> Report:
    """The report of `year` with every figure as of `as_of`.

    A ValidationError raised by a selector (e.g. a narrative naming an unknown figure) is
    left to propagate: the report is never produced with a blank in its place.
    """
    # The budget tree is read once: the budget table and each line's 사업비 share it.
    budget_root = budget_selectors.budget_execution(year=year, as_of=as_of)
    return Report(
        title=f"{year} 주요업무보고",
        subtitle=dates.format_long(as_of),
        year=year,
        as_of=as_of,
        sections=[
            _operations_section(),
            _organization_section(year=year, as_of=as_of, budget_root=budget_root),
            _programs_section(year=year, as_of=as_of, budget=_by_code(budget_root)),
        ],
    )


# -- formatting helpers: every rendered text of a figure is made here -----------------------


def won_cell(won: int | None) -> Cell:
    return Cell(text=money.format_thousand_won(won), value=won, kind=CellKind.WON)


def rate_cell(part: int, whole: int) -> Cell:
    value = money.rate(part, whole)
    return Cell(text="-" if value is None else f"{value}%", value=value, kind=CellKind.RATE)


def count_cell(count: int | None) -> Cell:
    if count is None:
        return Cell(text="-", value=None, kind=CellKind.COUNT)
    return Cell(text=f"{count:,}", value=count, kind=CellKind.COUNT)


def _area_text(area: Decimal) -> str:
    normalized = area.normalize()
    if normalized == normalized.to_integral_value():
        return f"{int(normalized):,}"
    return f"{normalized:,f}"


def area_cell(area: Decimal | None, *, gross: bool = False) -> Cell:
    if area is None:
        return Cell(text="-", value=None, kind=CellKind.NUMBER)
    text = _area_text(area) + (" (연면적)" if gross else "")
    return Cell(text=text, value=area, kind=CellKind.NUMBER)


# -- 1 운영 현황 --------------------------------------------------------------------------


def _operations_section() -> Section:
    profile = organization.center_profile()
    if profile is None:
        return Section(
            number="1",
            title="운영 현황",
            blocks=[Paragraph("센터 정보가 아직 등록되지 않았습니다.")],
        )
    center = profile.center
    subsections = [
        Section(title="설립 및 운영 근거", blocks=[Bullets(center.legal_basis_list)]),
        Section(
            title="시설개요",
            blocks=[
                Bullets(
                    [
                        f"위치 : {center.address or '-'}",
                        f"면적 : 총 {_area_text(center.area_m2)}㎡"
                        if center.area_m2
                        else "면적 : -",
                        f"주요시설 : {center.main_facilities or '-'}",
                    ]
                )
            ],
        ),
    ]
    if center.operator:
        operator = center.operator
        if center.operator_representatives:
            operator += f"({center.operator_representatives})"
        subsections.append(Section(title="위탁법인", blocks=[Paragraph(operator)]))
    if profile.contract_events:
        subsections.append(
            Section(
                title="센터 설립 및 운영 경과",
                blocks=[
                    Bullets([_contract_event_text(event) for event in profile.contract_events])
                ],
            )
        )
    if center.mandate_list:
        subsections.append(Section(title="위탁내용", blocks=[Bullets(center.mandate_list)]))
    if profile.facilities:
        subsections.append(
            Section(title="시설현황", blocks=[_facilities_table(profile.facilities)])
        )
    return Section(number="1", title="운영 현황", subsections=subsections)


def _contract_event_text(event) -> str:
    text = f"{dates.format_long(event.occurred_on)} {event.description}"
    if event.term_start and event.term_end:
        text += f" ({dates.format_short(event.term_start)}~{dates.format_short(event.term_end)})"
    return text


def _facilities_table(facilities) -> Table:
    rows = []
    for facility in facilities:
        name = facility.name + (f" ({facility.ownership})" if facility.ownership else "")
        rows.append(
            [
                text_cell(name),
                text_cell(facility.address),
                area_cell(facility.area_m2, gross=facility.area_is_gross),
                text_cell(dates.format_long(facility.opened_on) or "-"),
                text_cell("\n".join(facility.content_list)),
            ]
        )
    return Table(
        key="facilities",
        title="시설현황",
        columns=["구분", "위치", "면적(㎡)", "운영 개시", "시설"],
        rows=rows,
    )


# -- 2 조직 운영 --------------------------------------------------------------------------


def _organization_section(*, year: int, as_of: dt.date, budget_root) -> Section:
    subsections = [
        _staffing_section(year),
        _duties_section(),
        _budget_section(year=year, as_of=as_of, root=budget_root),
        _program_changes_section(year=year),
    ]
    return Section(number="2", title="조직 운영", subsections=subsections)


def _staffing_section(year: int) -> Section:
    table = organization.staffing_table(year)
    if table.plan is None:
        return Section(
            title="인력 운영 현황",
            blocks=[Paragraph(f"{year}년 인력 현황이 등록되지 않았습니다.")],
        )
    tree = organization.department_tree()
    blocks: list[Block] = []
    if tree.summary:
        blocks.append(Paragraph(f"조직 ({tree.summary})"))
    quota_line = f"정원 : {table.quota_total}명"
    if table.plan.note:
        quota_line += f" ({table.plan.note})"
    blocks.append(Bullets([quota_line]))
    columns = ["구분 (직위)", "총원"] + [str(column.position) for column in table.columns]
    blocks.append(
        Table(
            key="staffing",
            title="인력",
            columns=columns,
            rows=[
                [text_cell("정원"), count_cell(table.quota_total)]
                + [count_cell(column.quota) for column in table.columns],
                [text_cell("현원"), count_cell(table.current_total)]
                + [count_cell(column.current) for column in table.columns],
                [text_cell("직책 (호칭)"), text_cell("")]
                + [text_cell("\n".join(column.position.title_list)) for column in table.columns],
            ],
        )
    )
    return Section(
        title=f"인력 운영 현황({dates.format_long(table.plan.as_of)} 기준)",
        blocks=blocks,
    )


def _duties_section() -> Section:
    tree = organization.department_tree()
    rows = [
        [text_cell(row.department.name), text_cell("\n".join(row.department.duty_list))]
        for row in tree.rows
        if row.department.duty_list
    ]
    if not rows:
        return Section(title="주요기능", blocks=[Paragraph("등록된 부서가 없습니다.")])
    return Section(
        title="주요기능",
        blocks=[Table(key="duties", title="주요기능", columns=["구분", "담당 업무"], rows=rows)],
    )


def _budget_section(*, year: int, as_of: dt.date, root) -> Section:
    title = f"{year}년 예산 현황"
    if root is None:
        return Section(title=title, blocks=[Paragraph(f"{year}년 예산이 등록되지 않았습니다.")])
    return Section(
        title=title,
        blocks=[
            Table(
                key="budget",
                title=f"{year}년 예산 현황",
                unit=f"({dates.format_short(as_of)} 기준, 단위: 천원)",
                columns=["구분", "예산액 (교부액)", "집행액", "집행률"],
                rows=[_budget_row(label, node) for label, node in budget_rows(root)],
            )
        ],
    )


def budget_rows(root) -> list[tuple[str, object]]:
    """The seed's order: 총계, the categories, then each business line ('1. …') followed by
    its sub-lines ('- …'), numbered across categories in tree order."""
    rows: list[tuple[str, object]] = [("총계", root)]
    categories = list(root.children)
    rows.extend((category.name, category) for category in categories)
    number = 0
    for category in categories:
        for line in category.children:
            number += 1
            rows.append((f"{number}. {_unnumbered(line.name)}", line))
            rows.extend((f"- {_unnumbered(sub.name)}", sub) for sub in line.children)
    return rows


_NUMBERING = re.compile(r"^\s*(?:\d+\.|-|·|○)\s*")


def _unnumbered(name: str) -> str:
    """'1. 판로지원 강화' → '판로지원 강화': the table numbers lines itself, in tree order."""
    return _NUMBERING.sub("", name, count=1)


def _budget_row(label: str, node) -> list[Cell]:
    return [
        text_cell(label),
        won_cell(node.budget_won),
        won_cell(node.executed_won),
        rate_cell(node.executed_won, node.budget_won),
    ]


# -- programs: the year's changes and 3 주요 업무 --------------------------------------------


def _program_changes_section(*, year: int) -> Section:
    changes = program_selectors.program_changes(year=year)
    title = f"{year}년 주요 사업 내용"
    if not changes:
        return Section(title=title, blocks=[Paragraph(f"{year}년 사업 변경 내용이 없습니다.")])
    # Several tagged items share one name: one row per name, in the order first met.
    rows: dict[str, tuple[list[str], list[str]]] = {}
    for change in changes:
        previous, current = rows.setdefault(change.name, ([], []))
        for item in change.previous_list:
            if item not in previous:
                previous.append(item)
        current.append(f"[{change.get_tag_display()}] {change.text}")
    return Section(
        title=title,
        blocks=[
            Table(
                key="program_changes",
                title=title,
                columns=["사업명", f"'{(year - 1) % 100:02d}년", f"'{year % 100:02d}년"],
                rows=[
                    [text_cell(name), text_cell("\n".join(previous)), text_cell("\n".join(current))]
                    for name, (previous, current) in rows.items()
                ],
            )
        ],
    )


def _programs_section(*, year: int, as_of: dt.date, budget: dict[str, object]) -> Section:
    lines = program_selectors.program_report(year=year, as_of=as_of)
    _refuse_narrative_problems(lines)
    if not lines:
        return Section(
            number="3", title="주요 업무", blocks=[Paragraph(f"{year}년 사업이 없습니다.")]
        )
    return Section(
        number="3",
        title="주요 업무",
        blocks=_line_overview(lines),
        subsections=[_line_section(line, budget) for line in lines],
    )


def _line_overview(lines) -> list[Block]:
    """The list of business lines that opens 3 주요 업무, as in the seed: each line, and its
    sub-lines (①, ②) one level down."""
    blocks: list[Block] = []
    for report_line in lines:
        blocks.append(Bullets([_line_heading(report_line.line)]))
        if report_line.children:
            blocks.append(
                Bullets([_line_heading(child.line) for child in report_line.children], level=2)
            )
    # Consecutive items of one level make one list.
    merged: list[Block] = []
    for block in blocks:
        if merged and merged[-1].level == block.level:
            merged[-1] = Bullets([*merged[-1].items, *block.items], level=block.level)
        else:
            merged.append(block)
    return merged


def _line_heading(line) -> str:
    return f"{line.number} {line.title}" if line.number else line.title


def _refuse_narrative_problems(lines) -> None:
    """A narrative naming a figure that cannot be filled stops the report, with every reason:
    the report is never printed with a gap or a marker where a figure should be."""
    problems = []
    stack = list(lines)
    while stack:
        line = stack.pop(0)
        for narrative in line.narratives:
            problems.extend(f"{line.line.title}: {problem}" for problem in narrative.problems)
        stack.extend(line.children)
    if problems:
        raise ValidationError(problems)


def _by_code(root) -> dict[str, object]:
    nodes: dict[str, object] = {}
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        nodes[str(node.code)] = node
        stack.extend(node.children)
    return nodes


def _line_section(report_line, budget: dict[str, object]) -> Section:
    line = report_line.line
    blocks: list[Block] = []
    if line.purpose:
        blocks.extend(Paragraph(text) for text in _lines(line.purpose))
    details = _line_details(report_line, budget)
    if report_line.children:
        subsections = [_line_section(child, budget) for child in report_line.children]
        # A line with sub-lines reports the details it has (e.g. its 사업비) before them, and
        # no empty heading: the sub-lines carry 추진현황 and 향후계획.
        subsections = [section for section in details if section.blocks] + subsections
    else:
        subsections = details
    return Section(number=line.number, title=line.title, blocks=blocks, subsections=subsections)


def _line_details(report_line, budget: dict[str, object]) -> list[Section]:
    line = report_line.line
    overview = []
    if line.content:
        overview.append(f"사업내용 : {line.content}")
    if line.method:
        overview.append(f"추진방법 : {line.method}")
    node = budget.get(line.budget_code) if line.budget_code else None
    if node is not None:
        overview.append(f"사업비 : {money.format_million_won(node.budget_won)}")
    progress: list[Block] = []
    for narrative in report_line.narratives[-1:]:
        progress.extend(Paragraph(text) for text in _lines(narrative.text))
    if report_line.kpis:
        progress.append(_kpi_table(line, report_line.kpis))
    milestones = [
        f"{milestone.text} : {milestone.period_display}" for milestone in report_line.milestones
    ]
    return [
        Section(title="사업개요", blocks=[Bullets(overview)] if overview else []),
        Section(title="추진현황", blocks=progress),
        Section(title="향후계획", blocks=[Bullets(milestones)] if milestones else []),
    ]


def _kpi_table(line, figures) -> Table:
    """One row per KPI. A date or a source shared by every row is said once under the table
    instead of being repeated on each row (the demo's 120 figures share both)."""
    dates_ = [dates.format_short(figure.as_of) or "-" for figure in figures]
    sources = [figure.source or "-" for figure in figures]
    shared_date = len(set(dates_)) == 1
    shared_source = len(set(sources)) == 1
    columns = ["지표", "실적", "단위"]
    columns += [] if shared_date else ["기준일"]
    columns += [] if shared_source else ["출처"]
    rows = []
    for figure, as_of, source in zip(figures, dates_, sources, strict=True):
        row = [
            text_cell(figure.name),
            kpi_cell(figure.value, figure.display),
            text_cell(figure.unit),
        ]
        row += [] if shared_date else [text_cell(as_of)]
        row += [] if shared_source else [text_cell(source)]
        rows.append(row)
    note = []
    if shared_date and dates_[0] != "-":
        note.append(f"기준일 {dates_[0]}")
    if shared_source and sources[0] != "-":
        note.append(f"출처: {sources[0]}")
    return Table(
        key=f"kpi-{line.code}",
        title=f"{line.title} 성과지표",
        columns=columns,
        rows=rows,
        note=" · ".join(note),
    )


def kpi_cell(value: Decimal | None, display: str) -> Cell:
    if value is None:
        return Cell(text=display or "-", value=None, kind=CellKind.NUMBER)
    number = Decimal(value)
    raw: int | Decimal = int(number) if number == number.to_integral_value() else number
    return Cell(text=display, value=raw, kind=CellKind.NUMBER)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]
