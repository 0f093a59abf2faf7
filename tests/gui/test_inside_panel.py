"""The Draw tab's inside view: after a drawing, every layer of the shipped default model shown (maps
for picture-shaped layers, bars for vectors, the softmax last), hover texts, the saliency over the
canvas, the runner-up on request; real mouse events, the real classifier, pytest-qt offscreen."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from core.zoo import ModelSpec
from gui.draw.inside_panel import Bars, MapGrid

pytestmark = pytest.mark.gui

SEVEN = [(0.25, 0.18), (0.75, 0.18), (0.60, 0.45), (0.45, 0.88)]


@pytest.fixture
def tab(open_draw_tab):
    return open_draw_tab(size=(1280, 760))


def _draw(canvas, fractions) -> None:
    rect = canvas.drawing_rect()
    points = [QPointF(rect.left() + x * rect.width(), rect.top() + y * rect.height()) for x, y in fractions]
    samples = [a + (b - a) * (i / 12) for a, b in zip(points, points[1:]) for i in range(12)] + [points[-1]]
    for kind, point in ([(QEvent.Type.MouseButtonPress, samples[0])] + [(QEvent.Type.MouseMove, p) for p in samples[1:]]
                        + [(QEvent.Type.MouseButtonRelease, samples[-1])]):
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        QApplication.sendEvent(canvas, QMouseEvent(kind, point, canvas.mapToGlobal(point), Qt.MouseButton.LeftButton,
                                                   buttons, Qt.KeyboardModifier.NoModifier))


def _open_and_draw(qtbot, tab) -> None:
    tab.inside_action.setChecked(True)
    assert tab.inside.isVisible()
    with qtbot.waitSignal(tab.inside.insight_shown, timeout=30_000):
        _draw(tab.canvas, SEVEN)
    qtbot.waitUntil(lambda: not tab.is_reading() and tab.inside.insight() is not None
                    and tab.inside.insight().top == 7, timeout=30_000)


def test_the_panel_shows_every_layer_of_the_default_model_after_a_drawing(qtbot, tab):
    _open_and_draw(qtbot, tab)
    spec = ModelSpec.from_dict(tab._hub.classifier.info.spec)
    rows = tab.inside.layer_rows()
    assert len(rows) == len(spec.layers) + 1
    for (title, body), name, shape in zip(rows, spec.layer_names(), spec.output_shapes()):
        assert name in title.text()
        if len(shape) == 3:
            assert isinstance(body, MapGrid) and body.count() == shape[2] and not body.isHidden()
        elif body is not None:
            assert isinstance(body, Bars) and len(body.values()) == shape[0]
    title, softmax = rows[-1]
    assert "softmax" in title.text() and int(np.argmax(softmax.values())) == 7
    assert softmax.values().sum() == pytest.approx(1.0, abs=1e-4)
    assert tab.inside.kernels.count() == 32 and "32 kernels" in tab.inside.kernels_caption.text()
    assert tab.inside.top_picture.pixmap() is not None and "7" in tab.inside.top_caption.text()


def test_hovering_a_map_says_its_channel_size_and_value_range(qtbot, tab):
    _open_and_draw(qtbot, tab)
    title, grid = tab.inside.layer_rows()[0]
    text = grid.tooltip_at(grid.tile_rect(2).center())
    values = tab.inside.insight().layers[0].values[:, :, 2]
    assert text.startswith("conv1, channel 2: 28×28, values ")
    assert f"{float(values.min()):.3g} to {float(values.max()):.3g}" in text
    assert grid.tooltip_at(QPoint(-5, -5)) == ""
    bars = tab.inside.layer_rows()[-1][1]
    assert bars.tooltip_at(QPoint(int(bars.width() * 7.5 / 10), 5)).startswith("softmax, unit 7: ")


def test_the_saliency_lies_over_the_drawn_digit_and_can_be_turned_off(qtbot, tab):
    _open_and_draw(qtbot, tab)
    overlay = tab.inside.overlay()
    assert overlay.isVisible() and overlay.has_map() and overlay.geometry() == tab.canvas.rect()
    x, y, side = overlay._frame
    ink = tab.canvas.to_array() > 32
    rows, columns = np.nonzero(ink)
    assert x <= columns.min() and x + side >= columns.max() and y <= rows.min() and y + side >= rows.max()
    tab.inside.overlay_box.setChecked(False)
    assert not overlay.isVisible()
    tab.inside_action.setChecked(False)
    assert not tab.inside.isVisible() and not overlay.isVisible()


def test_the_runner_up_is_shown_on_request(qtbot, tab):
    _open_and_draw(qtbot, tab)
    assert tab.inside.insight().runner_up_saliency is None and not tab.inside.second_picture.isVisible()
    with qtbot.waitSignal(tab.inside.insight_shown, timeout=30_000):
        tab.inside.runner_up_button.setChecked(True)
    seen = tab.inside.insight()
    assert seen.runner_up_saliency is not None and tab.inside.second_picture.isVisible()
    assert str(seen.runner_up) in tab.inside.second_caption.text()
    assert tab.inside.runner_up_button.text() == f"Why 7, not {seen.runner_up}?"
    with qtbot.waitSignal(tab.inside.insight_shown, timeout=30_000):
        tab.inside.method_box.setCurrentIndex(tab.inside.method_box.findData("gradients"))
    assert tab.inside.insight().method == "gradients"
