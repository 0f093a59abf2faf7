"""The Overfitting-and-L2 page offscreen: it starts, draws both boundaries and the loss curves while
the lab trains, takes clicked points, stops, and reports a bad CSV in its status line."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from gui.course.dots_page import DotsPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(open_page):
    return open_page(DotsPage)


def test_start_draws_boundaries_and_curves_then_stop(page, qtbot):
    page.controls["epochs"].setValue(3000)
    page.start()
    qtbot.waitUntil(lambda: len(page._history["epoch"]) > 20 and page.views["l2"].field.image is not None,
                    timeout=60_000)
    assert page.views["plain"].field.image.shape == (80, 80)
    assert page.curves["l2_test_loss"].getData()[0] is not None
    page.stop()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30_000)
    assert "Stopped" in page.message.text()
    assert len(page.views["plain"].points.data) == 300


def test_clicks_add_points_of_each_class_and_they_train(page, qtbot, run_to_end):
    view = page.views["plain"].plot
    qtbot.waitUntil(lambda: view.getViewBox().width() > 50, timeout=5_000)
    centre = view.getViewBox().mapViewToScene(QPointF(0.0, 0.0))
    widget_point = view.mapFromScene(centre)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=widget_point)
    assert [c for _, _, c in page.extra_points] == [0, 1]
    assert np.allclose(page.extra_points[0][:2], (0.0, 0.0), atol=0.3)
    assert page.settings().extra_points == tuple(page.extra_points)
    run_to_end(page, timeout=60_000, epochs=2)
    assert "Finished" in page.message.text()
    reopened = DotsPage()                       # the points are remembered
    assert reopened.extra_points == page.extra_points
    reopened.clear_points()
    assert reopened.extra_points == []


def test_a_bad_csv_is_shown_in_the_status_line(page, run_to_end, tmp_path):
    path = tmp_path / "one-class.csv"
    path.write_text("x1,x2,y_c\n1,2,0\n3,4,0\n")
    run_to_end(page, timeout=30_000, data=str(path))
    assert "holds 1 class" in page.message.text()
