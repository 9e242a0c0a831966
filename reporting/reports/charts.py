"""Charts of the activity report: SVG drawn by matplotlib (no browser), embedded as data URIs."""
from __future__ import annotations

import base64
import io
from collections.abc import Sequence

from matplotlib.figure import Figure

MONTH_LABELS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
COLOURS = ["#0b5cad", "#d9730d", "#1b6e3a", "#8e3b9e", "#b00020", "#5a6272", "#00838f", "#795548"]


def _svg_data_uri(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()


def _figure() -> tuple[Figure, object]:
    figure = Figure(figsize=(7.0, 2.3))
    axes = figure.subplots()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    return figure, axes


def monthly_bars(values: Sequence[float | None], *, unit: str) -> str:
    """Twelve bars, one per month; a missing month (None) has no bar."""
    figure, axes = _figure()
    positions = [i for i, v in enumerate(values) if v is not None]
    axes.bar(positions, [values[i] for i in positions], color=COLOURS[0], width=0.65)
    axes.set_xticks(range(12), MONTH_LABELS)
    axes.set_xlim(-0.6, 11.6)
    axes.set_ylabel(unit, fontsize=8)
    return _svg_data_uri(figure)


def monthly_lines(series: dict[str, Sequence[float | None]], *, unit: str) -> str:
    """One line per series (e.g. per residence); hidden or missing months (None) are gaps."""
    figure, axes = _figure()
    for i, (name, values) in enumerate(series.items()):
        axes.plot(range(12), [float("nan") if v is None else v for v in values], marker="o", markersize=3,
                  label=name, color=COLOURS[i % len(COLOURS)])
    axes.set_xticks(range(12), MONTH_LABELS)
    axes.set_ylabel(unit, fontsize=8)
    if series:
        axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _svg_data_uri(figure)


def horizontal_bars(labels: Sequence[str], values: Sequence[float | None], *, unit: str) -> str:
    """One bar per label (e.g. the choices of a question); a hidden count (None) has no bar.
    Used by core.voice's findings report."""
    figure = Figure(figsize=(7.0, max(1.2, 0.42 * len(labels) + 0.5)))
    axes = figure.subplots()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    positions = list(range(len(labels)))
    axes.barh(positions, [0 if v is None else v for v in values], color=COLOURS[0], height=0.6)
    axes.set_yticks(positions, [str(label)[:40] for label in labels])
    axes.invert_yaxis()
    axes.set_xlabel(unit, fontsize=8)
    return _svg_data_uri(figure)
