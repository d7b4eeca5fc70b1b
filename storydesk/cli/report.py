"""`storydesk report`: the campaign's year in review as one self-contained HTML page (charts and photos
inline, no links out) and the same page as a PDF."""
import datetime as dt
import sys
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from storydesk.actions.campaign import current_campaign
from storydesk.insights import charts, coverage, queries, rollup
from storydesk.insights.headlines import headlines
from storydesk.insights.pdf import DEBIAN_PACKAGES, PdfUnavailable, write_pdf
from storydesk.insights.selection import selected_stories
from storydesk.insights.table import for_reading, shortened

# On paper a year of days, or a row per post, runs to dozens of pages: the report shows weeks, and long
# tables in part; the dashboard and its CSVs keep every row.
LEFT_OUT = {"per-day"}
MOST_ROWS = 60  # a year of weeks (53) fits whole

HELP = "write the campaign's year in review for a date range as DIR/index.html and DIR/report.pdf"


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="start", type=dt.date.fromisoformat,
                        help="first day, YYYY-MM-DD (default: the campaign's start)")
    parser.add_argument("--to", dest="end", type=dt.date.fromisoformat,
                        help="last day, YYYY-MM-DD (default: the campaign's end)")
    parser.add_argument("--out", required=True, help="folder to write index.html and report.pdf into (made if missing)")


def handle(args) -> int:
    campaign = current_campaign()
    spec = campaign.spec
    filters = queries.Filters(args.start or spec.start, args.end or spec.end)
    if filters.start > filters.end:
        print("--from is after --to", file=sys.stderr)
        return 2
    waiting = rollup.days_waiting(campaign)
    if waiting:
        print(f"Recounting {waiting} changed day{'s' if waiting != 1 else ''} of the insights first.", file=sys.stderr)
    rollup.refresh(campaign)  # a report waits for every changed day to be recounted
    tables = queries.all_tables(campaign, filters)
    left_out = coverage.left_out(campaign, filters)
    if left_out:
        print(f"{left_out} Choose other days with --from and --to.", file=sys.stderr)
    html = render_to_string("storydesk/insights/report.html", {
        "spec": spec, "filters": filters, "headlines": headlines(tables), "left_out": left_out,
        "blocks": [(shortened(for_reading(table), MOST_ROWS), charts.for_table(table))
                   for table in tables if table.slug not in LEFT_OUT],
        "stories": selected_stories(campaign, filters), "intro": spec.report.get("intro", ""),
        "closing": spec.report.get("closing", ""), "made_at": timezone.now()})
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(html, encoding="utf-8")
    print(f"Wrote {out / 'index.html'}", file=sys.stderr)
    try:
        write_pdf(html, out / "report.pdf")
    except PdfUnavailable:
        print(f"Skipped the PDF: WeasyPrint cannot load its libraries here; install the Debian packages "
              f"{' '.join(DEBIAN_PACKAGES)} (and `pip install weasyprint`), then run this again.", file=sys.stderr)
        return 1
    print(f"Wrote {out / 'report.pdf'}", file=sys.stderr)
    return 0
