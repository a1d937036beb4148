"""Charts for the HTML report, drawn as inline SVG by Python: no script, no CDN, readable offline.

Two kinds cover the report: `stacked_bars` (a bar per category, e.g. a year, stacked by series,
e.g. project types) and `horizontal_bars` (one bar per item: counts, or changes drawn right for a
rise and left for a fall, blue and orange: red and green mean worse and better only). Every mark carries `data-*` attributes (series, category, value) and a <title> tooltip, so a
test can read the chart from the DOM and a reader can hover for the exact figure. All text is
escaped here; the functions return markup ready to embed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

PALETTE = ("#3366cc", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f",
           "#ff9da7", "#bab0ac")
# money that rises or falls is neither good nor bad: blue and orange; red and green are kept for
# what is worse or better (weaker / stronger targets, review grades) throughout the report
RISE, FALL, NEUTRAL = "#3366cc", "#f28e2b", "#9aa5b1"
MONEY_LEGEND = {"增加": RISE, "减少": FALL, "持平": NEUTRAL}
LABEL_CHARS = 18  # characters of a bar's label per line (two lines, then …; the full name on hover)
FONT = "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif"


@dataclass(frozen=True)
class Chart:
    """An SVG chart and what it shows, for the report and its tests."""

    key: str
    title: str
    svg: str
    marks: int  # bars drawn (0: the chart says why it is empty)


def nice_scale(maximum: float, ticks: int = 5) -> tuple[float, float]:
    """(axis maximum, step) with a round step (1, 2, 2.5 or 5 times a power of ten) covering `maximum`."""
    if maximum <= 0:
        return 1.0, 0.2
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * math.ceil(maximum / step - 1e-9), step


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _svg(key: str, title: str, width: int, height: int, body: list[str]) -> str:
    return (f'<svg class="chart-svg" data-chart="{escape(key)}" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-label="{escape(title)}" '
            f'font-family="{FONT}" font-size="12">' + "".join(body) + "</svg>")


def empty_chart(key: str, title: str, message: str) -> Chart:
    body = ['<rect x="0" y="0" width="720" height="80" fill="#f6f8fa" rx="6"/>',
            f'<text class="empty" x="360" y="45" text-anchor="middle" fill="#57606a">{escape(message)}</text>']
    return Chart(key, title, _svg(key, title, 720, 80, body), 0)


def _legend(names: list[str], colors: dict[str, str], x: float, y: float, width: float) -> tuple[list[str], float]:
    """Legend items laid out in rows from (x, y); returns the markup and the height used."""
    parts: list[str] = []
    cx, cy = x, y
    for name in names:
        item = 16 + 13 * len(name) + 18
        if cx + item > x + width and cx > x:
            cx, cy = x, cy + 18
        parts.append(f'<rect x="{cx:.1f}" y="{cy - 9:.1f}" width="10" height="10" fill="{colors[name]}"/>'
                     f'<text x="{cx + 14:.1f}" y="{cy:.1f}">{escape(name)}</text>')
        cx += item
    return parts, cy - y + 18


def stacked_bars(key: str, title: str, categories: list[str], series: dict[str, list[float]],
                 unit: str, empty_message: str = "没有数据", colors: dict[str, str] | None = None) -> Chart:
    """Vertical bars, one per category, stacked by series (coloured by `colors`, else the palette);
    the total is printed above each bar."""
    names = [name for name, values in series.items() if any(v for v in values)]
    if not categories or not names:
        return empty_chart(key, title, empty_message)
    width, left, right, top = 720, 72, 16, 16
    colors = {name: (colors or {}).get(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(names)}
    legend, legend_height = _legend(names, colors, left, 0, width - left - right)
    plot_top, plot_height = top + legend_height + 8, 220
    height = plot_top + plot_height + 34
    totals = [sum(series[name][i] or 0 for name in names) for i in range(len(categories))]
    axis_max, step = nice_scale(max(totals))
    scale = plot_height / axis_max
    body = [f'<g class="legend" transform="translate(0,{top + 9})">' + "".join(legend) + "</g>"]
    ticks = round(axis_max / step)
    for t in range(ticks + 1):
        value = step * t
        y = plot_top + plot_height - value * scale
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e1e4e8"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#57606a">{_number(value)}</text>')
    body.append(f'<text x="12" y="{plot_top + plot_height / 2:.1f}" fill="#57606a" '
                f'transform="rotate(-90 12 {plot_top + plot_height / 2:.1f})" text-anchor="middle">{escape(unit)}</text>')
    slot = (width - left - right) / len(categories)
    bar = min(72.0, slot * 0.6)
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar) / 2
        y = plot_top + plot_height
        for name in names:
            value = series[name][i] or 0
            if value <= 0:
                continue
            h = value * scale
            y -= h
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colors[name]}" '
                f'data-category="{escape(category)}" data-series="{escape(name)}" data-value="{value:g}">'
                f'<title>{escape(category)} {escape(name)}：{_number(value)} {escape(unit)}</title></rect>')
        body.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="#24292f">'
                    f'{_number(totals[i])}</text>'
                    f'<text x="{x + bar / 2:.1f}" y="{plot_top + plot_height + 18:.1f}" text-anchor="middle">'
                    f'{escape(category)}</text>')
    marks = sum(1 for name in names for v in series[name] if v and v > 0)
    return Chart(key, title, _svg(key, title, width, height, body), marks)


def _label_lines(label: str) -> list[str]:
    """A bar's label on one or two lines of LABEL_CHARS, cut with … beyond."""
    if len(label) <= LABEL_CHARS + 1:
        return [label]
    second = label[LABEL_CHARS:]
    return [label[:LABEL_CHARS], second if len(second) <= LABEL_CHARS else second[:LABEL_CHARS - 1] + "…"]


