"""The classic machine-learning page: the "Test & Score" table, the chosen model's confusion matrix
(click a cell to see those samples: digits as pictures, other data as rows) beside its classification
report; for two-feature data every model's decision regions, refitted off the GUI thread when a
hyper-parameter slider moves (newest change wins, per model); the silhouette over k and the fitted tree
(drawn by gui.course.tree_view, or as export_text); the search's live trials, best-so-far per method and
the validation curve."""
from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit,
                               QSlider, QSplitter, QStackedWidget, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from core.events import FINISHED, SNAPSHOT, STEP
from core.labs.classic import MODEL_TITLES, REGION_MODELS, region_bounds, region_maps
from gui import i18n
from gui.common.workers import LatestRunner
from gui.course.page import LabPage, make_plot, name_legend, name_plot, set_control_value
from gui.course.texts import lab_text
from gui.course.tree_view import TreeView

PALETTE = [(37, 99, 235), (22, 163, 74), (217, 119, 6), (219, 39, 119), (124, 58, 237), (8, 145, 178),
           (101, 163, 13), (220, 38, 38), (71, 85, 105), (202, 138, 4)]
REGION_GRID = 50          # 50 × 50 predictions per model: smooth enough at thumbnail size
SAMPLES_SHOWN = 60
# The form field each model's regions depend on (a change refits that model only).
FIELD_MODEL = {"svm_c": "svm", "svm_gamma": "svm", "svm_kernel": "svm", "knn_k": "knn", "tree_depth": "tree",
               "forest_trees": "forest", "forest_depth": "forest", "xgboost_trees": "xgboost",
               "xgboost_depth": "xgboost"}
# Sliders over the regions: (field, label, low, high, log scale)
SLIDERS = (("svm_c", QT_TRANSLATE_NOOP("ClassicPage", "SVM C"), 1e-2, 1e3, True),
           ("knn_k", QT_TRANSLATE_NOOP("ClassicPage", "KNN k"), 1, 50, False),
           ("tree_depth", QT_TRANSLATE_NOOP("ClassicPage", "Tree depth"), 0, 20, False),
           ("forest_trees", QT_TRANSLATE_NOOP("ClassicPage", "Forest trees"), 1, 300, False))
TABS = (QT_TRANSLATE_NOOP("ClassicPage", "Test && Score"), QT_TRANSLATE_NOOP("ClassicPage", "Decision regions"),
        QT_TRANSLATE_NOOP("ClassicPage", "Search"), QT_TRANSLATE_NOOP("ClassicPage", "Silhouette && tree"))


def colour(index: int, alpha: int = 255) -> tuple[int, ...]:
    return PALETTE[index % len(PALETTE)] + (alpha,)


def table(headers: list[str]) -> QTableWidget:
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.verticalHeader().setVisible(False)
    widget.horizontalHeader().setStretchLastSection(True)
    return widget


def set_headers(widget: QTableWidget, headers: list[str]) -> None:
    """(Re)name a table's columns (a language switch), keeping its rows."""
    for column, text in enumerate(headers):
        widget.setHorizontalHeaderItem(column, QTableWidgetItem(text))


def model_title(name: str) -> str:
    """A classic model's title (core.labs.classic.MODEL_TITLES) in the current language."""
    return lab_text(MODEL_TITLES[name])


def add_row(widget: QTableWidget, cells: list[str]) -> None:
    row = widget.rowCount()
    widget.insertRow(row)
    for column, text in enumerate(cells):
        widget.setItem(row, column, QTableWidgetItem(text))


