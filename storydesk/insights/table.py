"""One block of the dashboard and the report."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A block's columns and rows, which the HTML table, the chart and the CSV share; `note` is a line for
    staff above it (e.g. why the last Instagram poll stopped)."""

    slug: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple]
    note: str = ""
