"""The Optimizers page offscreen: the surface race plays back frame by frame, the iris race fills its
curves and table, a bad formula leaves a message and the last good surface, and stop works."""
from __future__ import annotations

import pytest

from gui.course.optimizers_page import ProblemBox, OptimizersPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(open_page):
    return open_page(OptimizersPage)


def test_a_surface_race_is_animated_and_tabled(page, qtbot, run_to_end):
    run_to_end(page, timeout=30_000, problem="ravine", steps=60)
    qtbot.waitUntil(lambda: page._frame == 60, timeout=10_000)   # played back, one step a frame
    xs, ys = page.paths["adam"].getData()
    assert len(xs) == 61 and (xs[0], ys[0]) == (-2.8, 1.2)
    assert page.table.rowCount() == 5 and page.table.item(4, 0).text() == "adam"
    assert page.surface_plot.isVisible() and not page.accuracy_plot.isVisible()
    assert "lowest final loss" in page.message.text()


def test_an_iris_race_draws_curves_and_stops(page, qtbot):
    page.controls["problem"].set_value("iris")
    page.controls["epochs"].setValue(5000)
    page.start()
    qtbot.waitUntil(lambda: page.loss_curves["sgd"].getData()[0] is not None
                    and len(page.loss_curves["sgd"].getData()[0]) > 5, timeout=60_000)
    assert page.accuracy_plot.isVisible()
    page.stop()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30_000)
    assert "Stopped" in page.message.text()


def test_a_bad_formula_says_why_and_keeps_the_last_good_one(qtbot):
    box = ProblemBox()
    qtbot.addWidget(box)
    box.set_value("x**2 + 2*y**2")
    assert box.value() == "x**2 + 2*y**2"
    box.formula.setText("exp(x**6)")
    assert "formula" in box.message.text().lower() and box.value() == "x**2 + 2*y**2"
    box.formula.setText("__import__('os')")
    assert box.value() == "x**2 + 2*y**2" and box.message.text()
    box.formula.setText("x**4 + y**2")
    assert box.value() == "x**4 + y**2" and not box.message.text()
    box.set_value("saddle")
    assert box.value() == "saddle"


def test_tuning_reports_the_chosen_rates(page, run_to_end):
    run_to_end(page, timeout=30_000, problem="bowl", steps=40, tune=True)
    assert "Tuned learning rates: sgd" in page.message.text()
