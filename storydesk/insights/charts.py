"""Charts as inline SVG drawn on the server: no script, no library, no CDN, and the page works without
JavaScript. Each chart is drawn from the rows of the table shown beside it, so the two cannot disagree."""
from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, ROW, LABEL = 560, 22, 150
HEIGHT, PAD = 220, 36
# Colour-blind-safe (Okabe–Ito), in order; series beyond these repeat the cycle.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def for_table(table) -> SafeString:
    """The chart for one of the dashboard's tables (queries.Table), drawn from exactly its rows."""
    if table.slug in ("per-day", "per-week", "themes"):
        return lines(table.title, [(period, series, n) for period, series, n in table.rows])
    if table.slug == "publishing":
        return lines(table.title, [point for week, target, planned, done in table.rows
                                   for point in ((week, f"{target} planned", planned),
                                                 (week, f"{target} published", done))])
    if table.slug == "engagement":  # likes per post; the last row is the total, which would dwarf them
        return bars(f"{table.title}: likes", [(row[0], row[1] or 0) for row in table.rows[:-1]])
    if table.slug == "moderation":
        return bars(f"{table.title}: median", [(row[0], row[2]) for row in table.rows if row[1]])
    return bars(table.title, [(row[0], row[1]) for row in table.rows])


def bars(title: str, items: list[tuple[str, float]]) -> SafeString:
    """One horizontal bar per (label, value)."""
    top = max((value for _, value in items), default=0) or 1
    height = ROW * len(items) + 8
    parts = [_open(title, WIDTH, height)]
    for i, (label, value) in enumerate(items):
        y = 4 + i * ROW
        length = (WIDTH - LABEL - 60) * value / top
        parts.append(f'<text x="{LABEL - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{LABEL}" y="{y + 3}" width="{length:.1f}" height="{ROW - 6}" fill="{COLOURS[0]}"/>'
                     f'<text x="{LABEL + length + 4:.1f}" y="{y + 15}">{escape(_number(value))}</text>')
    return mark_safe("".join(parts) + "</svg>")


def lines(title: str, points: list[tuple[str, str, float]]) -> SafeString:
    """One line per series through (x label, series, value) points; x labels sort as they are (ISO dates)."""
    xs = sorted({x for x, _, _ in points})
    series = sorted({s for _, s, _ in points})
    top = max((v for _, _, v in points), default=0) or 1
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = inner_w / max(len(xs) - 1, 1)
    parts = [_open(title, WIDTH, HEIGHT + 20 * ((len(series) + 3) // 4)),
             f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#555"/>',
             f'<text x="{PAD - 4}" y="{PAD + 4}" text-anchor="end">{escape(_number(top))}</text>',
             f'<text x="{PAD - 4}" y="{HEIGHT - PAD + 4}" text-anchor="end">0</text>']
    if xs:
        parts.append(f'<text x="{PAD}" y="{HEIGHT - PAD + 16}">{escape(xs[0])}</text>')
        if len(xs) > 1:
            parts.append(f'<text x="{WIDTH - PAD}" y="{HEIGHT - PAD + 16}" text-anchor="end">{escape(xs[-1])}</text>')
    values = {(x, s): v for x, s, v in points}
    for n, name in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        # A period with no stories on a channel is a zero, not a gap.
        coords = [(PAD + i * step, HEIGHT - PAD - inner_h * values.get((x, name), 0) / top) for i, x in enumerate(xs)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in coords]
        lx, ly = PAD + (n % 4) * 125, HEIGHT + 20 * (n // 4)
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{lx + 16}" y="{ly}">{escape(name)}</text>')
    return mark_safe("".join(parts) + "</svg>")


def _open(title: str, width: int, height: int) -> str:
    # The table beside the chart is what screen readers read; the chart itself is labelled and then skipped.
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
            f'font-size="12" font-family="sans-serif">')


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
