"""`inkling lab letters` and `inkling lab stock` as a script uses them: real processes, JSON lines, the
numbers the lab's core generator gives (what the Course tab shows), exit codes and one plain line for
a user's mistake."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.labs import stock
from tests.cli.helpers import json_lines, lab


def test_letters_streams_epochs_and_predicts_every_context():
    lines = json_lines(lab("letters", "--cell", "rnn", "--input", "onehot", "--context", "4", "--json"))
    assert [line["epoch"] for line in lines[:-1]] == list(range(1, 101))
    finished = lines[-1]
    assert finished["event"] == "finished" and finished["accuracy"] == 1.0
    assert finished["predictions"] == {"abcd": "e", "bcde": "a", "cdea": "b", "deab": "c", "eabc": "d"}


def _small_prices(tmp_path) -> Path:
    days = np.arange(np.datetime64("2021-03-01"), np.datetime64("2021-03-01") + 90)
    prices = 50 + 5 * np.sin(np.arange(90) / 4) + np.arange(90) * 0.1
    path = tmp_path / "shop.csv"
    path.write_text("Date,Open,Close\n" + "".join(f"{d},1,{p:.4f}\n" for d, p in zip(days, prices))
                    + "2021-07-01,1,closed\n")
    return path


def test_stock_prints_the_numbers_the_lab_computes(tmp_path):
    path = _small_prices(tmp_path)
    options = dict(data=str(path), column="CLOSE", window=10, test_days=15, units1=4, units2=4, epochs=2,
                   forecast_days=5)
    lines = json_lines(lab("stock", "--data", str(path), "--column", "CLOSE", "--window", "10", "--test-days", "15",
                           "--units1", "4", "--units2", "4", "--epochs", "2", "--forecast-days", "5", "--json"))
    assert [line["event"] for line in lines] == ["epoch", "epoch", "finished"]
    finished = lines[-1]
    assert finished["test_points"] == 15 and finished["skipped_rows"] == 1
    expected = list(stock.run(stock.Settings(**options)))[-1]
    for key in ("mse", "rmse", "mae"):
        assert finished[key] == pytest.approx(expected[key], rel=1e-6)
        assert finished["baseline"][key] == pytest.approx(expected["baseline"][key], rel=1e-12)


def test_stock_without_the_price_column_fails_with_one_plain_line(tmp_path):
    result = lab("stock", "--data", str(_small_prices(tmp_path)), "--column", "price")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].endswith("no column 'price' (its columns: Date, Open, Close).")
    assert "Traceback" not in result.stderr


def test_stock_with_too_few_rows_says_so(tmp_path):
    result = lab("stock", "--data", str(_small_prices(tmp_path)), "--test-days", "85", "--window", "10")
    assert result.returncode == 1 and "too few for a 10-day window and 85 test days" in result.stderr


def test_a_window_out_of_range_is_wrong_usage():
    result = lab("stock", "--window", "1")
    assert result.returncode == 2 and "window must be between 2 and 1000" in result.stderr
    result = lab("letters", "--cell", "tcn")
    assert result.returncode == 2 and "cell must be one of rnn, lstm, gru" in result.stderr
