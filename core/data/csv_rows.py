"""A CSV's header and rows, and its columns found by name: the one reader under the labs' tables
(core/labs/common.py) and the stock lab's price series (core/data/time_series.py).

A file that cannot be read, one without a header row, or a column that is not there raises
core.fileio.UserError with one sentence naming the file (and the columns it does have).
"""
from __future__ import annotations

import csv
from pathlib import Path

from core.fileio import UserError


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the non-blank rows of a CSV (a UTF-8 byte-order mark is ignored)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            rows = [row for row in reader if any(cell.strip() for cell in row)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UserError(f"Cannot read {path.name}: {getattr(error, 'strerror', None) or error}.") from None
    if not header or not any(cell.strip() for cell in header):
        raise UserError(f"{path.name} is empty: a CSV with a header row is needed.")
    return header, rows


def column_index(header: list[str], name: str, path: Path) -> int:
    """Where the column `name` is: an exact match first, else one ignoring case and surrounding spaces."""
    cleaned = [cell.strip() for cell in header]
    wanted = name.strip()
    if wanted in cleaned:
        return cleaned.index(wanted)
    lowered = [cell.lower() for cell in cleaned]
    if wanted.lower() in lowered:
        return lowered.index(wanted.lower())
    shown = ", ".join(cell or "(unnamed)" for cell in cleaned)
    raise UserError(f"{path.name} has no column '{name}' (its columns: {shown}).")
