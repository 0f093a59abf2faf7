"""The classic machine-learning page offscreen: the Test & Score table fills, the confusion matrix
shows the chosen model and its cells open their samples, two features draw six decision-region maps that
refit when a slider moves, the search fills its trials table, and bad input is one line in red."""
from __future__ import annotations

import numpy as np
import pytest

from gui.course.classic_page import ClassicPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(open_page):
    return open_page(ClassicPage, size=(1400, 900))


def test_digits_table_confusion_matrix_and_samples_as_pictures(page, run_to_end):
    run_to_end(page, data="digits", models=("svm", "knn"), cv=3, search=False)
    assert "Finished" in page.message.text(), page.message.text()
    assert page.scores.rowCount() == 3
    assert page.scores.item(0, 0).text().startswith("Dummy")
    page.scores.selectRow(1)
    assert page._chosen == "svm"
    assert page.confusion_image.image.shape == (10, 10)
    assert "precision" in page.report.toPlainText()
    page.show_cell(3, 3)
    assert page.samples.currentWidget() is page.sample_images
    assert page.sample_image.image is not None and page.sample_image.image.shape[1] >= 8
    assert "predicted as 3" in page.samples_title.text()


def test_two_features_draw_six_region_maps_and_a_slider_refits(page, qtbot, run_to_end):
    run_to_end(page, data="dots", models=("logreg", "svm"), cv=3, search=False)
    qtbot.waitUntil(lambda: all(image.image is not None for _, image, _ in page.region_plots.values()),
                    timeout=60_000)
    before = page.region_plots["knn"][1].image.copy()
    page.sliders["knn_k"].setValue(100)                       # k = 50: a smoother boundary
    assert page.controls["knn_k"].value() == 50
    qtbot.waitUntil(lambda: not np.array_equal(page.region_plots["knn"][1].image, before), timeout=30_000)
    assert "KNN" in page.regions_timing.text()
    page.show_cell(0, 0)
    assert page.samples.currentWidget() is page.sample_rows and page.sample_rows.columnCount() == 2


def test_search_fills_the_trials_and_the_validation_curve(page, run_to_end):
    run_to_end(page, data="iris", models=("knn",), cv=3, search=True, search_model="knn",
               search_methods=("random", "tpe"), trials=3)
    assert page.trials.rowCount() == 6
    assert set(page.history_curves) == {"random", "tpe"}
    assert len(page.curve_cv.getData()[0]) > 2


def test_bad_input_is_one_line_in_red_and_the_page_keeps_working(page, run_to_end, tmp_path):
    path = tmp_path / "words.csv"
    path.write_text("a,b\nx,y\nz,w\n", encoding="utf-8")
    run_to_end(page, data=str(path), label="a")
    assert "no numeric column" in page.message.text() and "b91c1c" in page.message.styleSheet()
    run_to_end(page, data="iris", models=("tree",), search=False)
    assert "Finished" in page.message.text()
    assert "petal" in page.tree_text.toPlainText()


def test_the_fitted_tree_is_drawn_as_boxes_and_lines(page, run_to_end):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem
    run_to_end(page, data="iris", models=("tree",), search=False)
    items = page.tree_view.scene().items()
    boxes = [item for item in items if isinstance(item, QGraphicsRectItem)]
    lines = [item for item in items if isinstance(item, QGraphicsLineItem)]
    nodes = page._models["tree"]["tree_nodes"]
    assert len(boxes) == len(nodes) > 3 and len(lines) == len(nodes) - 1
    texts = [item.text() for item in items if hasattr(item, "text")]
    assert any("petal width ≤ 0.80" in text for text in texts), texts[:3]
    assert "petal" in page.tree_view.toolTip()
    scale = page.tree_view.transform().m11()
    centre = QPointF(page.tree_view.viewport().rect().center())
    notch = QWheelEvent(centre, centre, QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    page.tree_view.wheelEvent(notch)
    assert page.tree_view.transform().m11() == pytest.approx(scale * 1.15)
    page.tree_as_text.setChecked(True)
    assert page.tree_stack.currentWidget() is page.tree_text


def test_a_dragged_forest_slider_ends_on_the_map_of_its_last_position(page, qtbot, run_to_end):
    from core.labs.classic import region_maps
    from gui.course.classic_page import REGION_GRID
    run_to_end(page, data="dots", models=("logreg",), cv=3, search=False)
    for position in range(20, 45, 3):                 # steps faster than a forest refits
        page.sliders["forest_trees"].setValue(position)
    runner = page._region_runners["forest"]
    qtbot.waitUntil(lambda: not runner.busy and "forest" not in page._region_pending, timeout=60_000)
    data = page._data
    expected = region_maps(("forest",), page.settings(), data["x_train"], data["y_train"], REGION_GRID, 2)["forest"]
    assert np.array_equal(page.region_plots["forest"][1].image, expected.T)
