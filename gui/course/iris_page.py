"""The Iris-by-hand page: loss and test-accuracy curves, the 4×3 weights and 3 biases as a live heat
map, and the decision regions over any two of the four features (the other two at their mean)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QVBoxLayout

from core.events import EPOCH, SNAPSHOT
from core.labs.iris import decision_regions
from gui import i18n
from gui.course.page import LabPage, make_plot, name_legend, name_plot
from gui.settings import app_settings

CLASS_COLOURS = [(37, 99, 235), (22, 163, 74), (217, 119, 6)]
FEATURES = (QT_TRANSLATE_NOOP("IrisPage", "sepal length"), QT_TRANSLATE_NOOP("IrisPage", "sepal width"),
            QT_TRANSLATE_NOOP("IrisPage", "petal length"), QT_TRANSLATE_NOOP("IrisPage", "petal width"))
SPECIES = (QT_TRANSLATE_NOOP("IrisPage", "setosa"), QT_TRANSLATE_NOOP("IrisPage", "versicolor"),
           QT_TRANSLATE_NOOP("IrisPage", "virginica"))
REGION_GRID = 120


def _tr(source: str) -> str:
    return QCoreApplication.translate("IrisPage", source)


class IrisPage(LabPage):
    LAB = "iris"

    def build_plots(self, layout: QVBoxLayout) -> None:
        self.loss_plot = make_plot()
        self.loss_plot.addLegend(offset=(-10, 10))
        self.train_curve = self.loss_plot.plot(pen=pg.mkPen(CLASS_COLOURS[0], width=2), name="train")
        self.test_curve = self.loss_plot.plot(pen=pg.mkPen(CLASS_COLOURS[2], width=2), name="test")
        self.accuracy_plot = make_plot()
        self.accuracy_plot.setYRange(0, 1.02)
        self.accuracy_curve = self.accuracy_plot.plot(pen=pg.mkPen(CLASS_COLOURS[1], width=2))
        self.weights_plot, self.weights_image, self.weight_labels = self._build_heat_map()
        self.regions_plot = make_plot()
        self.regions_image = pg.ImageItem()
        lookup = np.array([[c + (70,) for c in ((*CLASS_COLOURS[i],) for i in range(3))]], dtype=np.ubyte)[0]
        self.regions_image.setLookupTable(lookup)
        self.regions_plot.addItem(self.regions_image)
        self.points = pg.ScatterPlotItem(size=7)
        self.regions_plot.addItem(self.points)
        self._add_feature_choosers()
        grid = QGridLayout()
        grid.addWidget(self.loss_plot, 0, 0)
        grid.addWidget(self.accuracy_plot, 0, 1)
        grid.addWidget(self.weights_plot, 1, 0)
        grid.addWidget(self.regions_plot, 1, 1)
        layout.addLayout(grid)
        self._data: dict | None = None
        self._history = {"epoch": [], "loss": [], "test_loss": [], "test_accuracy": []}
        self._weights = None
        self._dirty = False

    def retranslate(self) -> None:
        super().retranslate()
        name_plot(self.loss_plot, self.tr("Loss"), self.tr("epoch"))
        name_legend(self.loss_plot, self.train_curve, self.tr("train"))
        name_legend(self.loss_plot, self.test_curve, self.tr("test"))
        name_plot(self.accuracy_plot, self.tr("Test accuracy"), self.tr("epoch"))
        name_plot(self.weights_plot, self.tr("Weights and biases"))   # a longer title widened the plot past its cell
        rows = [_tr(name).replace(" ", "\n") for name in FEATURES] + [self.tr("bias")]
        self.weights_plot.getAxis("left").setTicks([[(i + 0.5, name) for i, name in enumerate(rows)]])
        self.weights_plot.getAxis("bottom").setTicks([[(j + 0.5, _tr(name)) for j, name in enumerate(SPECIES)]])
        name_plot(self.regions_plot, self.tr("Decision regions"))
        for box in (self.x_feature, self.y_feature):
            for index, name in enumerate(FEATURES):
                box.setItemText(index, _tr(name))
        self.across_label.setText(self.tr("Regions across"))
        self.and_label.setText(self.tr("and"))
        self._dirty = True
        self.redraw()

    def _build_heat_map(self):
        plot = make_plot()
        plot.setMouseEnabled(x=False, y=False)
        image = pg.ImageItem()
        image.setColorMap(pg.colormap.get("CET-D1"))
        plot.addItem(image)
        plot.getViewBox().invertY(True)
        plot.setRange(xRange=(0, 3), yRange=(0, 5), padding=0.02)   # fixed: auto-range cut the third column
        labels = [[pg.TextItem(anchor=(0.5, 0.5), color="#111") for _ in range(3)] for _ in range(5)]
        for i, row in enumerate(labels):
            for j, label in enumerate(row):
                label.setPos(j + 0.5, i + 0.5)
                plot.addItem(label)
        return plot, image, labels

    def _add_feature_choosers(self) -> None:
        self.x_feature, self.y_feature = QComboBox(), QComboBox()
        for box in (self.x_feature, self.y_feature):
            box.addItems(list(FEATURES))     # named in retranslate()
        store = app_settings()
        self.x_feature.setCurrentIndex(int(store.value("course/iris/x_feature", 2)))
        self.y_feature.setCurrentIndex(int(store.value("course/iris/y_feature", 3)))
        for box, key in ((self.x_feature, "x_feature"), (self.y_feature, "y_feature")):
            box.currentIndexChanged.connect(lambda index, k=key: self._on_feature_changed(k, index))
        self.across_label, self.and_label = QLabel(), QLabel()
        self.form.addRow(self.across_label, self.x_feature)
        self.form.addRow(self.and_label, self.y_feature)

    def _on_feature_changed(self, key: str, index: int) -> None:
        app_settings().setValue(f"course/iris/{key}", index)
        self._dirty = True
        self.redraw()

    def handlers(self):
        return {EPOCH: self._on_epoch, SNAPSHOT: self._on_snapshot}

    def reset_plots(self) -> None:
        for values in self._history.values():
            values.clear()
        self._dirty = True

    def _on_epoch(self, item: dict) -> None:
        for key, values in self._history.items():
            values.append(item[key])

    def _on_snapshot(self, item: dict) -> None:
        if "x_train" in item:
            self._data = item
        self._weights = (np.asarray(item["weights"]), np.asarray(item["biases"]))
        self._dirty = True

    def features(self) -> tuple[int, int]:
        return self.x_feature.currentIndex(), self.y_feature.currentIndex()

    def redraw(self) -> None:
        epochs = self._history["epoch"]
        self.train_curve.setData(epochs, self._history["loss"])
        self.test_curve.setData(epochs, self._history["test_loss"])
        self.accuracy_curve.setData(epochs, self._history["test_accuracy"])
        if self._dirty and self._weights is not None:
            self._draw_weights(*self._weights)
            self._draw_regions(*self._weights)
            self._dirty = False

    def _draw_weights(self, weights: np.ndarray, biases: np.ndarray) -> None:
        table = np.vstack([weights, biases[None, :]])            # 5 rows × 3 classes
        limit = max(float(np.abs(table).max()), 1e-6)
        self.weights_image.setImage(table.T, levels=(-limit, limit))   # ImageItem: axis 0 is x
        self.weights_image.setRect(QRectF(0, 0, 3, 5))
        for i, row in enumerate(self.weight_labels):
            for j, label in enumerate(row):
                label.setText(i18n.number(float(table[i, j]), 2))

    def _draw_regions(self, weights: np.ndarray, biases: np.ndarray) -> None:
        if self._data is None:
            return
        fx, fy = self.features()
        x_all = np.vstack([self._data["x_train"], self._data["x_test"]])
        x_range = (float(x_all[:, fx].min()) - 0.5, float(x_all[:, fx].max()) + 0.5)
        y_range = (float(x_all[:, fy].min()) - 0.5, float(x_all[:, fy].max()) + 0.5)
        regions = decision_regions(weights, biases, (fx, fy), self._data["feature_means"], x_range, y_range,
                                   REGION_GRID)
        self.regions_image.setImage(regions.T, levels=(0, 2), autoLevels=False)
        self.regions_image.setRect(QRectF(x_range[0], y_range[0], x_range[1] - x_range[0], y_range[1] - y_range[0]))
        self._draw_points(fx, fy)
        self.regions_plot.setLabel("bottom", self.x_feature.currentText())
        self.regions_plot.setLabel("left", self.y_feature.currentText())

    def _draw_points(self, fx: int, fy: int) -> None:
        spots = []
        for split, outline in (("train", None), ("test", pg.mkPen("k", width=1.5))):
            x, y = self._data[f"x_{split}"], self._data[f"y_{split}"]
            for row, label in zip(x, y):
                spots.append({"pos": (row[fx], row[fy]), "brush": pg.mkBrush(CLASS_COLOURS[int(label)]),
                              "pen": outline or pg.mkPen(None), "symbol": "o" if split == "train" else "s"})
        self.points.setData(spots)

    def describe_finished(self, item: dict) -> str:
        return self.tr("{0} after {1} epochs: test accuracy {2}, {3} s").format(
            self.finished_word(item), i18n.number(item["epochs_run"]), i18n.percent(item["test_accuracy"]),
            i18n.number(item["train_seconds"], 1))
