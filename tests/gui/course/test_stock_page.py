"""The stock page offscreen: a short run of two cells on a small CSV draws the price with the test
period, the predictions and the recursive forecast, fills the comparison table (baseline first) and
says the verdict; a CSV without the price column is reported in the status line."""
from __future__ import annotations

import numpy as np
import pytest

from gui.course.stock_page import StockPage

pytestmark = pytest.mark.gui


@pytest.fixture
def prices(tmp_path):
    days = np.arange(np.datetime64("2022-01-03"), np.datetime64("2022-01-03") + 100)
    values = 20 + 3 * np.sin(np.arange(100) / 6) + np.arange(100) * 0.05
    path = tmp_path / "prices.csv"
    path.write_text("date,close\n" + "".join(f"{d},{v:.3f}\n" for d, v in zip(days, values)))
    return path


@pytest.fixture
def page(open_page):
    return open_page(StockPage)


def _set_small_run(page, path) -> None:
    page.controls["data"].setText(str(path))
    page.controls["window"].setValue(10)
    page.controls["test_days"].setValue(20)
    page.controls["units1"].setValue(4)
    page.controls["units2"].setValue(4)
    page.controls["epochs"].setValue(3)
    page.controls["forecast_days"].setValue(10)
    page.controls["cells"].set_value(("rnn", "gru"))


def test_two_cells_fill_the_plot_and_the_table(page, run_to_end, prices):
    _set_small_run(page, prices)
    run_to_end(page)
    assert "Finished: 20 test days, 0 rows skipped" in page.message.text()
    assert len(page.price_curve.getData()[0]) == 100
    assert set(page._predictions) == {"rnn", "gru"} and len(page._forecasts["gru"]) == 10
    names = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
    assert names == ["tomorrow = today", "rnn", "gru"]
    assert page.table.item(1, 4).text().endswith("%")
    assert "than 'tomorrow = today'" in page.verdict.text()


def test_a_csv_without_the_price_column_is_reported(page, run_to_end, prices):
    _set_small_run(page, prices)
    run_to_end(page, timeout=60_000, column="adj close")
    assert "no column 'adj close'" in page.message.text()
