"""Run folders on disk (core.runs): made, written, read back and listed the way the Train tab and
`train --resume` use them. Every test works in its own empty INKLING_HOME (tests/conftest.py)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from core import paths
from core.runs import (LOG_COLUMNS, has_checkpoint, last_unfinished_run, list_runs, logged_runs, new_run_dir,
                       read_log, read_run_config, read_status, resumable_runs, summarize, write_config, write_log,
                       write_status)
from core.config import TrainConfig


def make_run(name: str, state: str | None = "stopped", epochs: int = 0, checkpoint: bool = False,
             model: str = "mlp", engine: str = "torch", total_epochs: int = 5) -> Path:
    folder = paths.runs_dir() / name
    folder.mkdir(parents=True)
    config = TrainConfig(model=model, engine=engine, data="sample")
    config.fit.epochs = total_epochs
    write_config(folder, config)
    if state is not None:
        write_status(folder, state)
    if epochs:
        write_log(folder, [{"epoch": e, "loss": 1.0 / e, "accuracy": 0.5, "val_loss": 1.0,
                            "val_accuracy": 0.8 + e / 100, "lr": 0.001, "seconds": 1.0,
                            "images_per_second": 100.0} for e in range(1, epochs + 1)])
    if checkpoint:
        (folder / "checkpoints").mkdir()
        (folder / "checkpoints" / "last.pt").write_bytes(b"weights")
    return folder


def test_a_new_run_folder_is_named_by_time_model_and_engine_and_never_reused():
    config = TrainConfig(model="lenet5", engine="keras")
    first, second = new_run_dir(config), new_run_dir(config)
    assert first.is_dir() and second.is_dir() and first != second
    assert first.parent == paths.runs_dir() and first.name.endswith("-lenet5-keras")
    assert list(first.iterdir()) == []


def test_config_status_and_log_are_read_back_as_written(tmp_path):
    config = TrainConfig(model="vgg16", engine="keras", data="fashion-mnist", limit=500, keep="best")
    config.fit.learning_rate = 0.05
    write_config(tmp_path, config)
    assert read_run_config(tmp_path) == config

    write_status(tmp_path, "failed", message="The disk is full.")
    status = read_status(tmp_path)
    assert status["state"] == "failed" and status["message"] == "The disk is full." and status["updated"] > 0

    write_log(tmp_path, [{"epoch": 1, "loss": 0.5, "accuracy": 0.9}, {"epoch": 2, "loss": 0.25, "accuracy": 0.95}])
    header = (tmp_path / "log.csv").read_text().splitlines()[0]
    assert header == ",".join(LOG_COLUMNS)
    rows = read_log(tmp_path)
    assert [row["epoch"] for row in rows] == [1.0, 2.0] and rows[1]["loss"] == 0.25
    assert rows[0]["val_accuracy"] == ""        # a column the epoch did not have stays empty


def test_missing_or_damaged_files_read_as_nothing(tmp_path):
    assert read_run_config(tmp_path) is None and read_status(tmp_path) is None and read_log(tmp_path) == []
    (tmp_path / "config.json").write_text("{not json")
    (tmp_path / "status.json").write_text("")
    assert read_run_config(tmp_path) is None and read_status(tmp_path) is None
    (tmp_path / "config.json").write_text('{"fit": {}, "no_such_setting": 1}')
    assert read_run_config(tmp_path) is None


def test_runs_are_listed_newest_first_and_stray_files_are_ignored():
    make_run("20240101-100000-mlp-torch")
    make_run("20240301-100000-mlp-torch")
    make_run("20240201-100000-mlp-torch")
    (paths.runs_dir() / "notes.txt").write_text("not a run")
    assert [folder.name for folder in list_runs()] == ["20240301-100000-mlp-torch", "20240201-100000-mlp-torch",
                                                       "20240101-100000-mlp-torch"]


def test_only_runs_with_a_checkpoint_and_a_readable_config_can_be_continued():
    make_run("20240101-100000-mlp-torch", epochs=2, checkpoint=True)
    make_run("20240102-100000-mlp-torch", epochs=2)                          # no checkpoint
    broken = make_run("20240103-100000-mlp-torch", epochs=2, checkpoint=True)
    (broken / "config.json").write_text("damaged")
    empty = make_run("20240104-100000-mlp-torch", checkpoint=True)
    (empty / "checkpoints" / "last.pt").unlink()                             # a checkpoint folder, empty
    runs = resumable_runs()
    assert [run.name for run in runs] == ["20240101-100000-mlp-torch"]
    assert runs[0].epochs_done == 2 and runs[0].state == "stopped" and runs[0].config.fit.epochs == 5
    assert not has_checkpoint(empty) and has_checkpoint(runs[0].path)


def test_runs_to_compare_have_a_log_and_their_best_validation_accuracy():
    current = make_run("20240105-100000-mlp-torch", epochs=1, state="running")
    make_run("20240101-100000-lenet5-keras", epochs=3, state="finished", model="lenet5", engine="keras")
    make_run("20240102-100000-mlp-torch", epochs=0)
    runs = logged_runs(exclude=current)
    assert [run.name for run in runs] == ["20240101-100000-lenet5-keras"]
    assert runs[0].best_val_accuracy == pytest.approx(0.83) and runs[0].config.model == "lenet5"
    assert [run.name for run in logged_runs()] == [current.name, "20240101-100000-lenet5-keras"]


def test_best_validation_accuracy_is_unknown_when_a_value_is_not_finite(tmp_path):
    write_log(tmp_path, [{"epoch": 1, "val_accuracy": 0.9}, {"epoch": 2, "val_accuracy": float("nan")}])
    assert summarize(tmp_path).best_val_accuracy is None
    write_log(tmp_path, [{"epoch": 1, "val_accuracy": 0.9}, {"epoch": 2}])       # an epoch without validation
    assert summarize(tmp_path).best_val_accuracy == 0.9


def test_the_run_to_resume_is_the_newest_unfinished_one_of_that_model_and_engine():
    make_run("20240101-100000-mlp-torch", state="failed")
    make_run("20240102-100000-mlp-torch", state="finished")
    make_run("20240103-100000-lenet5-torch", state="stopped", model="lenet5")
    make_run("20240104-100000-mlp-torch", state=None)                        # never got going: no status
    assert last_unfinished_run("mlp", "torch").name == "20240101-100000-mlp-torch"
    assert last_unfinished_run().name == "20240103-100000-lenet5-torch"
    assert last_unfinished_run("mlp", "keras") is None
    os.remove(paths.runs_dir() / "20240101-100000-mlp-torch" / "config.json")
    assert last_unfinished_run("mlp", "torch") is None
