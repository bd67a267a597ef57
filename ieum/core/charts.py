"""The one chart helper: a year's months as bars, plain geometry for an inline SVG (no JS, no
images, text labels for screen readers and print), drawn by `includes/monthly_chart.html`.
Budget execution and mall sales use it."""

from dataclasses import dataclass

from .money import format_million_won

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 12, 12, 24, 28


@dataclass(frozen=True)
class Bar:
    month: int
    won: int
    x: float
    y: float
    width: float
    height: float
    label: str  # '484백만원'

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class MonthlyChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    title: str

    @property
    def month_y(self) -> float:
        return self.height - 10


def monthly_chart(months: list[tuple[int, int]], *, title: str) -> MonthlyChart | None:
    """Bars of won per month (month, won), scaled to the largest month; negative months sit
    at 0; None when there is no month."""
    if not months:
        return None
    top = max(max(won for _m, won in months), 1)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / 12
    bars = []
    for month, won in months:
        height = round(plot_height * max(won, 0) / top, 1)
        bars.append(
            Bar(
                month=month,
                won=won,
                x=round(LEFT + (month - 1) * slot + slot * 0.15, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                label=format_million_won(won),
            )
        )
    return MonthlyChart(
        width=WIDTH,
        height=HEIGHT,
        baseline=TOP + plot_height,
        bars=bars,
        title=title,
    )
