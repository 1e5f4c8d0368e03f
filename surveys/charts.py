"""Charts of survey results as server-rendered SVG: no JavaScript, no library, no CDN. The page
and the PDF report put each chart beside a table of its figures, which is what screen
readers read: the SVG is an image with a short title, its text is for the eye.

A horizontal bar chart scales with its container (viewBox, width 100%), so it fits a phone
at 390 px; its long labels are shortened in the picture (the table has them whole).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 600
LABEL_WIDTH = 220
VALUE_WIDTH = 70
BAR_HEIGHT = 22
GAP = 8
LABEL_CHARS = 32
# IOM blue on white: 10.4:1 contrast; the text is near black.
BAR_COLOUR = "#0033a0"
TEXT_COLOUR = "#1a1a1a"
AXIS_COLOUR = "#595959"


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return str(value)


def bar_chart(
    bars: Sequence[tuple[str, Decimal | int, str]], *, title: str, maximum=None
) -> SafeString:
    """An SVG of horizontal bars: each bar is (label, value, the value as printed). Bars are
    drawn in proportion to `maximum` (by default the largest value)."""
    if not bars:
        return SafeString("")
    largest = maximum if maximum is not None else max((value for _l, value, _t in bars), default=0)
    largest = Decimal(largest or 0)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for index, (label, value, printed) in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = int(Decimal(value) * span / largest) if largest else 0
        rows.append(
            (
                y + BAR_HEIGHT - 6,
                short_label(label),
                label,
                LABEL_WIDTH,
                y,
                max(length, 0),
                BAR_HEIGHT,
                LABEL_WIDTH + max(length, 0) + 6,
                y + BAR_HEIGHT - 6,
                printed,
            )
        )
    body = format_html_join(
        "",
        '<text x="0" y="{}" class="chart-label"><title>{}</title>{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="' + BAR_COLOUR + '"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        ((r[0], r[2], r[1], r[3], r[4], r[5], r[6], r[7], r[8], r[9]) for r in rows),
    )
    return format_html(
        '<svg class="results-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="13" fill="{text}">'
        "<title>{title}</title>"
        '<line x1="{x}" y1="0" x2="{x}" y2="{h}" stroke="{axis}" stroke-width="1"></line>'
        "{body}</svg>",
        w=WIDTH,
        h=height,
        text=TEXT_COLOUR,
        title=title,
        x=LABEL_WIDTH,
        axis=AXIS_COLOUR,
        body=body,
    )


def result_chart(result, *, title: str) -> SafeString:
    """The chart of a question's result (surveys.selectors.results.QuestionResult): the
    share of answers per choice or rating, or a ranking's Borda points; none for numbers and
    texts, whose figures are a table or a list."""
    if result.standings:
        bars = [(line.label, line.points, _number(line.points)) for line in result.lines]
        return bar_chart(bars, title=title)
    if not result.lines:
        return SafeString("")
    bars = [
        (line.label, line.percent or 0, f"{_number(line.percent or 0)} %") for line in result.lines
    ]
    return bar_chart(bars, title=title, maximum=100)
