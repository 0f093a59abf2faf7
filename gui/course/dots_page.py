"""The Overfitting-and-L2 page: the red and blue dots with each network's decision boundary (where its
output crosses 0.5) drawn while it trains, without L2 on the left and with L2 on the right, and the
train and test loss of both. A left click adds a point of the first class, a right click one of the
second; clicked points are remembered, join the training set, and a running lab restarts with them."""
from __future__ import annotations

import json

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.events import EPOCH, SNAPSHOT
from gui import i18n
from gui.common.widgets import cache_axes
from gui.course.page import LabPage, make_plot, name_legend, name_plot
from gui.course.texts import significant
from gui.settings import app_settings

CLASS_COLOURS = ((37, 99, 235), (220, 38, 38))          # the course's blue (0) and red (1)
FIELD_COLOURS = pg.ColorMap([0.0, 0.5, 1.0], [(191, 219, 254), (255, 255, 255), (254, 202, 202)])
MODEL_COLOURS = {"plain": (217, 119, 6), "l2": (22, 163, 74)}
POINTS_KEY = "course/dots/extra_points"


class DotsPage(LabPage):
    LAB = "dots"

    def build_plots(self, layout: QVBoxLayout) -> None:
        self.extra_points: list[tuple[float, float, int]] = _stored_points()
        self.views = {"plain": BoundaryView(), "l2": BoundaryView()}
        self._l2_shown: float | None = None     # the L2 strength of the run drawn, in the right plot's title
        for view in self.views.values():
            view.plot.scene().sigMouseClicked.connect(lambda click, v=view: self._on_click(v, click))
        row = QHBoxLayout()
        for view in self.views.values():
            row.addWidget(view.plot)
        layout.addLayout(row, 3)
        layout.addWidget(self._build_loss_plot(), 2)
        self._add_form_rows()
        self._history: dict[str, list[float]] = {}
        self._outputs: dict | None = None      # boundaries not drawn yet
        self._last_outputs: dict | None = None
        self._data: dict | None = None
        self._draw_extra_points()

    def retranslate(self) -> None:
        super().retranslate()
        name_plot(self.views["plain"].plot, self.tr("Without L2"))
        name_plot(self.views["l2"].plot, self.tr("With L2") if self._l2_shown is None else
                  self.tr("With L2 ({0})").format(significant(self._l2_shown, 6)))
        name_plot(self.loss_plot, self.tr("Loss (MSE, log scale)"), self.tr("epoch"))
        names = {"plain_train_loss": self.tr("without L2, train"), "plain_test_loss": self.tr("without L2, test"),
                 "l2_train_loss": self.tr("with L2, train"), "l2_test_loss": self.tr("with L2, test")}
        for key, curve in self.curves.items():
            name_legend(self.loss_plot, curve, names[key])
        self.browse_button.setText(self.tr("Open a CSV…"))
        self.clear_button.setText(self.tr("Clear clicked points"))
        self.points_label.setText(self.tr("Points"))
        self._show_hint()

    def _build_loss_plot(self) -> pg.PlotWidget:
        self.loss_plot = make_plot()
        self.loss_plot.setLogMode(y=True)
        cache_axes(self.loss_plot)
        self.loss_plot.addLegend(offset=(-10, 10))
        self.curves = {}
        for model, colour in MODEL_COLOURS.items():
            for split, style in (("train", Qt.PenStyle.SolidLine), ("test", Qt.PenStyle.DashLine)):
                pen = pg.mkPen(colour, width=2, style=style)
                key = f"{model}_{split}_loss"
                self.curves[key] = self.loss_plot.plot(pen=pen, name=key)   # named in retranslate()
        return self.loss_plot

    def _add_form_rows(self) -> None:
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._choose_csv)
        self.form.addRow("", self.browse_button)
        self.click_hint = QLabel()
        self.click_hint.setWordWrap(True)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_points)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.click_hint)
        box_layout.addWidget(self.clear_button)
        self.points_label = QLabel()
        self.form.addRow(self.points_label, box)

    def _show_hint(self) -> None:
        classes = self._data["classes"] if self._data else ("0", "1")
        self.click_hint.setText(self.tr("Click a plot: left adds a '{0}' point (blue), right a '{1}' point (red). "
                                        "{2} added.").format(classes[0], classes[1],
                                                             i18n.number(len(self.extra_points))))

    def _choose_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a CSV of points"), "", self.tr("CSV (*.csv)"))
        if path:
            self.controls["data"].setText(path)
            self.save_settings()

    # ---- clicked points ---------------------------------------------------------------------------
    def _on_click(self, view: "BoundaryView", click) -> None:
        buttons = {Qt.MouseButton.LeftButton: 0, Qt.MouseButton.RightButton: 1}
        if click.button() not in buttons or not view.plot.getViewBox().sceneBoundingRect().contains(click.scenePos()):
            return
        point = view.plot.getViewBox().mapSceneToView(click.scenePos())
        click.accept()
        self.add_point(point.x(), point.y(), buttons[click.button()])

    def add_point(self, x: float, y: float, class_index: int) -> None:
        """A point of class 0 or 1 joins the training set (a running lab restarts with it)."""
        self.extra_points.append((round(x, 4), round(y, 4), class_index))
        self._points_changed()

    def clear_points(self) -> None:
        self.extra_points.clear()
        self._points_changed()

    def _points_changed(self) -> None:
        app_settings().setValue(POINTS_KEY, json.dumps(self.extra_points))
        self._draw_extra_points()
        self._show_hint()
        if self.is_running():
            self.start()

    def _draw_extra_points(self) -> None:
        spots = [{"pos": (x, y), "brush": pg.mkBrush(CLASS_COLOURS[c]), "pen": pg.mkPen("k", width=2),
                  "symbol": "star", "size": 14} for x, y, c in self.extra_points]
        for view in self.views.values():
            view.clicked.setData(spots)

    def extra_settings(self) -> dict:
        return {"extra_points": tuple(self.extra_points)}

    # ---- events -----------------------------------------------------------------------------------
    def handlers(self):
        return {EPOCH: self._on_epoch, SNAPSHOT: self._on_snapshot}

    def reset_plots(self) -> None:
        self._history = {key: [] for key in ["epoch", *self.curves]}
        self._outputs = None
        self.loss_plot.setXRange(0, self.controls["epochs"].value(), padding=0.02)   # no axis redraw per epoch
        self._l2_shown = self.controls["l2"].value()
        name_plot(self.views["l2"].plot, self.tr("With L2 ({0})").format(significant(self._l2_shown, 6)))

    def _on_epoch(self, item: dict) -> None:
        for key, values in self._history.items():
            values.append(item[key])

    def _on_snapshot(self, item: dict) -> None:
        if item.get("view") == "data":
            self._data = item
            for view in self.views.values():
                view.show_data(item)
            self._show_hint()
        else:
            self._outputs = item

    def redraw(self) -> None:
        epochs = self._history.get("epoch", [])
        for key, curve in self.curves.items():
            curve.setData(epochs, self._history.get(key, []))
        if self._outputs is not None and self._data is not None:
            for name, view in self.views.items():
                view.show_boundary(np.asarray(self._outputs["outputs"][name], dtype=np.float32),
                                   np.asarray(self._outputs["contours"][name], dtype=np.float64))
            self._last_outputs, self._outputs = self._outputs, None

    def describe_finished(self, item: dict) -> str:
        return self.tr("{0}. Test accuracy without L2 {1}, with L2 {2}; weight norm {3} → {4} "
                       "({5} points skipped)").format(
            self.finished_word(item), i18n.percent(item["plain"]["test_accuracy"]),
            i18n.percent(item["l2"]["test_accuracy"]), i18n.number(item["plain"]["weight_norm"], 2),
            i18n.number(item["l2"]["weight_norm"], 2), i18n.number(item["skipped_rows"]))


