"""Where Inkling's files live: shipped resources and the per-user data folders."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Inkling"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = PROJECT_ROOT / "resources"
SHIPPED_MODELS = RESOURCES / "models"
MNIST_SAMPLE = RESOURCES / "mnist_sample.npz"

# INKLING_HOME moves every per-user folder (tests point it at a temporary folder).
_HOME_VARIABLE = "INKLING_HOME"


def user_data_dir() -> Path:
    override = os.environ.get(_HOME_VARIABLE)
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    base.mkdir(parents=True, exist_ok=True)
    return base


def user_models_dir() -> Path:
    return _subdir("models")


def datasets_cache_dir() -> Path:
    return _subdir("datasets")


def runs_dir() -> Path:
    """Training runs: settings, per-epoch logs and checkpoints."""
    return _subdir("runs")


def logs_dir() -> Path:
    return _subdir("logs")


def _subdir(name: str) -> Path:
    path = user_data_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path
