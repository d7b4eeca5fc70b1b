"""One block of the dashboard and the report."""
from __future__ import annotations

from dataclasses import dataclass


class Named(str):
    """A cell that reads as a name (Egypt, Arabic, e-mail) and keeps the code it names (EG, ar, email): the
    page's title, the world map and the CSV's code column take the code."""

    code: str

    def __new__(cls, name: str, code: str) -> Named:
        cell = super().__new__(cls, name)
        cell.code = code
        return cell


@dataclass(frozen=True)
class Table:
    """A block's columns and rows, which the HTML table, the chart and the CSV share; `note` is a line for
    staff above it (e.g. why the last Instagram poll stopped)."""

    slug: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple]
    note: str = ""


# Counts over time read best as a row per period and a column per channel or theme (a year of days is 365
# rows, not 1,800); their CSVs keep one row per period and series, the shape analysis tools expect.
OVER_TIME = {"per-day", "per-week", "themes"}


def for_reading(table: Table) -> Table:
    """The table as the dashboard and the report show it."""
    return wide(table) if table.slug in OVER_TIME else table


def wide(table: Table) -> Table:
    """A (period, series, count) table as one row per period and one column per series, zeros filled in:
    the same numbers in 53 rows instead of several hundred."""
    series = sorted({row[1] for row in table.rows}, key=str.casefold)
    periods: dict[str, dict[str, int]] = {}
    for period, name, n in table.rows:
        periods.setdefault(period, {})[name] = n
    return Table(table.slug, table.title, (table.columns[0], *series),
                 [(period, *(counts.get(name, 0) for name in series)) for period, counts in sorted(periods.items())],
                 table.note)


def shortened(table: Table, most: int) -> Table:
    """At most `most` rows: the first ones and the last (a total, where a table has one), with a note."""
    if len(table.rows) <= most:
        return table
    left_out = len(table.rows) - most
    note = " ".join(filter(None, (table.note, f"{left_out} rows before the last are left out here; the "
                                              "dashboard's CSV of this table has every row.")))
    return Table(table.slug, table.title, table.columns, table.rows[:most - 1] + table.rows[-1:], note)


def for_csv(table: Table) -> Table:
    """The table as its CSV holds it: each column of names followed by their codes ("Country", "Country code"),
    so a spreadsheet reads the names and a script joins on the codes."""
    coded = [i for i, _ in enumerate(table.columns) if any(isinstance(row[i], Named) for row in table.rows
                                                               if len(row) > i)]
    if not coded:
        return table
    columns = [c for i, name in enumerate(table.columns) for c in ((name, f"{name} code") if i in coded else (name,))]
    rows = [tuple(c for i, cell in enumerate(row)
                  for c in ((cell, getattr(cell, "code", "")) if i in coded else (cell,))) for row in table.rows]
    return Table(table.slug, table.title, tuple(columns), rows, table.note)
