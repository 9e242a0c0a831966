"""Charts of the activity report: small SVG written by hand, embedded as data URIs.

They replaced matplotlib figures (one per indicator): drawing those took about a third of a
report's time and WeasyPrint spent another third painting their thousands of glyph paths.
These hold a few dozen elements and about fifteen `<text>` (each one costs WeasyPrint a text
layout, so labels are kept to the months and two or three values); bench/reports.py.
"""
from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from html import escape

from reporting.selectors import format_value

MONTH_LABELS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
COLOURS = ["#0b5cad", "#d9730d", "#1b6e3a", "#8e3b9e", "#b00020", "#5a6272", "#00838f", "#795548"]
GREY, GRID, PALE = "#5a6272", "#d5d9e0", "#eef2f7"

WIDTH, HEIGHT = 700, 210
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 10, 26
LEGEND = 170  # room on the right for the lines' legend
FONT = 'font-family="DejaVu Sans, sans-serif" font-size="11"'


def _labels(partial: int | None) -> list[str]:
    return [f"{label}*" if n == partial else label for n, label in enumerate(MONTH_LABELS, start=1)]


def _ticks(top: float) -> list[float]:
    """0 and round steps (1, 2 or 5 × 10^n) up to at least `top`, two or three of them."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / 2.5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    count = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count + 1)]


def _frame(values: list[float], *, unit: str, right: int, partial: int | None):
    """The axes: horizontal grid lines with their labels, month labels; returns (parts, x(), y())."""
    ticks = _ticks(max(values, default=0))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - right, HEIGHT - TOP - BOTTOM
    slot = plot_w / 12

    def x(month_index: float) -> float:
        return LEFT + slot * (month_index + 0.5)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / ((high - low) or 1))

    decimals = 0 if all(float(t).is_integer() for t in ticks) else 1
    parts = []
    if partial is not None:
        parts.append(f'<rect x="{LEFT + slot * (partial - 1):.1f}" y="{TOP}" width="{slot:.1f}" height="{plot_h}" '
                     f'fill="{PALE}"/>')
    for tick in ticks:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="{GRID}" stroke-width="0.8"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{GREY}" {FONT}>'
                     f'{escape(format_value(tick, decimals))}</text>')
    for n, label in enumerate(_labels(partial)):
        parts.append(f'<text x="{x(n):.1f}" y="{HEIGHT - 8}" text-anchor="middle" fill="{GREY}" {FONT}>'
                     f'{escape(label)}</text>')
    # The unit is in the chart's heading and its alt text: each SVG <text> costs a text layout.
    return parts, x, y, slot


def _svg_data_uri(parts: list[str]) -> str:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}">{"".join(parts)}</svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def monthly_bars(values: Sequence[float | None], *, unit: str, partial: int | None = None) -> str:
    """Twelve bars, one per month; a missing month (None) has no bar; the month in progress
    (`partial`, 1-12) is drawn hatched and pale, not like a full month."""
    shown = [v for v in values if v is not None]
    parts, x, y, slot = _frame(shown, unit=unit, right=RIGHT, partial=partial)
    parts.insert(0, '<defs><pattern id="partial" width="6" height="6" patternUnits="userSpaceOnUse" '
                    f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
                    f'<line x1="0" y1="0" x2="0" y2="6" stroke="{COLOURS[0]}" stroke-width="2"/></pattern></defs>')
    width = slot * 0.65
    for n, value in enumerate(values):
        if value is None:
            continue
        top, base = y(max(value, 0)), y(min(value, 0))
        fill = 'url(#partial)' if n + 1 == partial else COLOURS[0]
        stroke = f' stroke="{COLOURS[0]}" stroke-width="1"' if n + 1 == partial else ""
        parts.append(f'<rect x="{x(n) - width / 2:.1f}" y="{top:.1f}" width="{width:.1f}" '
                     f'height="{max(base - top, 0.5):.1f}" fill="{fill}"{stroke}/>')
    return _svg_data_uri(parts)


def monthly_lines(series: dict[str, Sequence[float | None]], *, unit: str, partial: int | None = None) -> str:
    """One line per series (e.g. per residence); hidden or missing months (None) are gaps; the month
    in progress (`partial`) is shaded and its label starred."""
    shown = [v for values in series.values() for v in values if v is not None]
    right = LEGEND if series else RIGHT
    parts, x, y, _slot = _frame(shown, unit=unit, right=right, partial=partial)
    for i, (name, values) in enumerate(series.items()):
        colour = COLOURS[i % len(COLOURS)]
        run: list[str] = []
        for n, value in enumerate([*values, None]):
            if value is not None:
                run.append(f"{x(n):.1f},{y(value):.1f}")
                parts.append(f'<circle cx="{x(n):.1f}" cy="{y(value):.1f}" r="2.5" fill="{colour}"/>')
            elif run:
                if len(run) > 1:
                    parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                                 f'stroke-width="1.5"/>')
                run = []
        legend_y = TOP + 12 + 15 * i
        parts.append(f'<line x1="{WIDTH - right + 10}" x2="{WIDTH - right + 26}" y1="{legend_y - 4}" '
                     f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{WIDTH - right + 30}" y="{legend_y}" fill="#1d2330" {FONT}>{escape(name[:26])}</text>')
    return _svg_data_uri(parts)


def horizontal_bars(labels: Sequence[str], values: Sequence[float | None], *, unit: str) -> str:
    """One bar per label (e.g. the choices of a question); a hidden count (None) has no bar.
    Used by core.voice's findings report."""
    label_w, bar_h, gap = 230, 16, 8
    height = TOP + BOTTOM + len(labels) * (bar_h + gap)
    shown = [v for v in values if v is not None]
    top = max(shown, default=0)
    ticks = _ticks(top)
    high = ticks[-1] or 1
    plot_w = WIDTH - label_w - RIGHT - 40
    parts = []
    for n, (label, value) in enumerate(zip(labels, values)):
        y = TOP + n * (bar_h + gap)
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 4}" text-anchor="end" fill="#1d2330" {FONT}>'
                     f'{escape(str(label)[:40])}</text>')
        if value is None:
            continue
        width = plot_w * max(value, 0) / high
        parts.append(f'<rect x="{label_w}" y="{y}" width="{max(width, 0.5):.1f}" height="{bar_h}" fill="{COLOURS[0]}"/>')
        parts.append(f'<text x="{label_w + width + 4:.1f}" y="{y + bar_h - 4}" fill="{GREY}" {FONT}>'
                     f'{escape(format_value(value, 0 if float(value).is_integer() else 1))}</text>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}">{"".join(parts)}</svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
