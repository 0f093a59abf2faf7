"""A daily series from a CSV: a date column and a value column picked by name (case-insensitive), the
rows sorted by date, rows with a missing or unparsable date or value skipped and counted.

Used by the stock lab (core/labs/stock.py) for the course's Maotai prices and any CSV a user opens.
A file that cannot be read, a column that is not there or holds no numbers, or no usable row raises
core.fileio.UserError with one sentence naming the file and the column.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np

from core.data.csv_rows import column_index, read_rows
from core.fileio import UserError

# Date forms seen in price exports; a time of day after the date is ignored.
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d.%m.%Y", "%m/%d/%Y")


@dataclass(frozen=True)
class Series:
    dates: np.ndarray        # datetime64[D], ascending, no repeats
    values: np.ndarray       # float64, one per date
    skipped_rows: int        # rows left out: an empty, unparsable or non-numeric date or value, a repeated date
    value_column: str        # the column's name as the file spells it


def parse_date(text: str) -> date | None:
    """A date from one of DATE_FORMATS (None when it is none of them)."""
    text = text.strip().split("T")[0].split(" ")[0]
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def parse_number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_series(path: str | Path, date_column: str = "date", value_column: str = "close") -> Series:
    path = Path(path)
    header, rows = read_rows(path)
    date_index, value_index = (column_index(header, name, path) for name in (date_column, value_column))
    by_date: dict[date, float] = {}
    skipped = numbers = 0
    for row in rows:
        day = parse_date(row[date_index]) if date_index < len(row) else None
        value = parse_number(row[value_index]) if value_index < len(row) else None
        numbers += value is not None
        if day is None or value is None or day in by_date:
            skipped += 1
            continue
        by_date[day] = value
    name = header[value_index].strip()
    if rows and numbers == 0:
        raise UserError(f"The column '{name}' of {path.name} holds no numbers: choose a price column.")
    if not by_date:
        raise UserError(f"{path.name} has no usable rows ({skipped} skipped: no readable date in "
                        f"'{header[date_index].strip()}' or no number in '{name}').")
    days = sorted(by_date)
    return Series(np.array(days, dtype="datetime64[D]"), np.array([by_date[d] for d in days]), skipped, name)
