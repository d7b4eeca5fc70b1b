"""Pages of an ordered list without OFFSET and without counting it: each page starts after (or ends before) a
row, found through the index of its order, so page 2,000 costs what page 1 does at a million rows, and no
COUNT(*) of the whole list runs for a page number nobody reads. Links carry ?after=ID or ?before=ID."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    next_after: int | None  # the link to the next page: after this row
    previous_before: int | None  # the link to the page before: before this row
    first: bool  # no ?after= or ?before= was followed

    def __iter__(self):
        return iter(self.rows)

    @property
    def whole(self) -> bool:
        """Whether this page is all there is: the first, with no next."""
        return self.first and self.next_after is None


def keyset_page(rows: QuerySet, order: tuple[str, ...], size: int, query) -> KeysetPage:
    """The page the query's after= or before= asks for (an unknown or bad one: the first page). `order` ends
    in the primary key, so it is total."""
    anchor, forward = _anchor(rows, order, query)
    if anchor is None:
        got = _fetch(rows.order_by(*order)[:size + 1])
        return KeysetPage(got[:size], got[size - 1].pk if len(got) > size else None, None, True)
    if forward:
        got = rows_beyond(rows, order, anchor, forward=True, limit=size + 1)
        shown = got[:size]
        return KeysetPage(shown, shown[-1].pk if len(got) > size else None, shown[0].pk if shown else None, False)
    got = rows_beyond(rows, order, anchor, forward=False, limit=size + 1)
    if not got:
        return keyset_page(rows, order, size, {})
    shown = got[:size][::-1]
    return KeysetPage(shown, shown[-1].pk, shown[0].pk if len(got) > size else None, False)


def rows_beyond(rows: QuerySet, order: tuple[str, ...], anchor, *, forward: bool, limit: int) -> list:
    """Up to `limit` rows after (or before) the anchor, in that direction's order, tier by tier: first those
    equal to it on every column but the last and beyond it on that one, then equal on all but the last two
    and beyond on the next, … Each tier is equalities and one range, which an index on the order answers
    directly; the single OR of them all made PostgreSQL scan from the start of the order (60 ms for a
    neighbour in the middle of the default queue at a million stories)."""
    ordered = order if forward else reverse(order)
    got: list = []
    with _without_parallel():
        for depth in range(len(order) - 1, -1, -1):
            equal = {_field(name): _value(anchor, name) for name in order[:depth]}
            name = order[depth]
            lookup = "gt" if (not name.startswith("-")) == forward else "lt"
            tier = rows.filter(**equal, **{f"{_field(name)}__{lookup}": _value(anchor, name)})
            got += list(tier.order_by(*ordered)[:limit - len(got)])
            if len(got) >= limit:
                break
    return got


def _field(name: str) -> str:
    return name.lstrip("-")


def _value(row, name: str):
    field = _field(name)
    return getattr(row, "pk" if field == "id" else field)


def _fetch(rows: QuerySet) -> list:
    with _without_parallel():
        return list(rows)


@contextmanager
def _without_parallel():
    """A page's rows, on PostgreSQL without parallel workers: it picks them when it misjudges how few
    stories an EXISTS filter keeps (410 estimated for 7,500 flagged by a step), and for a page of 26 rows
    starting them cost more than they save (27 ms against 8 at a million stories, bench desk's step filter)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL outlives a released savepoint (to the end of the surrounding transaction): put it back. On
        # an error the savepoint's rollback does.
        before = set_local(cursor, "max_parallel_workers_per_gather", "0")
        yield
        set_local(cursor, "max_parallel_workers_per_gather", before)


def set_local(cursor, name: str, value: str) -> str:
    """SET LOCAL name = value, in one query with reading what it was (to put back with set_local)."""
    cursor.execute(f"SELECT b.before, set_config('{name}', %s, true) FROM "
                   f"(SELECT current_setting('{name}') AS before OFFSET 0) b", [value])  # OFFSET 0: read first
    return cursor.fetchone()[0]


def _anchor(rows: QuerySet, order: tuple[str, ...], query):
    for name, forward in (("after", True), ("before", False)):
        value = (query.get(name) or "").strip()
        if value.isdigit() and len(value) < 19:
            fields = [f.lstrip("-") for f in order]
            found = rows.model._base_manager.filter(pk=int(value)).only(*(f for f in fields if f != "id")).first()
            return found, forward
    return None, True


def reverse(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f[1:] if f.startswith("-") else f"-{f}" for f in order)
