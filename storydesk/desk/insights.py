"""/desk/insights/: the campaign's numbers for managers, each table with its chart and its CSV."""
from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from storydesk.actions.campaign import current_campaign
from storydesk.desk.access import staff_required
from storydesk.exports.spreadsheet import Writer
from storydesk.insights import charts, coverage, queries, rollup
from storydesk.insights.queries import Filters
from storydesk.insights.table import for_csv, for_reading

DEFAULT_DAYS = 90


def _filters(query, campaign) -> Filters:
    today = timezone.now().date()
    end = _date(query.get("to")) or today
    start = _date(query.get("from")) or end - dt.timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        start, end = end, start
    channel = (query.get("channel") or "").strip()
    return Filters(start, end, channel if channel in queries.channels(campaign) else "")


def _refreshed(request, campaign) -> tuple[Filters, int]:
    """The filters asked for, after recounting what changed: the whole campaign's days when few wait (so a
    channel that just appeared is offered), else those in the range when few of them wait. Also returns how
    many changed days in the range still wait for the worker (0: every figure of the range is exact)."""
    rollup.refresh_for_reading(campaign)
    filters = _filters(request.GET, campaign)
    return filters, rollup.refresh_for_reading(campaign, filters)


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@staff_required("view_insights")
@require_GET
def dashboard(request):
    campaign = current_campaign()
    filters, behind = _refreshed(request, campaign)
    query = request.GET.urlencode()
    map_src = reverse("desk:insights-map") + (f"?{query}" if query else "")
    blocks = [(for_reading(table), charts.for_table(table, map_src=map_src))
              for table in queries.all_tables(campaign, filters)]
    return render(request, "storydesk/desk/insights.html", {
        "blocks": blocks, "filters": filters, "channels": queries.channels(campaign), "query": query,
        "days_behind": behind})


@staff_required("view_insights")
@require_GET
def countries_map(request):
    """The countries' world map (about 1 MB of SVG) at its own address, so the browser keeps it between
    visits instead of the page carrying it every time."""
    campaign = current_campaign()
    filters, _ = _refreshed(request, campaign)  # an image on the page, which says when figures are behind
    svg = charts.map_svg(queries.TABLES["countries"](campaign, filters))
    if svg is None:
        raise Http404("no countries to shade")
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    # An image, never a document: pygal's scripts are stripped, and this forbids any that might remain.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required("view_insights")
@require_GET
def table_csv(request, table: str):
    if table not in queries.TABLES:
        raise Http404("no such table")
    campaign = current_campaign()
    filters, behind = _refreshed(request, campaign)
    if behind and table not in queries.DIRECT:
        # A file travels without the page's notice: no figures rather than figures silently behind.
        return HttpResponse(f"{coverage.behind(filters, behind)} The worker recounts them within a few minutes: "
                            "download this file again then.\n", status=503, content_type="text/plain; charset=utf-8",
                            headers={"Retry-After": "60"})
    found = queries.TABLES[table](campaign, filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="storydesk-{table}-{filters.start}-{filters.end}'
                                       f'{"-" + filters.channel if filters.channel else ""}.csv"')
    found = for_csv(found)
    writer = Writer(response)
    writer.writerow(found.columns)
    writer.writerows(found.rows)
    return response