class BoundaryView:
    """One network's plot: its output as a soft blue-to-red field, the 0.5 contour, the dots."""

    def __init__(self):
        self.plot = make_plot()
        self.plot.setAspectLocked(True)
        cache_axes(self.plot)
        self.field = pg.ImageItem()
        self.field.setColorMap(FIELD_COLOURS)
        self.plot.addItem(self.field)
        self.contour = pg.PlotCurveItem(pen=pg.mkPen((17, 24, 39), width=2.5), connect="pairs")
        self.plot.addItem(self.contour)
        self.points = pg.ScatterPlotItem(size=7)
        self.clicked = pg.ScatterPlotItem()
        self.plot.addItem(self.points)
        self.plot.addItem(self.clicked)
        self.area: list[float] | None = None

    def show_data(self, data: dict) -> None:
        self.area = data["area"]
        x0, x1, y0, y1 = self.area
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        spots = []
        for split, pen in (("train", pg.mkPen(None)), ("test", pg.mkPen("k", width=1.2))):
            for x, y, label in data[split]:
                spots.append({"pos": (x, y), "brush": pg.mkBrush(CLASS_COLOURS[int(label > 0.5)]), "pen": pen,
                              "symbol": "o" if split == "train" else "s"})
        self.points.setData(spots)

    def show_boundary(self, outputs: np.ndarray, segments: np.ndarray) -> None:
        """outputs[row = y, column = x] over the area (ImageItem takes [x, y]); the 0.5 contour as
        segments x0, y0, x1, y1 (core.labs.dots.contour_segments)."""
        self.field.setImage(outputs.T, levels=(0.0, 1.0), autoLevels=False)
        x0, x1, y0, y1 = self.area
        self.field.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        ends = segments.reshape(-1, 2)
        self.contour.setData(ends[:, 0], ends[:, 1], connect="pairs")


def _stored_points() -> list[tuple[float, float, int]]:
    try:
        return [(float(x), float(y), int(c)) for x, y, c in json.loads(str(app_settings().value(POINTS_KEY, "[]")))]
    except (ValueError, TypeError):
        return []