def horizontal_bars(key: str, title: str, items: list[tuple[str, float, str]], unit: str,
                    empty_message: str = "没有数据") -> Chart:
    """One horizontal bar per (label, value, note), the note printed at the end of the bar. With
    negative values the axis is centred: rises go right in blue, falls left in orange, zeros are a
    grey tick, with a legend; with none, bars start at the left in one colour. Long labels wrap to
    two lines; every label and bar has the full name and figure on hover."""
    if not items:
        return empty_chart(key, title, empty_message)
    diverging = any(value < 0 for _, value, _ in items)
    width, label_width = 720, 260
    row = 34 if any(len(label) > LABEL_CHARS + 1 for label, _, _ in items) else 24
    top = 26 if diverging else 0
    plot_left, plot_right = label_width + 10, width - 90
    height = top + row * len(items) + 40
    axis_max, _ = nice_scale(max(abs(value) for _, value, _ in items) or 1.0, 4)
    zero = plot_left + (plot_right - plot_left) / 2 if diverging else plot_left
    scale = (plot_right - zero) / axis_max
    low = f"−{_number(axis_max)}" if diverging else ""
    body = [f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{top + 8}" y2="{height - 26}" stroke="#57606a"/>',
            f'<text x="{plot_left:.1f}" y="{height - 8}" fill="#57606a">{low}</text>',
            f'<text x="{zero:.1f}" y="{height - 8}" text-anchor="{"middle" if diverging else "start"}" '
            f'fill="#57606a">0 {escape(unit)}</text>',
            f'<text x="{plot_right:.1f}" y="{height - 8}" text-anchor="end" fill="#57606a">'
            f'{"+" if diverging else ""}{_number(axis_max)}</text>']
    if diverging:
        legend, _ = _legend(list(MONEY_LEGEND), MONEY_LEGEND, plot_left, 0, plot_right - plot_left)
        body.append('<g class="legend" transform="translate(0,14)">' + "".join(legend) + "</g>")
    for i, (label, value, note) in enumerate(items):
        y = top + 12 + row * i
        lines = _label_lines(label)
        first = y + 13 - (6 if len(lines) > 1 else 0)
        spans = "".join(f'<tspan x="{label_width}" y="{first + 13 * n}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        body.append(f'<text class="label" text-anchor="end"><title>{escape(label)}</title>{spans}</text>')
        w = abs(value) * scale
        x = zero if value >= 0 else zero - w
        color = PALETTE[0] if not diverging else RISE if value > 0 else FALL if value < 0 else NEUTRAL
        sign = "+" if diverging and value > 0 else ""
        bar_top = y + 2 + (row - 24) / 2
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{bar_top:.1f}" width="{max(w, 2):.1f}" height="16" fill="{color}" '
            f'data-category="{escape(label)}" data-series="{escape(note)}" data-value="{value:g}">'
            f'<title>{escape(label)}：{sign}{_number(value)} {escape(unit)}（{escape(note)}）</title></rect>')
        end = x + max(w, 2) + 4 if value >= 0 else x - 4
        anchor = "start" if value >= 0 else "end"
        body.append(f'<text x="{end:.1f}" y="{bar_top + 12:.1f}" text-anchor="{anchor}" fill="#57606a">{escape(note)}</text>')
    return Chart(key, title, _svg(key, title, width, height, body), len(items))
