"""Server-side SVG bar charts: data for the template, with a text equivalent for each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: int
    text_x: int


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    bars: list[Bar]
    height: int
    total: int

    @property
    def description(self) -> str:
        return "; ".join(f"{bar.label}: {bar.count}" for bar in self.bars)


WIDTH = 400
LABEL_WIDTH = 190
BAR_SPACE = 160
ROW = 28


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]]) -> BarChart:
    """Return a horizontal bar chart laid out in a WIDTH-wide viewBox."""
    largest = max((count for _label, count in rows), default=0) or 1
    bars = []
    for index, (label, count) in enumerate(rows):
        width = round(BAR_SPACE * count / largest)
        bars.append(Bar(label, count, index * ROW + 4, width, LABEL_WIDTH + width + 6))
    return BarChart(chart_id, title, bars, len(rows) * ROW + 8, sum(c for _l, c in rows))
