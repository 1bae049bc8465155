"""Small SVG charts for the account report: lines over quarters, bars per quarter.

Built with ElementTree like the map picture, so every label is text, never
markup, and Chinese labels render with the system's CJK fonts wherever the SVG
is shown (a browser, the PDF Chromium prints). A charting library would bring its
own font handling for Chinese, and tens of megabytes, for two kinds of chart.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif"
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 150, 44, 40


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: dict[str, float]
    """Category (a quarter) → value; categories without a value leave a gap."""


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def _canvas(title: str, css_class: str) -> ET.Element:
    ET.register_namespace("", SVG_NS)
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": f"chart {css_class}",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "font-family": FONT,
            "role": "img",
        },
    )
    _el(svg, "title", title)
    _el(svg, "rect", x="0", y="0", width=str(WIDTH), height=str(HEIGHT), fill="#ffffff")
    _el(svg, "text", title, x=str(LEFT), y="24", font_size="16", font_weight="bold")
    return svg


def _empty(svg: ET.Element, text: str) -> str:
    """The chart with `text` in its middle instead of data."""
    _el(
        svg,
        "text",
        text,
        x=str(WIDTH // 2),
        y=str(HEIGHT // 2),
        text_anchor="middle",
        fill="#777777",
        font_size="14",
    )
    return ET.tostring(svg, encoding="unicode")


def _axes(
    svg: ET.Element, categories: Sequence[str], low: float, high: float, ticks: Sequence[float]
) -> tuple[float, float, float]:
    """Grid, y ticks and x labels; returns (plot width, plot height, step between categories)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    for tick in ticks:
        y = TOP + plot_h * (1 - (tick - low) / (high - low))
        _el(
            svg,
            "line",
            x1=str(LEFT),
            x2=str(LEFT + plot_w),
            y1=f"{y:.1f}",
            y2=f"{y:.1f}",
            stroke="#e0e0e0",
        )
        label = f"{tick:g}" if abs(tick) < 10_000 else f"{tick / 1000:,.0f}k"
        _el(
            svg,
            "text",
            label,
            x=str(LEFT - 8),
            y=f"{y + 4:.1f}",
            font_size="12",
            text_anchor="end",
            fill="#555555",
        )
    step = plot_w / max(len(categories), 1)
    for index, category in enumerate(categories):
        x = LEFT + step * (index + 0.5)
        _el(
            svg,
            "text",
            category,
            x=f"{x:.1f}",
            y=str(HEIGHT - 14),
            font_size="12",
            text_anchor="middle",
            fill="#555555",
        )
    return plot_w, plot_h, step


def _legend(svg: ET.Element, series: Sequence[Series]) -> None:
    x = WIDTH - RIGHT + 16
    for index, item in enumerate(series):
        y = TOP + 8 + index * 22
        _el(svg, "rect", x=str(x), y=str(y - 9), width="14", height="10", fill=item.colour)
        _el(svg, "text", item.label, x=str(x + 20), y=str(y), font_size="13")


def line_chart(
    title: str,
    series: Sequence[Series],
    *,
    low: float,
    high: float,
    ticks: Sequence[float],
    css_class: str = "line-chart",
    empty: str = "no data yet",
) -> str:
    """Lines over the categories every series shares, on a fixed y range (low..high)."""
    svg = _canvas(title, css_class)
    categories = sorted({c for s in series for c in s.values})
    if not categories:
        return _empty(svg, empty)
    _, plot_h, step = _axes(svg, categories, low, high, ticks)
    for item in series:
        points = [
            (LEFT + step * (i + 0.5), TOP + plot_h * (1 - (item.values[c] - low) / (high - low)))
            for i, c in enumerate(categories)
            if c in item.values
        ]
        if len(points) > 1:
            _el(
                svg,
                "polyline",
                points=" ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                fill="none",
                stroke=item.colour,
                stroke_width="3",
                class_="series",
            )
        for x, y in points:
            _el(svg, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r="4", fill=item.colour)
    _legend(svg, series)
    return ET.tostring(svg, encoding="unicode")


def bar_chart(
    title: str,
    values: dict[str, float],
    *,
    colour: str,
    label: str,
    css_class: str = "bar-chart",
    empty: str = "no data yet",
    whole: bool = False,
) -> str:
    """One bar per category, from zero, with its value written above it; with
    `whole` (counts) the axis ticks are whole numbers."""
    svg = _canvas(title, css_class)
    categories = sorted(values)
    if not categories:
        return _empty(svg, empty)
    top = max(values.values()) or 1.0
    if whole:
        top = 4 * math.ceil(top / 4)
    ticks = [top * k / 4 for k in range(5)]
    _, plot_h, step = _axes(svg, categories, 0.0, top, ticks)
    for index, category in enumerate(categories):
        height = plot_h * values[category] / top
        x = LEFT + step * index + step * 0.2
        _el(
            svg,
            "rect",
            x=f"{x:.1f}",
            y=f"{TOP + plot_h - height:.1f}",
            width=f"{step * 0.6:.1f}",
            height=f"{height:.1f}",
            fill=colour,
            class_="bar",
        )
        shown = f"{values[category]:,.0f}"
        _el(
            svg,
            "text",
            shown,
            x=f"{x + step * 0.3:.1f}",
            y=f"{TOP + plot_h - height - 4:.1f}",
            font_size="11",
            text_anchor="middle",
            fill="#333333",
        )
    _legend(svg, [Series(label, colour, {})])
    return ET.tostring(svg, encoding="unicode")
