"""The stock lab: the course's networks with Keras' parameter counts in both engines, the CSV series
reader on good, odd and broken files, the course's windows and scaling, scores consistent with each
other and a "tomorrow = today" baseline recomputed here from the file itself, and plain refusals."""
from __future__ import annotations

import csv
import math

import numpy as np
import pytest

from core import zoo
from core.data.time_series import read_series
from core.engines.base import checkpoint_file
from core.events import EPOCH, FINISHED, SNAPSHOT
from core.fileio import UserError
from core.labs import stock

# Keras' model.summary() of the course's SimpleRNN, LSTM and GRU stock models.
COURSE_COUNTS = {"rnn": 24_761, "lstm": 98_741, "gru": 74_621}


def write(tmp_path, text: str, name: str = "prices.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def finished(events: list[dict]) -> dict:
    assert [e["event"] for e in events].count(FINISHED) == 1 and events[-1]["event"] == FINISHED
    return events[-1]


@pytest.mark.parametrize("engine", ["torch", "keras"])
@pytest.mark.parametrize("cell", list(COURSE_COUNTS))
def test_both_engines_build_the_course_counts(engine, cell):
    from core.engines.factory import create_engine
    spec = zoo.stock_spec(cell)
    assert spec.output_shapes() == [(60, 80), (60, 80), (100,), (100,), (1,)]
    assert create_engine(engine, spec, "cpu").parameter_count() == COURSE_COUNTS[cell]


def test_the_shipped_file_reads_whole_and_sorted():
    series = read_series(stock.COURSE_PRICES, "date", "CLOSE")
    assert len(series.values) == 2426 and series.skipped_rows == 0 and series.value_column == "close"
    assert (np.diff(series.dates.astype(np.int64)) > 0).all()
    assert str(series.dates[0]) == "2010-04-26" and series.values[0] == pytest.approx(-60.25)


def test_an_odd_file_is_sorted_and_its_bad_rows_counted(tmp_path):
    path = write(tmp_path, "Day;x\n".replace(";", ",") + "\n".join([
        "2020/01/03,3", "2020-01-01,1", "", "2020-01-02,n/a", "not a date,5", "2020-01-04,", "2020-01-01,9",
        "20200105,5", "2020-01-06T09:30,6", '2020-01-07,"1,007"']) + "\n")
    series = read_series(path, "DAY", "X")
    assert [str(d) for d in series.dates] == ["2020-01-01", "2020-01-03", "2020-01-05", "2020-01-06",
                                              "2020-01-07"]
    assert series.values.tolist() == [1, 3, 5, 6, 1007]
    assert series.skipped_rows == 4     # n/a, not a date, an empty price, a repeated date


@pytest.mark.parametrize("text, column, message", [
    ("date,close\n2020-01-01,1\n", "open", "no column 'open' \\(its columns: date, close\\)"),
    ("date,code\n2020-01-01,abc\n2020-01-02,abd\n", "code", "'code' of prices.csv holds no numbers"),
    ("date,close\nsoon,1\nlater,2\n", "close", "no usable rows \\(2 skipped"),
    ("", "close", "is empty"),
])
def test_broken_files_are_refused_in_plain_words(tmp_path, text, column, message):
    with pytest.raises(UserError, match=message):
        read_series(write(tmp_path, text), "date", column)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(UserError, match="Cannot read nothing.csv"):
        read_series(tmp_path / "nothing.csv")


def test_windows_follow_the_course_and_scale_on_training_days_only():
    series = read_series(stock.COURSE_PRICES)
    windows = stock.make_windows(series, 60, 300)
    train = series.values[:-300]
    assert windows.first_test == 2126 and windows.x_train.shape == (2066, 60, 1) and windows.x_test.shape == (300, 60, 1)
    assert windows.scaled[:2126].min() == pytest.approx(0) and windows.scaled[:2126].max() == pytest.approx(1)
    assert windows.scaled[2126:].max() > 1       # test prices beyond the training range stay beyond it
    np.testing.assert_allclose(windows.x_train[0, :, 0], (train[:60] - train.min()) / (train.max() - train.min()),
                               rtol=1e-5)
    np.testing.assert_allclose(stock.to_prices(windows.scaler, windows.y_train[:5]), train[60:65], rtol=1e-5)


@pytest.mark.parametrize("rows, window, test_days, message", [
    (50, 60, 10, "window \\(60 days\\) is longer than the data \\(50 usable rows"),
    (50, 30, 20, "50 usable rows are too few for a 30-day window and 20 test days"),
])
def test_too_little_data_is_refused_in_plain_words(tmp_path, rows, window, test_days, message):
    lines = ["date,close"] + [f"2020-01-{1 + i % 28:02d},{i}" if i < 28 else f"2020-{2 + i // 28:02d}-{1 + i % 28:02d},{i}"
                              for i in range(rows)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(UserError, match=message):
        list(stock.run(stock.Settings(data=str(path), window=window, test_days=test_days)))


def _independent_baseline() -> tuple[float, float, float]:
    with open(stock.COURSE_PRICES, newline="") as handle:
        rows = sorted((row["date"], float(row["close"])) for row in csv.DictReader(handle))
    closes = [price for _, price in rows]
    errors = [closes[i] - closes[i - 1] for i in range(len(closes) - 300, len(closes))]
    mse = sum(e * e for e in errors) / len(errors)
    return mse, math.sqrt(mse), sum(abs(e) for e in errors) / len(errors)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_scores_are_consistent_and_the_baseline_is_the_files_own(engine):
    settings = stock.Settings(engine=engine, epochs=1, units1=16, units2=16, forecast_days=5)
    events = list(stock.run(settings))
    result = finished(events)
    assert result["test_points"] == 300 and result["skipped_rows"] == 0 and result["cell"] == "rnn"
    assert result["rmse"] == pytest.approx(math.sqrt(result["mse"]))
    assert result["mae"] <= result["rmse"]
    mse, rmse, mae = _independent_baseline()
    assert result["baseline"] == pytest.approx({"mse": mse, "rmse": rmse, "mae": mae})
    assert ("Better than" in result["verdict"]) == (result["rmse"] < rmse)
    snapshots = [e for e in events if e["event"] == SNAPSHOT]
    assert snapshots[0]["first_test"] == 2126 and len(snapshots[-1]["predictions"]) == 300
    assert len(snapshots[-1]["forecast"]) == 5
    predicted = snapshots[-1]["predictions"]
    truth = snapshots[0]["prices"][2126:]
    assert result["mse"] == pytest.approx(float(np.mean((predicted - truth) ** 2)))
    assert [e["epoch"] for e in events if e["event"] == EPOCH] == [1]


def test_three_cells_train_one_after_the_other_and_a_stop_ends_cleanly(tmp_path):
    days = np.arange(np.datetime64("2020-01-01"), np.datetime64("2020-01-01") + 120)
    prices = 100 + 10 * np.sin(np.arange(120) / 5)
    path = write(tmp_path, "date,close\n" + "".join(f"{d},{p:.3f}\n" for d, p in zip(days, prices)))
    settings = stock.Settings(data=str(path), window=10, test_days=20, units1=4, units2=4, epochs=2,
                              cells=("rnn", "lstm", "gru"), forecast_days=20)
    result = finished(list(stock.run(settings)))
    no_forecast = finished(list(stock.run(stock.Settings(**{**settings.__dict__, "forecast_days": 0,
                                                             "cells": ("rnn",)}))))
    assert math.isnan(no_forecast["results"][0]["forecast_rmse"])
    assert [row["cell"] for row in result["results"]] == ["rnn", "lstm", "gru"]
    assert result["rmse"] == min(row["rmse"] for row in result["results"])
    calls = iter(range(10_000))
    stopped = finished(list(stock.run(settings, should_stop=lambda: next(calls) >= 3)))
    assert stopped["stopped"] and stopped["results"] == [] and stopped["test_points"] == 20


def test_the_verdict_says_which_and_by_how_much():
    assert stock.verdict(8.0, 10.0) == ("Better than 'tomorrow = today': RMSE 8 against 10 (20.0% lower).")
    assert stock.verdict(12.0, 10.0).startswith("Not better than 'tomorrow = today': RMSE 12 against 10 (20.0% higher)")


@pytest.mark.slow
def test_the_stock_benchmark_runs_quickly_in_both_engines():
    from core.bench.sequences import bench_stock_epoch
    results = bench_stock_epoch(quick=True)
    assert [r.name.split(", ")[-1] for r in results] == ["torch (vs plain loop)", "keras (vs plain loop)"]
    assert all(r.value > 0 and r.baseline > 0 and r.unit == "s" for r in results)


# ---- checkpoint and resume: the engine's fit instead of the short loop, the same numbers --------------

def _sine_settings(tmp_path, **changes) -> stock.Settings:
    days = np.arange(np.datetime64("2020-01-01"), np.datetime64("2020-01-01") + 150)
    prices = 100 + 10 * np.sin(np.arange(150) / 5) + np.random.default_rng(0).normal(size=150)
    path = write(tmp_path, "date,close\n" + "".join(f"{d},{p:.3f}\n" for d, p in zip(days, prices)), "sine.csv")
    values = dict(data=str(path), window=10, test_days=20, units1=6, units2=5, epochs=3, batch_size=16,
                  forecast_days=5)
    return stock.Settings(**{**values, **changes})


SCORES = ("mse", "rmse", "mae", "forecast_rmse")


@pytest.mark.parametrize("engine", ["torch", pytest.param("keras", marks=pytest.mark.slow)])
def test_checkpointed_training_reports_what_the_short_loop_reports(engine, tmp_path):
    short = list(stock.run(_sine_settings(tmp_path, engine=engine, cells=("lstm", "gru"))))
    folder = tmp_path / "checkpoints"
    fitted = list(stock.run(_sine_settings(tmp_path, engine=engine, cells=("lstm", "gru"), checkpoint_dir=str(folder))))
    for a, b in zip(finished(short)["results"], finished(fitted)["results"], strict=True):
        assert a["cell"] == b["cell"] and {k: b[k] for k in SCORES} == pytest.approx({k: a[k] for k in SCORES}, rel=1e-4)
    curves = [[(e["cell"], e["epoch"], e["loss"], e["test_loss"]) for e in events if e["event"] == EPOCH]
              for events in (short, fitted)]
    assert [row[:2] for row in curves[1]] == [row[:2] for row in curves[0]]
    np.testing.assert_allclose([row[2:] for row in curves[1]], [row[2:] for row in curves[0]], rtol=1e-4)
    forecasts = [[e["forecast"] for e in events if e["event"] == SNAPSHOT and "forecast" in e] for events in (short, fitted)]
    assert len(forecasts[1]) == 2
    np.testing.assert_allclose(forecasts[1], forecasts[0], rtol=1e-4)
    assert {e["path"] for e in fitted if e["event"] == "checkpoint"} >= \
        {str(checkpoint_file(folder / cell, "last", engine)) for cell in ("lstm", "gru")}


@pytest.mark.parametrize("engine", ["torch", pytest.param("keras", marks=pytest.mark.slow)])
def test_a_stopped_checkpointed_run_resumes_to_the_unbroken_result(engine, tmp_path):
    # 3 epochs of 8 batches (120 windows) per cell: the stop comes in the second cell's second epoch.
    settings = _sine_settings(tmp_path, engine=engine, cells=("rnn", "gru"), checkpoint_dir=str(tmp_path / "a"))
    unbroken = finished(list(stock.run(settings)))
    broken_settings = stock.Settings(**{**settings.__dict__, "checkpoint_dir": str(tmp_path / "b")})
    polls = iter(range(10_000))
    stopped = finished(list(stock.run(broken_settings, should_stop=lambda: next(polls) >= 24 + 11)))
    assert stopped["stopped"] and [row["cell"] for row in stopped["results"]] == ["rnn"]
    resumed_events = list(stock.run(stock.Settings(**{**broken_settings.__dict__, "resume": True})))
    resumed = finished(resumed_events)
    assert not resumed["stopped"]
    assert [(e["cell"], e["epoch"]) for e in resumed_events if e["event"] == EPOCH] == [("gru", 2), ("gru", 3)]
    for a, b in zip(unbroken["results"], resumed["results"], strict=True):
        assert {k: b[k] for k in SCORES} == pytest.approx({k: a[k] for k in SCORES}, rel=1e-5)


def test_resume_without_a_checkpoint_folder_is_refused_in_plain_words(tmp_path):
    with pytest.raises(UserError, match="Resuming needs the checkpoint folder"):
        list(stock.run(_sine_settings(tmp_path, resume=True)))
