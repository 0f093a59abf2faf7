"""The regression page offscreen: a toy draws its points and fitted line as it trains, wide & deep
fills the scores table and the predicted-vs-true plot, and a stop is honoured."""
from __future__ import annotations

import pytest

from gui.course.page import set_control_value
from gui.course.regression_page import RegressionPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(open_page):
    return open_page(RegressionPage, size=(1400, 900))


def test_linear_toy_draws_the_line_as_it_trains(page, run_to_end):
    run_to_end(page, exercise="linear", engine="torch")
    assert "y = 2.0" in page.message.text() or "y = 1.9" in page.message.text(), page.message.text()
    x, y = page.fit_curve.getData()
    assert len(x) == 100 and abs((y[-1] - y[0]) / (x[-1] - x[0]) - 2) < 0.1
    assert len(page.loss_curve.getData()[0]) == 301


def test_wide_deep_table_and_predicted_vs_true(page, run_to_end):
    run_to_end(page, exercise="wide-deep", engine="torch", models=("linear", "wide-deep"), epochs=10)
    assert page.scores.rowCount() == 3
    assert page.scores.item(0, 0).text() == "DummyRegressor"
    assert set(page._truth) == {"linear", "wide-deep"}
    assert "RMSE" in page.message.text()


def test_stop_is_honoured(page, qtbot):
    set_control_value(page.controls["exercise"], "nonlinear")
    set_control_value(page.controls["steps"], 1_000_000)
    page.start()
    qtbot.waitUntil(lambda: len(page._losses) > 10, timeout=60_000)
    with qtbot.waitSignal(page.runner.ended, timeout=30_000):
        page.stop()
    assert "Stopped" in page.message.text()
