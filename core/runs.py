"""Run folders: the one owner of their format, and of finding them again.

Every training run keeps a folder in the user's runs folder, named `<timestamp>-<model>-<engine>` so
that names sort oldest to newest:

    config.json    the run's TrainConfig (what `--resume` and the Train tab's "Continue run" read back)
    log.csv        one row per finished epoch (LOG_COLUMNS)
    status.json    {"state": "running" | "stopped" | "failed" | "finished", "updated": time, ...}
    checkpoints/   the engine's last and best weights (the engines write them)

core.training writes them while a run goes; the Train tab and the CLI list and read them from here.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path

from core import paths
from core.config import TrainConfig
from core.fileio import write_json_atomic, write_text_atomic

CONFIG_FILE = "config.json"
LOG_FILE = "log.csv"
STATUS_FILE = "status.json"
CHECKPOINTS = "checkpoints"
LOG_COLUMNS = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds", "images_per_second")


# ---- one run folder -------------------------------------------------------------------------------

def new_run_dir(config: TrainConfig) -> Path:
    """A new, empty folder for a run of the configuration's model and engine."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = paths.runs_dir() / f"{stamp}-{config.model}-{config.engine}"
    number = 2
    while folder.exists():
        folder = paths.runs_dir() / f"{stamp}-{config.model}-{config.engine}-{number}"
        number += 1
    folder.mkdir(parents=True)
    return folder


def checkpoints_dir(run_dir: Path) -> Path:
    return Path(run_dir) / CHECKPOINTS


def has_checkpoint(run_dir: Path) -> bool:
    """True when the run wrote at least one checkpoint (it can be continued)."""
    folder = checkpoints_dir(run_dir)
    return folder.is_dir() and any(folder.iterdir())


def write_config(run_dir: Path, config: TrainConfig) -> None:
    write_json_atomic(Path(run_dir) / CONFIG_FILE, config.to_dict())


def read_run_config(run_dir: Path) -> TrainConfig | None:
    """The run's configuration, or None when config.json is missing or damaged."""
    data = _read_json(Path(run_dir) / CONFIG_FILE)
    if data is None:
        return None
    try:
        return TrainConfig.from_dict(data)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def write_status(run_dir: Path, state: str, **details) -> None:
    write_json_atomic(Path(run_dir) / STATUS_FILE, {"state": state, "updated": time.time(), **details})


def read_status(run_dir: Path) -> dict | None:
    return _read_json(Path(run_dir) / STATUS_FILE)


def write_log(run_dir: Path, rows: list[dict]) -> None:
    """The whole log at once (atomically): a crash never leaves half a row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=LOG_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(Path(run_dir) / LOG_FILE, buffer.getvalue())


def read_log(run_dir: Path) -> list[dict]:
    """The per-epoch rows of a run, as floats (for overlays and resume)."""
    log_path = Path(run_dir) / LOG_FILE
    if not log_path.is_file():
        return []
    with open(log_path, newline="", encoding="utf-8") as handle:
        return [{key: _to_number(value) for key, value in row.items()} for row in csv.DictReader(handle)]


# ---- all runs ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RunSummary:
    """What lists of runs show: one folder's configuration, state and log."""
    path: Path
    config: TrainConfig | None
    state: str | None
    rows: list[dict]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def epochs_done(self) -> int:
        return int(self.rows[-1]["epoch"]) if self.rows else 0

    @property
    def best_val_accuracy(self) -> float | None:
        """The best validation accuracy in the log; None without one, or when one is not finite."""
        values = [row.get("val_accuracy") for row in self.rows if isinstance(row.get("val_accuracy"), float)]
        return max(values) if values and all(math.isfinite(v) for v in values) else None


def list_runs() -> list[Path]:
    """Every run folder, newest first."""
    return sorted((folder for folder in paths.runs_dir().iterdir() if folder.is_dir()), reverse=True)


def summarize(run_dir: Path) -> RunSummary:
    run_dir = Path(run_dir)
    return RunSummary(path=run_dir, config=read_run_config(run_dir),
                      state=(read_status(run_dir) or {}).get("state"), rows=read_log(run_dir))


def resumable_runs() -> list[RunSummary]:
    """Runs that can be continued (a checkpoint and a readable configuration), newest first."""
    runs = [summarize(folder) for folder in list_runs() if has_checkpoint(folder)]
    return [run for run in runs if run.config is not None]


def logged_runs(exclude: Path | str | None = None) -> list[RunSummary]:
    """Runs with at least one finished epoch (for comparing curves), newest first."""
    skip = str(exclude) if exclude is not None else None
    runs = [summarize(folder) for folder in list_runs() if str(folder) != skip]
    return [run for run in runs if run.rows]


def last_unfinished_run(model: str | None = None, engine: str | None = None) -> Path | None:
    """The newest run that stopped or failed before finishing (what `train --resume` continues)."""
    for folder in list_runs():
        status = read_status(folder)
        config = _read_json(folder / CONFIG_FILE)
        if not status or not config or status.get("state") == "finished":
            continue
        if (model is None or config.get("model") == model) and (engine is None or config.get("engine") == engine):
            return folder
    return None


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _to_number(value: str):
    try:
        return float(value)
    except (TypeError, ValueError):
        return value
