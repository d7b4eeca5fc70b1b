"""Charts drawn on the server by pygal and embedded as SVG images (data URIs): no script, nothing from a
CDN, nothing fetched, and the same image shows in the desk, in report.html and in WeasyPrint's PDF.

Each chart is drawn from the rows of the table shown beside it, so the two cannot disagree; that table is
what screen readers read, and the image's alt text says so."""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import logging
from decimal import Decimal

import pygal
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style
from pygal_maps_world.maps import World

log = logging.getLogger(__name__)

# Colour-blind-safe (Okabe–Ito), in order; series beyond these repeat the cycle.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
STYLE = Style(
    colors=COLOURS, background="#ffffff", plot_background="#ffffff", foreground="#222222",
    foreground_strong="#111111", foreground_subtle="#555555", opacity="1", opacity_hover="1", stroke_opacity="1",
    stroke_width="3",
    font_family="'DejaVu Sans', Arial, sans-serif", label_font_size=13, major_label_font_size=13,
    value_font_size=13, legend_font_size=14, title_font_size=17, tooltip_font_size=13)
WIDTH = 800
MAP_HEIGHT = 470
BESIDE = " Its numbers are in the table beside it."  # every chart's alt text ends so
MOST_BARS = 20  # a longer bar chart is unreadable; the table beside it keeps every row
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


def for_table(table, *, map_src: str | None = None) -> SafeString:
    """The chart(s) for one of the dashboard's tables (queries.Table), drawn from exactly its rows; empty
    when the table holds no numbers to draw. A table this module has never heard of gets a chart chosen
    from its rows, and a chart that cannot be drawn leaves only the table, never a broken page. With
    map_src, the countries' world map is an image at that address instead of embedded."""
    draw = KNOWN.get(table.slug, guessed)
    if draw is countries:
        draw = functools.partial(countries, map_src=map_src)
    try:
        return mark_safe("".join(draw(table)))
    except Exception:  # the table beside it still carries every number
        log.exception("could not draw the chart of table %r", table.slug)
        return mark_safe("")


def guessed(table) -> list[str]:
    """Lines when the first column is a day (a series over time), else bars of the first numeric column."""
    if not table.rows or not _numeric_columns(table):
        return []
    if all(_is_day(row[0]) for row in table.rows):
        return lines(table)
    return bars(table)


def lines(table) -> list[str]:
    """One line per series over the first column's days. A series is a row's text cells (a channel, a
    theme, a target), and the numeric column's name when there are several ("instagram published")."""
    numeric = _numeric_columns(table)
    if not table.rows or not numeric:
        return []
    text = [i for i in range(1, len(table.columns)) if i not in numeric]
    points: dict[str, dict[str, float]] = {}
    for row in table.rows:
        for i in numeric:
            name = " ".join([str(row[t]) for t in text] + ([table.columns[i].lower()] if len(numeric) > 1 else []))
            points.setdefault(name or table.columns[i], {})[str(row[0])] = _number(row[i])
    if not any(n for by_day in points.values() for n in by_day.values()):
        return []
    days = sorted({str(row[0]) for row in table.rows})
    chart = pygal.Line(**_config(table.title, height=420), x_label_rotation=0, show_minor_x_labels=False,
                       x_labels_major_count=min(len(days), 8), truncate_label=-1, legend_at_bottom=True,
                       legend_at_bottom_columns=3, dots_size=3, min_scale=1,
                       show_dots=len(days) <= 16)  # dots (each with its own markup) only where they are few
    chart.x_labels = days
    for name, by_day in sorted(points.items()):
        # A day with no stories on a channel is a zero, not a gap.
        chart.add(name, [by_day.get(day, 0) for day in days])
    _count_scale(chart, [n for by_day in points.values() for n in by_day.values()])
    return [_image(chart, f"Line chart: {table.title}.")]


def bars(table) -> list[str]:
    """One horizontal bar per row: its label cells against the first numeric column, largest rows first
    as the table orders them, at most MOST_BARS of them."""
    numeric = _numeric_columns(table)
    if not table.rows or not numeric:
        return []
    value = numeric[0]
    items = [(" ".join(str(c) for c in row[:value] if c not in (None, "")), _number(row[value]))
             for row in table.rows if _number(row[value]) is not None]
    if not any(n for _, n in items):  # bars of nothing but zeros say no more than the table
        return []
    title = table.title if len(items) <= MOST_BARS else f"{table.title} (the first {MOST_BARS})"
    items = items[:MOST_BARS]
    chart = pygal.HorizontalBar(**_config(title, height=110 + 34 * len(items)), show_legend=False,
                                print_values=True, print_values_position="top", min_scale=1,
                                truncate_label=40)
    # pygal draws the first label at the bottom; reversed, the chart reads top-down like the table.
    chart.x_labels = [label for label, _ in reversed(items)]
    chart.add(table.columns[value], [n for _, n in reversed(items)])
    _count_scale(chart, [n for _, n in items])
    return [_image(chart, f"Bar chart: {title}, {table.columns[value].lower()}.")]


