"""The report's headline numbers, read off the dashboard's own tables so the two can never disagree."""
from __future__ import annotations

from dataclasses import dataclass

from storydesk.insights.table import Table


@dataclass(frozen=True)
class Headline:
    label: str
    value: int


def headlines(tables: list[Table]) -> list[Headline]:
    """Stories received, approved and published (the funnel's stages), the countries they came from, and
    how many hold a consent to publish now. A number whose table is missing is left out, not guessed."""
    by_slug = {table.slug: table for table in tables}
    found: list[Headline] = []
    funnel = _counts(by_slug.get("funnel"))
    for stage, label in (("Received", "Stories received"), ("Approved", "Approved"), ("Published", "Published")):
        if stage in funnel:
            found.append(Headline(label, funnel[stage]))
    if "countries" in by_slug:
        known = [row for row in by_slug["countries"].rows if row and row[0] not in ("", "unknown")]
        found.append(Headline("Countries", len(known)))
    consent = _counts(by_slug.get("consent"))
    if "Neither" in consent and "Received" in funnel:
        # The consent table counts the same stories as the funnel's first stage.
        found.append(Headline("With consent to publish", funnel["Received"] - consent["Neither"]))
    return found


def _counts(table: Table | None) -> dict[str, int]:
    """A two-or-more-column table's first two cells as label → count (its other columns are shares)."""
    if table is None:
        return {}
    return {str(row[0]): row[1] for row in table.rows if len(row) > 1 and isinstance(row[1], int)}
