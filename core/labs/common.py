"""What every lab shares: settings described once (default, help, range) so the CLI options, the
window's controls and the range checks all come from the same field; seeding; the course's shuffled
train/test split; iris; CSV tables with skipped-row counting; a redraw throttle.

A lab's Settings is a frozen dataclass whose fields are made with `option(...)`:

    @dataclass(frozen=True)
    class Settings:
        lr: float = option(0.1, "learning rate", low=1e-6, high=10.0)
        engine: str = option("torch", "which framework trains", choices=ENGINES)

`check_settings` turns an out-of-range value into one plain sentence (core.fileio.UserError).
"""
from __future__ import annotations

import dataclasses
import math
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from core.data.csv_rows import column_index, read_rows
from core.fileio import UserError

ENGINES = ("torch", "keras")
COURSE_SEED = 116   # the course shuffles iris with np.random.seed(116)


def option(default: Any, help: str, *, low: float | None = None, high: float | None = None,
           choices: Iterable[str] | None = None, label: str | None = None, cli: bool = True,
           gui: bool = True, flag: str | None = None) -> Any:
    """A Settings field: its default, one line of help, and what the CLI and the window need to know.

    low/high bound a number (inclusive); choices lists a text's allowed values; label is the window's
    name for it (default: the field name in words); cli/gui=False keeps it off that face; flag renames
    the CLI option (default: --field-name)."""
    meta = {"help": help, "low": low, "high": high, "choices": tuple(choices) if choices else None,
            "label": label, "cli": cli, "gui": gui, "flag": flag}
    if isinstance(default, (list, dict, set)):
        raise TypeError("a Settings default must be immutable (use a tuple)")
    return field(default=default, metadata=meta)


def setting_fields(settings_type) -> list[dataclasses.Field]:
    return list(dataclasses.fields(settings_type))


def meta(settings_field: dataclasses.Field) -> dict:
    """The option(...) facts of one field (sensible blanks for a plain field)."""
    base = {"help": "", "low": None, "high": None, "choices": None, "label": None, "cli": True,
            "gui": True, "flag": None}
    return {**base, **settings_field.metadata}


def label_of(settings_field: dataclasses.Field) -> str:
    return meta(settings_field)["label"] or settings_field.name.replace("_", " ").capitalize()


def check_value(settings_field: dataclasses.Field, value: Any) -> None:
    """Raise UserError (one sentence naming the setting) when value is outside the field's range."""
    facts, name = meta(settings_field), settings_field.name
    if isinstance(value, tuple):   # a list setting: each item checked like a single value
        if not value and facts["choices"]:   # a pick from choices needs one; data (clicked points) may be empty
            raise UserError(f"{name} needs at least one value.")
        for item in value:
            check_value(settings_field, item)
        return
    if facts["choices"] is not None and isinstance(value, str) and value not in facts["choices"]:
        raise UserError(f"{name} must be one of {', '.join(facts['choices'])} (got '{value}').")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise UserError(f"{name} must be a finite number (got {value}).")
        low, high = facts["low"], facts["high"]
        if (low is not None and value < low) or (high is not None and value > high):
            raise UserError(f"{name} must be between {_number(low)} and {_number(high)} (got {_number(value)}).")


def check_settings(settings) -> None:
    """Every field of a Settings instance within its range, else UserError naming the first bad one."""
    for settings_field in setting_fields(settings):
        check_value(settings_field, getattr(settings, settings_field.name))


def make_settings(settings_type, values: dict[str, Any]):
    """A checked Settings from a dict of field values (unknown keys are a programming error)."""
    settings = settings_type(**values)
    check_settings(settings)
    return settings


def _number(value: float | None) -> str:
    return "any" if value is None else f"{value:g}"


def seed_everything(seed: int, engine: str | None = None) -> None:
    """Seed Python, numpy and the engine in use (imported here, lazily)."""
    random.seed(seed)
    np.random.seed(seed)
    if engine == "torch":
        import torch
        torch.manual_seed(seed)
    elif engine == "keras":
        import tensorflow as tf
        tf.random.set_seed(seed)


def course_split(x: np.ndarray, y: np.ndarray, seed: int = COURSE_SEED, test_size: int = 30):
    """The course's split: shuffle x and y with the same seed (np.random.seed then shuffle, twice, as
    the course writes it), then the last `test_size` rows are the test set.
    Returns x_train, y_train, x_test, y_test (copies; the inputs are left alone)."""
    x, y = np.array(x, copy=True), np.array(y, copy=True)
    np.random.seed(seed)
    np.random.shuffle(x)
    np.random.seed(seed)
    np.random.shuffle(y)
    return x[:-test_size], y[:-test_size], x[-test_size:], y[-test_size:]


def truncated_normal(shape: tuple[int, ...], stddev: float, seed: int) -> np.ndarray:
    """Like tf.random.truncated_normal: normal values redrawn until within two standard deviations.
    Both engines start from these same numbers, so their runs can be compared step for step."""
    rng = np.random.default_rng(seed)
    values = rng.normal(0.0, stddev, size=shape)
    outside = np.abs(values) > 2 * stddev
    while outside.any():
        values[outside] = rng.normal(0.0, stddev, size=int(outside.sum()))
        outside = np.abs(values) > 2 * stddev
    return values.astype(np.float32)