class ClassicPage(LabPage):
    LAB = "classic"

    def build_plots(self, layout: QVBoxLayout) -> None:
        self.tabs = QTabWidget()
        for build in (self._build_scores, self._build_regions, self._build_search, self._build_clusters_and_tree):
            self.tabs.addTab(build(), "")
        layout.addWidget(self.tabs)
        self._data: dict | None = None
        self._models: dict[str, dict] = {}
        self._chosen = ""
        self._cell_shown: tuple[int, int, int] | None = None     # true class, predicted, samples: the title
        self._region_timing: tuple[str, float] | None = None     # the last refit: model, milliseconds
        self._histories: dict[str, list[float]] = {}
        self._region_runners: dict[str, LatestRunner] = {}
        self._region_asked: dict[str, float] = {}
        self._region_pending: set[str] = set()     # changed while their refit ran: refit once it is drawn
        for name, widget in self.controls.items():
            if name in FIELD_MODEL:
                signal = getattr(widget, "valueChanged", None) or getattr(widget, "currentIndexChanged")
                signal.connect(lambda *_, model=FIELD_MODEL[name]: self.refresh_regions((model,)))
                signal.connect(self._sync_sliders)
        self._sync_sliders()

    def retranslate(self) -> None:
        super().retranslate()
        for index, title in enumerate(TABS):
            self.tabs.setTabText(index, QCoreApplication.translate("ClassicPage", title))
        set_headers(self.scores, [self.tr("Model"), self.tr("Test accuracy"), self.tr("CV mean ± std"),
                                  self.tr("Fit (ms)"), self.tr("Silhouette")])
        for row in range(self.scores.rowCount()):
            cell = self.scores.item(row, 0)
            cell.setText(model_title(cell.data(Qt.ItemDataRole.UserRole)))
        self._name_chosen_model()
        self._show_cell_title()
        self.regions_note.setText(self.tr("Decision regions need two features: choose data with two (dots), or "
                                          "name two in Features (e.g. petal length, petal width)."))
        for field, label, *_ in SLIDERS:
            text = QCoreApplication.translate("ClassicPage", label)
            self.sliders[field].setToolTip(text)
            self.slider_labels[field].setText(text)
        for name, (plot, _image, _points) in self.region_plots.items():
            name_plot(plot, model_title(name))
        self._show_region_timing()
        set_headers(self.trials, [self.tr("Method"), self.tr("Trial"), self.tr("Parameters"), self.tr("CV accuracy"),
                                  self.tr("Best so far")])
        name_plot(self.history_plot, self.tr("Best so far"), self.tr("trial"), self.tr("CV accuracy"))
        name_plot(self.curve_plot, self.tr("Validation curve"), "", self.tr("accuracy"))
        name_legend(self.curve_plot, self.curve_train, self.tr("train"))
        name_legend(self.curve_plot, self.curve_cv, self.tr("cross-validation"))
        name_plot(self.silhouette_plot, self.tr("KMeans silhouette"), self.tr("k"), self.tr("silhouette"))
        self.tree_text.setPlaceholderText(self.tr("The fitted decision tree appears here."))
        self.tree_as_text.setText(self.tr("As text"))
        self.tree_as_text.setToolTip(self.tr("The same tree as scikit-learn's export_text"))
        self._show_tree_note()

    # ---- building ---------------------------------------------------------------------------
    def _build_scores(self) -> QWidget:
        self.scores = table([""] * 5)
        self.scores.itemSelectionChanged.connect(self._on_model_chosen)
        self.confusion_plot = make_plot()
        self.confusion_plot.setMouseEnabled(x=False, y=False)
        self.confusion_plot.getViewBox().invertY(True)
        self.confusion_image = pg.ImageItem()
        self.confusion_image.setColorMap(pg.ColorMap([0.0, 1.0], [(255, 255, 255), (30, 64, 175)]))
        self.confusion_plot.addItem(self.confusion_image)
        self.confusion_plot.scene().sigMouseClicked.connect(self._on_confusion_clicked)
        self._confusion_labels: list[pg.TextItem] = []
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setFont(QFont("monospace", 9))
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.samples_title = QLabel()
        self.samples = QStackedWidget()
        self.sample_images = make_plot("")
        self.sample_images.setMouseEnabled(x=False, y=False)
        self.sample_images.getViewBox().invertY(True)
        self.sample_image = pg.ImageItem()
        self.sample_images.addItem(self.sample_image)
        self.sample_rows = table([])
        self.samples.addWidget(self.sample_images)
        self.samples.addWidget(self.sample_rows)
        page, grid = QWidget(), QGridLayout()
        page.setLayout(grid)
        grid.addWidget(self.scores, 0, 0, 1, 2)
        grid.addWidget(self.confusion_plot, 1, 0)
        grid.addWidget(self.report, 1, 1)
        grid.addWidget(self.samples_title, 2, 0, 1, 2)
        grid.addWidget(self.samples, 3, 0, 1, 2)
        for row, stretch in ((0, 2), (1, 3), (3, 2)):
            grid.setRowStretch(row, stretch)
        return page

    def _build_regions(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.regions_note = QLabel()
        self.regions_note.setWordWrap(True)
        layout.addWidget(self.regions_note)
        sliders = QHBoxLayout()
        self.sliders: dict[str, QSlider] = {}
        self.slider_labels: dict[str, QLabel] = {}
        for field, _label, low, high, log in SLIDERS:
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.valueChanged.connect(lambda position, f=field, lo=low, hi=high, lg=log:
                                        self._on_slider(f, lo, hi, lg, position))
            self.sliders[field] = slider
            self.slider_labels[field] = QLabel()
            sliders.addWidget(self.slider_labels[field])
            sliders.addWidget(slider)
        layout.addLayout(sliders)
        grid = QGridLayout()
        self.region_plots: dict[str, tuple[pg.PlotWidget, pg.ImageItem, pg.ScatterPlotItem]] = {}
        for index, name in enumerate(REGION_MODELS):
            plot = make_plot()
            image, points = pg.ImageItem(), pg.ScatterPlotItem(size=4, pen=pg.mkPen(None))
            plot.addItem(image)
            plot.addItem(points)
            self.region_plots[name] = (plot, image, points)
            grid.addWidget(plot, index // 3, index % 3)
        layout.addLayout(grid, 1)
        self.regions_timing = QLabel()
        layout.addWidget(self.regions_timing)
        return page

    def _build_search(self) -> QWidget:
        self.trials = table([""] * 5)
        self.history_plot = make_plot()
        self.history_plot.addLegend(offset=(-10, -10))
        self.history_plot.getAxis("left").enableAutoSIPrefix(False)
        self.history_curves: dict[str, pg.PlotDataItem] = {}
        self.curve_plot = make_plot()
        self.curve_plot.addLegend(offset=(-10, -10))
        self.curve_train = self.curve_plot.plot(pen=pg.mkPen(colour(0), width=2), symbol="o", symbolSize=5,
                                                name="train")
        self.curve_cv = self.curve_plot.plot(pen=pg.mkPen(colour(2), width=2), symbol="o", symbolSize=5,
                                             name="cv")
        plots = QSplitter(Qt.Orientation.Horizontal)
        plots.addWidget(self.history_plot)
        plots.addWidget(self.curve_plot)
        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(self.trials)
        page.addWidget(plots)
        return page

    def _build_clusters_and_tree(self) -> QWidget:
        self.silhouette_plot = make_plot()
        self.silhouette_curve = self.silhouette_plot.plot(pen=pg.mkPen(colour(4), width=2), symbol="o")
        page = QSplitter(Qt.Orientation.Horizontal)
        page.addWidget(self.silhouette_plot)
        page.addWidget(self._build_tree())
        page.setSizes([300, 700])
        return page

    def _build_tree(self) -> QWidget:
        self.tree_view = TreeView(colour)
        self.tree_text = QPlainTextEdit(readOnly=True)
        self.tree_text.setFont(QFont("monospace", 9))
        self.tree_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.tree_stack = QStackedWidget()
        self.tree_stack.addWidget(self.tree_view)
        self.tree_stack.addWidget(self.tree_text)
        self.tree_note = QLabel()
        self.tree_note.setWordWrap(True)
        self.tree_as_text = QCheckBox()
        self.tree_as_text.toggled.connect(lambda on: self.tree_stack.setCurrentIndex(1 if on else 0))
        header = QHBoxLayout()
        header.addWidget(self.tree_note, 1)
        header.addWidget(self.tree_as_text)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tree_stack, 1)
        return panel

    # ---- events -------------------------------------------------------------------------------
    def handlers(self):
        return {STEP: self._on_step, SNAPSHOT: self._on_snapshot, FINISHED: self._on_lab_finished}

    def reset_plots(self) -> None:
        for widget in (self.scores, self.trials):
            widget.setRowCount(0)
        self._models.clear()
        self._histories.clear()
        for curve in self.history_curves.values():
            self.history_plot.removeItem(curve)
        self.history_curves.clear()
        self.curve_train.setData([], [])
        self.curve_cv.setData([], [])
        self.silhouette_curve.setData([], [])
        self.report.clear()
        self.tree_text.clear()
        self.tree_view.clear_tree()
        self._show_tree_note()
        self.confusion_image.clear()
        self._cell_shown = None     # the next data may have other classes
        self._show_cell_title()

    def _on_step(self, item: dict) -> None:
        if item["phase"] == "score":
            self._add_score(item)
        elif item["phase"] == "trial":
            self._add_trial(item)

    def _add_score(self, item: dict) -> None:
        silhouette = i18n.number(item["silhouette"], 3) if "silhouette" in item else ""
        add_row(self.scores, [model_title(item["model"]), i18n.number(item["test_accuracy"], 3),
                              f"{i18n.number(item['cv_mean'], 3)} ± {i18n.number(item['cv_std'], 3)}",
                              i18n.number(item["fit_seconds"] * 1000, 1), silhouette])
        self.scores.item(self.scores.rowCount() - 1, 0).setData(Qt.ItemDataRole.UserRole, item["model"])

    def _add_trial(self, item: dict) -> None:
        params = ", ".join(f"{k} {_short(v)}" for k, v in item["params"].items())
        add_row(self.trials, [item["method"], i18n.number(item["trial"]), params, i18n.number(item["value"], 4),
                              i18n.number(item["best"], 4)])
        self._histories.setdefault(item["method"], []).append(item["best"])

    def _on_snapshot(self, item: dict) -> None:
        handlers = {"data": self._on_data, "model": self._on_model, "silhouette": self._on_silhouette,
                    "curve": self._on_curve}
        handlers[item["what"]](item)

    def _on_data(self, item: dict) -> None:
        self._data = item
        self.regions_note.setVisible(len(item["feature_names"]) != 2)

    def _on_lab_finished(self, item: dict) -> None:
        self.refresh_regions(REGION_MODELS)   # after the lab, so the refits do not compete with it

    def _on_model(self, item: dict) -> None:
        self._models[item["model"]] = item
        if "tree_text" in item:
            self.tree_text.setPlainText(item["tree_text"])
        if "tree_nodes" in item:
            self.tree_view.show_tree(item["tree_nodes"], self._data["class_names"], item["tree_depth"],
                                     item["tree_text"])
            self._show_tree_note()
        if not self._chosen or self._chosen == "dummy" or item["model"] == self._chosen:
            self.show_model(item["model"])

    def _show_tree_note(self) -> None:
        self.tree_note.setText(self.tree_view.note() or self.tr("Wheel: zoom; drag: move."))

    def _on_silhouette(self, item: dict) -> None:
        ks = sorted(item["scores"])
        self.silhouette_curve.setData(ks, [item["scores"][k] for k in ks])

    def _on_curve(self, item: dict) -> None:
        values = np.log10(item["values"]) if item["log"] else np.asarray(item["values"], dtype=float)
        self.curve_train.setData(values, item["train_mean"])
        self.curve_cv.setData(values, item["cv_mean"])
        axis = f"log10 {item['param']}" if item["log"] else item["param"]
        self.curve_plot.setLabel("bottom", f"{item['model']} {axis}")

    def redraw(self) -> None:
        for index, (method, values) in enumerate(self._histories.items()):
            curve = self.history_curves.get(method)
            if curve is None:
                curve = self.history_plot.plot(pen=pg.mkPen(colour(index), width=2), name=method)
                self.history_curves[method] = curve
            curve.setData(np.arange(1, len(values) + 1), values)
        self.trials.scrollToBottom()

    # ---- the chosen model ------------------------------------------------------------------------
    def _on_model_chosen(self) -> None:
        rows = self.scores.selectionModel().selectedRows()
        if rows:
            self.show_model(self.scores.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole))

    def show_model(self, name: str) -> None:
        item = self._models.get(name)
        if item is None:
            return
        self._chosen = name
        matrix = np.asarray(item["confusion"])
        self.confusion_image.setImage(matrix.T.astype(float), levels=(0, max(1, matrix.max())))
        size = len(matrix)
        self.confusion_image.setRect(QRectF(0, 0, size, size))
        self._label_cells(matrix)
        names = self._data["class_names"] if self._data else [str(i) for i in range(size)]
        ticks = [(i + 0.5, str(n)[:10]) for i, n in enumerate(names)]
        self.confusion_plot.getAxis("left").setTicks([ticks])
        self.confusion_plot.getAxis("bottom").setTicks([ticks])
        self._name_chosen_model()
        self.report.setPlainText(item["report"])

    def _name_chosen_model(self) -> None:
        if self._chosen in self._models:
            name_plot(self.confusion_plot, self.tr("Confusion matrix: {0}").format(model_title(self._chosen)))
        else:
            name_plot(self.confusion_plot, self.tr("Confusion matrix (rows: true, columns: predicted)"))

    def _label_cells(self, matrix: np.ndarray) -> None:
        for label in self._confusion_labels:
            self.confusion_plot.removeItem(label)
        self._confusion_labels = []
        if len(matrix) > 12:
            return
        high = max(1, matrix.max())
        for (i, j), count in np.ndenumerate(matrix):
            label = pg.TextItem(str(count), anchor=(0.5, 0.5), color="#fff" if count > high / 2 else "#111")
            label.setPos(j + 0.5, i + 0.5)
            self.confusion_plot.addItem(label)
            self._confusion_labels.append(label)

    def _on_confusion_clicked(self, mouse_event) -> None:
        if self._chosen not in self._models:
            return
        point = self.confusion_plot.getViewBox().mapSceneToView(mouse_event.scenePos())
        self.show_cell(int(math.floor(point.y())), int(math.floor(point.x())))

    def show_cell(self, true_class: int, predicted: int) -> None:
        """The test samples of class `true_class` that the chosen model called `predicted`."""
        item, data = self._models.get(self._chosen), self._data
        size = len(data["class_names"]) if data else 0
        if item is None or not (0 <= true_class < size and 0 <= predicted < size):
            return
        chosen = np.flatnonzero((np.asarray(data["y_test"]) == true_class) &
                                (np.asarray(item["predictions"]) == predicted))
        self._cell_shown = (true_class, predicted, len(chosen))
        self._show_cell_title()
        rows = np.asarray(data["x_test"])[chosen[:SAMPLES_SHOWN]]
        if data["image_shape"]:
            self._show_images(rows, tuple(data["image_shape"]))
        else:
            self._show_rows(rows, data["feature_names"])

    def _show_cell_title(self) -> None:
        if self._cell_shown is None or self._data is None:
            self.samples_title.setText(self.tr("Click a cell of the matrix to see its samples."))
            return
        true_class, predicted, count = self._cell_shown
        names = self._data["class_names"]
        self.samples_title.setText(self.tr("{0} test samples of {1} predicted as {2}").format(
            i18n.number(count), names[true_class], names[predicted]))

    def _show_images(self, rows: np.ndarray, shape: tuple[int, int]) -> None:
        self.samples.setCurrentWidget(self.sample_images)
        columns = 15
        mosaic = np.zeros((shape[0] * max(1, math.ceil(len(rows) / columns)), shape[1] * columns))
        for index, row in enumerate(rows):
            top, left = (index // columns) * shape[0], (index % columns) * shape[1]
            mosaic[top:top + shape[0], left:left + shape[1]] = row.reshape(shape)
        self.sample_image.setImage(mosaic.T, levels=(0, max(1e-9, float(mosaic.max()))))

    def _show_rows(self, rows: np.ndarray, names: list[str]) -> None:
        self.samples.setCurrentWidget(self.sample_rows)
        self.sample_rows.clear()
        self.sample_rows.setRowCount(0)
        self.sample_rows.setColumnCount(len(names))
        self.sample_rows.setHorizontalHeaderLabels(list(names))
        for row in rows:
            add_row(self.sample_rows, [f"{value:.4g}" for value in row])

    # ---- decision regions ---------------------------------------------------------------------
    def restore_settings(self) -> None:
        super().restore_settings()
        if hasattr(self, "sliders"):
            self._sync_sliders()

    def _sync_sliders(self) -> None:
        """Each slider where its setting's value is (without refitting anything)."""
        for field, _, low, high, log in SLIDERS:
            value = max(low, min(high, float(self.controls[field].value())))
            share = math.log(value / low) / math.log(high / low) if log else (value - low) / (high - low)
            slider = self.sliders[field]
            slider.blockSignals(True)
            slider.setValue(round(share * 100))
            slider.blockSignals(False)

    def _on_slider(self, field: str, low: float, high: float, log: bool, position: int) -> None:
        share = position / 100
        value = low * (high / low) ** share if log else low + (high - low) * share
        widget = self.controls[field]
        set_control_value(widget, value if isinstance(widget.value(), float) else int(round(value)))

    def refresh_regions(self, models) -> None:
        """Refit the named models on the two features off the GUI thread; each draws when it is done. A
        model whose refit is still running refits once more, with the newest settings, when it is drawn:
        a dragged slider then keeps one fit per model busy, not one per step all competing for the cores."""
        data = self._data
        if data is None or len(data["feature_names"]) != 2:
            return
        for name in models:
            self._region_asked[name] = time.perf_counter()
            if self._region_runners.setdefault(name, LatestRunner(self)).busy:
                self._region_pending.add(name)
            else:
                self._start_region(name)

    def _start_region(self, name: str) -> None:
        self._region_pending.discard(name)
        data = self._data
        if data is None or len(data["feature_names"]) != 2:   # other data came meanwhile
            return
        try:
            settings = self.settings()
        except Exception:   # a value out of range while typing: wait for a valid one
            return
        x, y = np.asarray(data["x_train"]), np.asarray(data["y_train"])
        classes = len(data["class_names"])
        self._region_runners[name].run(lambda: region_maps((name,), settings, x, y, REGION_GRID, classes)[name],
                                       lambda grid: self._region_done(name, grid),
                                       lambda message: self._region_done(name, None, message))

    def _region_done(self, name: str, grid: np.ndarray | None, message: str = "") -> None:
        if grid is None:
            self.show_message(message, True)
        elif self._data is not None and len(self._data["feature_names"]) == 2:
            self._draw_region(name, grid)
        if name in self._region_pending:
            self._start_region(name)

    def _draw_region(self, name: str, grid: np.ndarray) -> None:
        data = self._data
        plot, image, points = self.region_plots[name]
        classes = len(data["class_names"])
        lookup = np.array([colour(i, 80) for i in range(classes)], dtype=np.ubyte)
        image.setLookupTable(lookup)
        image.setImage(grid.T, levels=(0, max(1, classes - 1)), autoLevels=False)
        (x0, x1), (y0, y1) = region_bounds(np.asarray(data["x_train"]))
        image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        x, y = np.asarray(data["x_train"]), np.asarray(data["y_train"])
        points.setData(x[:, 0], x[:, 1], brush=[pg.mkBrush(colour(int(c))) for c in y])
        elapsed = (time.perf_counter() - self._region_asked.get(name, time.perf_counter())) * 1000
        self._region_timing = (name, elapsed)
        self._show_region_timing()

    def _show_region_timing(self) -> None:
        if self._region_timing is None:
            self.regions_timing.setText("")
            return
        name, elapsed = self._region_timing
        self.regions_timing.setText(self.tr("{0}: refit and redrawn {1} ms after the change").format(
            model_title(name), i18n.number(elapsed, 0)))

    def shutdown(self) -> None:
        for runner in self._region_runners.values():
            runner.cancel()
            runner.wait(5000)
        super().shutdown()

    def describe_finished(self, item: dict) -> str:
        best = max(item["results"], key=lambda row: row["test_accuracy"], default=None)
        if best is None:
            return self.tr("Stopped.") if item.get("stopped") else self.tr("Finished.")
        text = self.tr("{0}: {1} models on {2} samples; best test accuracy {3} ({4})").format(
            self.finished_word(item), i18n.number(len(item["results"])), i18n.number(item["samples"]),
            i18n.percent(best["test_accuracy"], 1), model_title(best["model"]))
        if item.get("skipped_rows"):
            text += self.tr("; {0} rows skipped").format(i18n.number(item["skipped_rows"]))
        return text


def _short(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)
