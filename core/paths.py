"""Where Inkling's files live: the shipped resources and the per-user folders platforms expect.

Shipped files are package data of the `resources` package, found through its location, so an
installed wheel works from any directory. Per-user files follow platformdirs: models and runs in the
user data folder, downloaded datasets and the dataset cache in the user cache folder, logs in the
user log folder. INKLING_HOME (tests, benchmarks) moves all of them under one folder:
HOME/ (models, runs, settings), HOME/cache/ and HOME/logs/.
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

import resources

APP_NAME = "Inkling"
# The source checkout (tests and benchmarks that start `main.py`); an installed copy never needs it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = Path(resources.__file__).resolve().parent
SHIPPED_MODELS = RESOURCES / "models"
MNIST_SAMPLE = RESOURCES / "mnist_sample.npz"

_HOME_VARIABLE = "INKLING_HOME"


def _home() -> Path | None:
    override = os.environ.get(_HOME_VARIABLE)
    return Path(override) if override else None


def _made(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_data_dir() -> Path:
    """Models, runs and (with INKLING_HOME) the window's settings."""
    home = _home()
    return _made(home if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def user_cache_dir() -> Path:
    """Files Inkling can fetch or compute again: downloaded datasets, decoded dataset caches."""
    home = _home()
    return _made(home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)))


def logs_dir() -> Path:
    home = _home()
    return _made(home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)))


def user_models_dir() -> Path:
    return _made(user_data_dir() / "models")


def runs_dir() -> Path:
    """Training runs: settings, per-epoch logs and checkpoints."""
    return _made(user_data_dir() / "runs")


def datasets_cache_dir() -> Path:
    return _made(user_cache_dir() / "datasets")


def folders() -> dict[str, Path]:
    """Every per-user folder by what it holds (for `inkling info`)."""
    return {"data": user_data_dir(), "models": user_models_dir(), "runs": runs_dir(),
            "cache": user_cache_dir(), "datasets": datasets_cache_dir(), "logs": logs_dir(),
            "resources": RESOURCES}
