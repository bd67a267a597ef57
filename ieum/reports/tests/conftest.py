import datetime as dt
import io
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from ieum.organization import demo as organization_demo
from ieum.reports import builder
from ieum.reports.builder import report_build

YEAR = 2022
AS_OF = dt.date(2022, 10, 31)


@dataclass
class FakeNode:
    """The shape of ieum.budget.selectors.BudgetNode the builder relies on."""

    code: str
    name: str
    kind: str
    budget_won: int
    executed_won: int
    children: list = field(default_factory=list)


def _sum(code, name, kind, children):
    return FakeNode(
        code,
        name,
        kind,
        sum(child.budget_won for child in children),
        sum(child.executed_won for child in children),
        children,
    )


def seed_budget_tree() -> FakeNode:
    """The seed's 2022 budget as of 2022-10-31, hand-entered in won (test data, not code)."""

    def sub(code, name, budget, executed):
        return FakeNode(code, name, "sub_line", budget * 1000, executed * 1000)

    sales = _sum(
        "3-1",
        "판로지원 강화",
        "business_line",
        [
            sub("3-1-1", "가치플랫폼 캐빈닷넷 운영", 484_040, 236_014),
            sub("3-1-2", "민간판로지원", 263_283, 61_337),
            sub("3-1-3", "공공판로지원 및 함께누리 운영", 752_233, 417_343),
        ],
    )
    growth = _sum(
        "3-2",
        "기업 맞춤형 성장지원",
        "business_line",
        [
            sub("3-2-1", "공간 운영", 584_940, 358_180),
            sub("3-2-2", "마을기업 발굴 및 활성화", 350_813, 130_000),
            sub("3-2-3", "가치 기반 성장지원", 122_877, 83_000),
            sub("3-2-4", "사회적경제 연구", 100_000, 47_859),
        ],
    )
    people = _sum(
        "3-3",
        "인재양성·홍보",
        "business_line",
        [
            sub("3-3-1", "대상 및 분야별 교육", 100_000, 68_258),
            sub("3-3-2", "시민 소통 및 확산", 101_600, 21_946),
        ],
    )
    categories = [
        FakeNode("1", "인건비", "category", 1_536_596_000, 1_078_502_000),
        FakeNode("2", "운영비", "category", 225_000_000, 159_713_000),
        _sum("3", "총사업비", "category", [sales, growth, people]),
        FakeNode("4", "일반관리비", "category", 21_188_000, 10_600_000),
    ]
    return _sum("0", "총계", "root", categories)


@pytest.fixture
def fake_budget(monkeypatch):
    """Stands in for ieum.budget.selectors, so the report's table is tested on its own."""
    fake = SimpleNamespace(budget_execution=lambda *, year, as_of: seed_budget_tree())
    monkeypatch.setattr(builder, "budget_selectors", fake)
    return fake


@pytest.fixture
def demo_data(db):
    organization_demo.load(io.StringIO())


@pytest.fixture
def report(demo_data, fake_budget):
    return report_build(year=YEAR, as_of=AS_OF)