def world_map(table, *, src: str | None = None) -> list[str]:
    """Stories per country on a world map (pygal codes are lowercase ISO 3166 alpha-2); "unknown" and codes
    the map has no shape for are left to the table. The map weighs about 1 MB, so the desk points to it at
    `src` (map_svg serves it, and the browser keeps it) while the report embeds it."""
    counts = _map_counts(table)
    if not counts:
        return []
    shaded = f"{len(counts)} {'country' if len(counts) == 1 else 'countries'} shaded"
    alt = f"World map: stories per country, {shaded}."
    if src:
        return [format_html('<img class="chart" src="{}" width="{}" height="{}" alt="{}">', src, WIDTH, MAP_HEIGHT,
                            alt + BESIDE)]
    return [_image(_map_chart(table, counts), alt)]


def map_svg(table) -> str | None:
    """The world map alone, as the SVG document the desk's map address serves; None with nothing to shade."""
    counts = _map_counts(table)
    return _svg(_map_chart(table, counts)) if counts else None


def _map_counts(table) -> dict[str, float]:
    counts = {str(getattr(row[0], "code", row[0])).lower(): _number(row[1]) for row in table.rows}
    return {code: n for code, n in counts.items() if code in World.area_names and n}


def _map_chart(table, counts):
    chart = World(**_config(f"{table.title}: world map", height=MAP_HEIGHT), show_legend=False)
    chart.add(table.columns[-1], counts)
    return chart


def countries(table, *, map_src: str | None = None) -> list[str]:
    return world_map(table, src=map_src) + bars(table)


def likes_per_post(table) -> list[str]:
    # The last row is the total, which would dwarf every post's bar.
    return bars(dataclasses.replace(table, rows=table.rows[:-1]))


# The tables whose shape is known; any other gets guessed().
KNOWN = {"per-day": lines, "per-week": lines, "themes": lines, "publishing": lines, "countries": countries,
         "engagement": likes_per_post}


def _config(title: str, *, height: int) -> dict:
    # js=[] drops pygal's default tooltip script from a CDN; _no_script removes its inline config script.
    return dict(title=title, style=STYLE, width=WIDTH, height=height, js=[], disable_xml_declaration=True,
                explicit_size=True, pretty_print=False, margin=24, stroke_style={"width": 3})


def _count_scale(chart, values: list) -> None:
    """Whole-number ticks for counts: pygal would mark 0.1 story steps on a scale up to 1."""
    if not values or not all(isinstance(v, int) for v in values):
        return
    top = max(max(values), 1)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000) if top / s <= 8) \
        if top <= 40000 else 10 ** (len(str(top)) - 1)
    chart.y_labels = list(range(0, top + step, step))


def _svg(chart) -> str:
    chart.add_xml_filter(_no_script)
    return chart.render(is_unicode=True)


def _image(chart, alt: str) -> str:
    data = base64.b64encode(_svg(chart).encode("utf-8")).decode("ascii")
    return format_html('<img class="chart" src="data:image/svg+xml;base64,{}" width="{}" height="{}" alt="{}">',
                       data, chart.config.width, chart.config.height, alt + BESIDE)


def _no_script(root):
    """Drop every <script> (pygal's tooltip config, useless in an image) and pygal's comments with links."""
    for parent in root.iter():
        for child in list(parent):
            if child.tag in ("script", f"{SVG_NAMESPACE}script") or not isinstance(child.tag, str):
                parent.remove(child)
    return root


def _numeric_columns(table) -> list[int]:
    """The value columns (never the first, which labels the row) whose every cell is a number or empty."""
    found = []
    for i in range(1, len(table.columns)):
        cells = [row[i] for row in table.rows if len(row) > i]
        if cells and any(_number(c) is not None for c in cells) \
                and all(c in (None, "") or _number(c) is not None for c in cells):
            found.append(i)
    return found


def _number(cell) -> float | int | None:
    if isinstance(cell, bool) or not isinstance(cell, (int, float, Decimal)):
        return None
    return cell if isinstance(cell, int) else float(cell)


def _is_day(cell) -> bool:
    if isinstance(cell, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(cell))
        return True
    except ValueError:
        return False
