"""`storydesk report`: the campaign's numbers as one self-contained HTML page (charts inline, no links out)."""
import datetime as dt
import sys
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

HELP = "write the campaign's numbers for a date range as HTML (DIR/index.html)"


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="start", type=dt.date.fromisoformat,
                        help="first day, YYYY-MM-DD (default: the campaign's start)")
    parser.add_argument("--to", dest="end", type=dt.date.fromisoformat,
                        help="last day, YYYY-MM-DD (default: the campaign's end)")
    parser.add_argument("--out", required=True, help="folder to write index.html into (made if missing)")


def handle(args) -> int:
    from storydesk.campaigns.current import current_campaign
    from storydesk.insights import charts, queries, rollup

    campaign = current_campaign()
    filters = queries.Filters(args.start or campaign.spec.start, args.end or campaign.spec.end)
    if filters.start > filters.end:
        print("--from is after --to", file=sys.stderr)
        return 2
    rollup.refresh(campaign)  # a report waits for every changed day to be recounted
    blocks = [(table, charts.for_table(table)) for table in queries.all_tables(campaign, filters)]
    html = render_to_string("storydesk/insights/report.html", {
        "spec": campaign.spec, "filters": filters, "blocks": blocks, "made_at": timezone.now()})
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(html, encoding="utf-8")
    print(f"Wrote {out / 'index.html'}", file=sys.stderr)
    return 0
