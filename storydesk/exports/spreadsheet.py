"""CSV that a spreadsheet opens safely: every CSV file storydesk writes goes through these writers.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (or a tab or carriage return before
one) as a formula, so a stranger's answer "=HYPERLINK(...)" would act on the machine of whoever opens the
export. Such text cells get a leading apostrophe, as OWASP advises: shown as text, never run."""
from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """The value, or the text with an apostrophe before it when a spreadsheet would take it for a formula.
    Numbers stay numbers (a negative count is not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Writer:
    """csv.writer, with every cell neutralised; writerow returns what the file's write returned."""

    def __init__(self, out):
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([neutralised(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter:
    """csv.DictWriter, with every cell neutralised."""

    def __init__(self, out, fieldnames: Iterable[str]):
        self._writer = csv.DictWriter(out, fieldnames=list(fieldnames))

    def writeheader(self):
        return self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]):
        return self._writer.writerow({key: neutralised(value) for key, value in row.items()})
