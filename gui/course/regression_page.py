"""The regression page: a toy's points with the fitted line or curve (or the predicted classes) drawn as
it trains, and its loss; or the wide & deep table (MSE, RMSE, MAE, R² per model) beside predicted vs
true, and the search's trials."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtWidgets import QGridLayout, QSplitter, QVBoxLayout

from core.events import EPOCH, SNAPSHOT, STEP
from gui import i18n
from gui.course.classic_page import add_row, colour, set_headers, table
from gui.course.page import LabPage, make_plot, name_legend, name_plot
from gui.course.texts import significant

MODEL_TITLES = {"dummy": QT_TRANSLATE_NOOP("RegressionPage", "DummyRegressor"),
                "linear": QT_TRANSLATE_NOOP("RegressionPage", "LinearRegression"),
                "mlp": QT_TRANSLATE_NOOP("RegressionPage", "MLPRegressor"),
                "wide-deep": QT_TRANSLATE_NOOP("RegressionPage", "Wide & deep")}
MODEL_ROLE = Qt.ItemDataRole.UserRole


def model_title(model: str) -> str:
    return QCoreApplication.translate("RegressionPage", MODEL_TITLES.get(model, model))


class RegressionPage(LabPage):
    LAB = "regression"

    def build_plots(self, layout: QVBoxLayout) -> None:
        self.fit_plot = make_plot("", "x", "y")
        self._fit_is_toy = True     # the last run was a toy exercise (else the fit plot says it is for toys)
        self.fit_points = pg.ScatterPlotItem(size=5, pen=pg.mkPen(None))
        self.fit_curve = self.fit_plot.plot(pen=pg.mkPen(colour(7), width=3))
        self.fit_regions = pg.ImageItem()
        for item in (self.fit_regions, self.fit_points):
            self.fit_plot.addItem(item)
        self.loss_plot = make_plot()
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen(colour(0), width=2))
        self.scores = table(["", "MSE", "RMSE", "MAE", "R²"])
        self.truth_plot = make_plot()
        self.truth_plot.addLegend(offset=(10, 10))
        self.diagonal = self.truth_plot.plot(pen=pg.mkPen("#999", style=Qt.PenStyle.DashLine))
        self.trials = table([""] * 6)
        grid = QGridLayout()
        grid.addWidget(self.fit_plot, 0, 0)
        grid.addWidget(self.loss_plot, 0, 1)
        grid.addWidget(self.truth_plot, 1, 0)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.scores)
        side.addWidget(self.trials)
        grid.addWidget(side, 1, 1)
        layout.addLayout(grid)
        self._losses: list[float] = []
        self._truth: dict[str, pg.ScatterPlotItem] = {}

    def retranslate(self) -> None:
        super().retranslate()
        name_plot(self.fit_plot, self.tr("Data and fit") if self._fit_is_toy
                  else self.tr("Data and fit (the toy exercises)"))
        name_plot(self.loss_plot, self.tr("Loss"), self.tr("step / epoch"))
        set_headers(self.scores, [self.tr("Model"), "MSE", "RMSE", "MAE", "R²"])
        name_plot(self.truth_plot, self.tr("Predicted vs true (test split)"), self.tr("true"), self.tr("predicted"))
        set_headers(self.trials, [self.tr("Method"), self.tr("Trial"), self.tr("Width"), self.tr("Learning rate"),
                                  self.tr("Validation MSE"), self.tr("Best so far")])
        for row in range(self.scores.rowCount()):
            cell = self.scores.item(row, 0)
            cell.setText(model_title(cell.data(MODEL_ROLE)))
        for model, points in self._truth.items():
            name_legend(self.truth_plot, points, model_title(model))

    def handlers(self):
        return {EPOCH: self._on_epoch, SNAPSHOT: self._on_snapshot, STEP: self._on_trial}

    def reset_plots(self) -> None:
        self._fit_is_toy = self.controls["exercise"].currentText() != "wide-deep"
        name_plot(self.fit_plot, self.tr("Data and fit") if self._fit_is_toy
                  else self.tr("Data and fit (the toy exercises)"))
        self._losses.clear()
        self.scores.setRowCount(0)
        self.trials.setRowCount(0)
        for item in self._truth.values():
            self.truth_plot.removeItem(item)
        self._truth.clear()
        self.fit_curve.setData([], [])
        self.fit_points.clear()
        self.fit_regions.clear()

    def _on_epoch(self, item: dict) -> None:
        if item["epoch"] == 1:
            self._losses.clear()   # wide & deep: a new network starts (search trials train their own)
        self._losses.append(item["loss"])

    def _on_trial(self, item: dict) -> None:
        if item.get("phase") != "trial":
            return
        params = item["params"]
        add_row(self.trials, [item["method"], i18n.number(item["trial"]), i18n.number(params["width"]),
                              significant(params["lr"], 2), i18n.number(item["value"], 4),
                              i18n.number(item["best"], 4)])

    def _on_snapshot(self, item: dict) -> None:
        handlers = {"toy": self._on_toy, "predictions": self._on_predictions, "data": lambda _: None}
        handlers[item["what"]](item)

    def _on_toy(self, item: dict) -> None:
        if "x" in item:
            x, y = np.asarray(item["x"]), np.asarray(item["y"])
            if x.shape[1] == 1:
                self.fit_points.setData(x[:, 0], y.ravel(), brush=pg.mkBrush(colour(0, 160)))
            else:
                self.fit_points.setData(x[:, 0], x[:, 1], brush=[pg.mkBrush(colour(int(c))) for c in y])
        if "curve_x" in item:
            self.fit_curve.setData(item["curve_x"], item["curve_y"])
        if "grid" in item:
            grid = np.asarray(item["grid"])
            x0, x1, y0, y1 = item["bounds"]
            self.fit_regions.setLookupTable(np.array([colour(i, 70) for i in range(3)], dtype=np.ubyte))
            self.fit_regions.setImage(grid.T, levels=(0, 2), autoLevels=False)
            self.fit_regions.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))

    def _on_predictions(self, item: dict) -> None:
        scores = item["scores"]
        add_row(self.scores, [model_title(item["model"])] +
                [significant(scores[key]) for key in ("mse", "rmse", "mae", "r2")])
        self.scores.item(self.scores.rowCount() - 1, 0).setData(MODEL_ROLE, item["model"])
        true, predicted = np.asarray(item["y_true"]), np.asarray(item["y_pred"])
        if item["model"] != "dummy":
            points = pg.ScatterPlotItem(true, predicted, size=5, pen=pg.mkPen(None),
                                        brush=pg.mkBrush(colour(len(self._truth), 150)),
                                        name=model_title(item["model"]))
            self.truth_plot.addItem(points)
            self._truth[item["model"]] = points
        low, high = float(true.min()), float(true.max())
        self.diagonal.setData([low, high], [low, high])

    def redraw(self) -> None:
        self.loss_curve.setData(np.arange(1, len(self._losses) + 1), self._losses)

    def describe_finished(self, item: dict) -> str:
        prefix = self.finished_word(item)
        if "slope" in item:
            return self.tr("{0}: y = {1}x + {2} after {3} steps").format(
                prefix, i18n.number(item["slope"], 3), i18n.number(item["intercept"], 3),
                i18n.number(item["epochs_run"]))
        if "accuracy" in item:
            return self.tr("{0}: accuracy {1} after {2} steps").format(
                prefix, i18n.percent(item["accuracy"], 1), i18n.number(item["epochs_run"]))
        results = item.get("results", [])
        best = min(results, key=lambda row: row["mse"], default=None)
        if best is None:
            return self.tr("Stopped.") if item.get("stopped") else self.tr("Finished.")
        return self.tr("{0}: lowest test RMSE {1} ({2}, R² {3})").format(
            prefix, significant(best["rmse"]), model_title(best["model"]), i18n.number(best["r2"], 3))