@dataclass(frozen=True)
class Iris:
    x: np.ndarray               # 150 × 4 float32
    y: np.ndarray               # 150 int64 class indices
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]


def load_iris() -> Iris:
    """Iris as scikit-learn ships it (no download)."""
    from sklearn import datasets

    data = datasets.load_iris()
    names = tuple(name.replace(" (cm)", "") for name in data.feature_names)
    return Iris(data.data.astype(np.float32), data.target.astype(np.int64), names, tuple(data.target_names))


@dataclass(frozen=True)
class Table:
    columns: dict[str, np.ndarray]   # numeric columns as float64, text columns as str arrays
    skipped_rows: int                # rows with a missing or non-numeric cell
    rows: int                        # usable rows


def read_table(path: str | Path, numeric: Iterable[str], text: Iterable[str] = ()) -> Table:
    """Read the named columns of a CSV with a header row. Names match exactly, else ignoring case.
    Rows with an empty cell, or a non-numeric one in a numeric column, are skipped and counted.
    A missing file, a missing column or no usable row raises UserError naming it."""
    path = Path(path)
    numeric, text = list(numeric), list(text)
    header, lines = read_rows(path)
    index = {name: column_index(header, name, path) for name in numeric + text}
    kept, skipped = {name: [] for name in index}, 0
    for line in lines:
        values = _row_values(line, index, numeric)
        if values is None:
            skipped += 1
            continue
        for name, value in values.items():
            kept[name].append(value)
    rows = len(next(iter(kept.values()), []))
    if rows == 0:
        raise UserError(f"{path.name} has no usable rows ({skipped} skipped for missing or non-numeric cells).")
    columns = {name: np.array(values, dtype=np.float64 if name in numeric else str) for name, values in kept.items()}
    return Table(columns, skipped, rows)


def _row_values(row: list[str], index: dict[str, int], numeric: list[str]) -> dict[str, Any] | None:
    values = {}
    for name, column in index.items():
        cell = row[column].strip() if column < len(row) else ""
        if not cell:
            return None
        if name in numeric:
            try:
                number = float(cell)
            except ValueError:
                return None
            if not math.isfinite(number):
                return None
            values[name] = number
        else:
            values[name] = cell
    return values


@dataclass(frozen=True)
class LabelledTable:
    features: np.ndarray             # usable rows × numeric columns, float64
    feature_names: tuple[str, ...]
    labels: np.ndarray               # the label column's cells as text (str array), one per usable row
    skipped_rows: int                # rows with a missing cell, or a non-numeric one in a feature column


def read_labelled_table(path: str | Path, label: str) -> LabelledTable:
    """A CSV's label column, picked by name (text or numbers), and every other numeric column as the
    features. A column counts as numeric when most of its filled cells are numbers; rows with an empty
    cell, or a non-numeric one in a feature column, are skipped and counted. A missing label column, no
    numeric feature or no usable row raises UserError naming it."""
    path = Path(path)
    header, rows = read_rows(path)
    label_column = column_index(header, label, path)
    names = [cell.strip() for cell in header]
    feature_columns = [i for i in range(len(names)) if i != label_column and _mostly_numeric(rows, i)]
    if not feature_columns:
        raise UserError(f"{path.name} has no numeric column besides '{names[label_column]}' to learn from.")
    index = {str(i): i for i in feature_columns + [label_column]}
    numeric = [str(i) for i in feature_columns]
    kept, skipped = [], 0
    for row in rows:
        values = _row_values(row, index, numeric)
        if values is None:
            skipped += 1
        else:
            kept.append(values)
    if not kept:
        raise UserError(f"{path.name} has no usable rows ({skipped} skipped for missing or non-numeric cells).")
    features = np.array([[values[key] for key in numeric] for values in kept], dtype=np.float64)
    labels = np.array([values[str(label_column)] for values in kept], dtype=str)
    return LabelledTable(features, tuple(names[i] for i in feature_columns), labels, skipped)


def _mostly_numeric(rows: list[list[str]], column: int) -> bool:
    filled = [row[column].strip() for row in rows if column < len(row) and row[column].strip()]
    return bool(filled) and 2 * sum(_is_number(cell) for cell in filled) > len(filled)


def _is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


class Every:
    """True at most once per `seconds` (the first call included): lets a lab send its heavier snapshots
    at the rate a plot needs rather than at every step."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._last = -math.inf

    def __call__(self, force: bool = False) -> bool:
        now = time.perf_counter()
        if force or now - self._last >= self.seconds:
            self._last = now
            return True
        return False


@contextmanager
def one_torch_thread(engine: str) -> Iterator[None]:
    """Run a tiny network's loop on one torch thread, then give the old count back. Measured on the
    2-core machine while other jobs ran: the dots lab's step took 8-12 ms on 2 threads, 0.5 ms on one
    (OpenMP threads wait on each other for work far too small to share)."""
    if engine != "torch":
        yield
        return
    import torch
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)
