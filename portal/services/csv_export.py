"""CSV output that is safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Row, Select
from sqlalchemy.orm import Session

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_cell(value: Any) -> Any:
    """Neutralize a text cell that a spreadsheet would run as a formula, by quoting it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_csv_row(values: list[Any]) -> list[Any]:
    return [safe_csv_cell(value) for value in values]


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The header and rows as CSV text, one line at a time (for streaming responses), with
    every cell neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in chain([header], rows):
        writer.writerow(safe_csv_row(list(values)))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def stream_rows(session: Session, stmt: Select, chunk: int = 1000) -> Iterator[Row]:
    """The rows of a query, a chunk at a time, on a connection of their own: a streamed
    download keeps reading after the request's session is gone, and holds no ORM objects."""
    with session.get_bind().connect() as connection:
        yield from connection.execution_options(yield_per=chunk).execute(stmt)
