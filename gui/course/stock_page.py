"""The stock page: the real price with the test period shaded, each cell's one-day-ahead predictions
and its recursive forecast (dashed, its own predictions fed back) in its own colours; the training
curves; and one table comparing the cells with the "tomorrow = today" baseline, with a plain verdict."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from core.events import EPOCH, FINISHED, SNAPSHOT
from gui import i18n
from gui.common.widgets import cache_axes
from gui.course.page import LabPage, make_plot, name_legend, name_plot
from gui.course.texts import significant

CELL_COLOURS = {"rnn": (37, 99, 235), "lstm": (22, 163, 74), "gru": (147, 51, 234)}
FORECAST_COLOURS = {"rnn": (234, 88, 12), "lstm": (202, 138, 4), "gru": (219, 39, 119)}   # warm: fed back
PRICE_COLOUR = (90, 90, 90)
COLUMNS = ("", "MSE", "RMSE", "MAE", QT_TRANSLATE_NOOP("StockPage", "vs baseline"),
           QT_TRANSLATE_NOOP("StockPage", "forecast RMSE"))


def _seconds(dates: np.ndarray) -> np.ndarray:
    """datetime64 days → seconds since 1970 (what pyqtgraph's date axis reads)."""
    return dates.astype("datetime64[s]").astype(np.float64)


class StockPage(LabPage):
    LAB = "stock"

    def build_plots(self, layout: QVBoxLayout) -> None:
        self.price_plot = make_plot()
        self.price_plot.setAxisItems({"bottom": pg.DateAxisItem()})
        self.price_plot.addLegend(offset=(10, 10))
        self.price_curve = self.price_plot.plot(pen=pg.mkPen(PRICE_COLOUR, width=1.5), name="real")
        self.test_region = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(254, 243, 199, 120),
                                               pen=pg.mkPen(None))
        self.test_region.setZValue(-10)
        self.price_plot.addItem(self.test_region)
        self.loss_plot = make_plot()
        self.loss_plot.setLogMode(y=True)
        self.loss_plot.addLegend(offset=(-10, 10))
        for plot in (self.price_plot, self.loss_plot):
            cache_axes(plot)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.price_plot, 3)
        lower = QHBoxLayout()
        lower.addWidget(self.loss_plot, 1)
        right = QVBoxLayout()
        right.addWidget(self.table)
        right.addWidget(self.verdict)
        lower.addLayout(right, 1)
        layout.addLayout(lower, 2)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._choose_csv)
        self.form.addRow("", self.browse_button)
        self._clear_state()

    def retranslate(self) -> None:
        super().retranslate()
        name_plot(self.price_plot, self.tr("Price"), "", self.tr("price"))
        name_plot(self.loss_plot, self.tr("Loss (MSE, scaled prices; dashed: test days)"), self.tr("epoch"))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("StockPage", name) if name else ""
                                              for name in COLUMNS])
        self.browse_button.setText(self.tr("Open a CSV…"))
        self._show_results()
        self._dirty = True
        self.redraw()

    def _show_results(self) -> None:
        """The table, the verdict and the real price's name, from what the run has sent so far."""
        name_legend(self.price_plot, self.price_curve, self.tr("real"))
        if self._table_item is not None:
            self._fill_table(self._table_item)
        self.verdict.setText(self._verdict_text())

    def _verdict_text(self) -> str:
        """One plain sentence: better than "tomorrow = today" or not, and by how much (RMSE); core's
        verdict() says the same in English for the CLI."""
        item = self._done
        if item is None or not item["verdict"]:
            return ""
        model, baseline = item["rmse"], item["baseline"]["rmse"]
        if not np.isfinite(model):
            return self.tr("The network's predictions are not numbers: it diverged.")
        change = (model - baseline) / baseline * 100 if baseline else 0.0
        if change < 0:
            return self.tr("Better than 'tomorrow = today': RMSE {0} against {1} ({2}% lower).").format(
                significant(model), significant(baseline), i18n.number(-change, 1))
        return self.tr("Not better than 'tomorrow = today': RMSE {0} against {1} ({2}% higher) — copying "
                       "yesterday's price would do as well.").format(
            significant(model), significant(baseline), i18n.number(change, 1))

    def _clear_state(self) -> None:
        self._series: dict | None = None
        self._history: dict[str, dict[str, list[float]]] = {}
        self._predictions: dict[str, np.ndarray] = {}
        self._forecasts: dict[str, np.ndarray] = {}
        self._rows: dict[str, dict] = {}
        self._loss_curves: dict[str, tuple] = {}
        self._table_item: dict | None = None    # what the table shows: the baseline, then every cell's row
        self._done: dict | None = None          # the FINISHED event (the verdict's numbers)
        self._dirty = True

    def _choose_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a CSV of prices"), "", self.tr("CSV (*.csv)"))
        if path:
            self.controls["data"].setText(path)
            self.save_settings()

    def handlers(self):
        return {EPOCH: self._on_epoch, SNAPSHOT: self._on_snapshot, FINISHED: self._on_done}

    def reset_plots(self) -> None:
        self._clear_state()
        self.price_plot.clear()
        self.loss_plot.clear()
        self.price_plot.addItem(self.test_region)
        self.price_curve = self.price_plot.plot(pen=pg.mkPen(PRICE_COLOUR, width=1.5), name="real")
        self.table.setRowCount(0)
        self._show_results()

    def _on_epoch(self, item: dict) -> None:
        history = self._history.setdefault(item["cell"], {"epoch": [], "loss": [], "test_loss": []})
        for key, values in history.items():
            values.append(item[key])

    def _on_snapshot(self, item: dict) -> None:
        if "prices" in item:
            self._series = item
            self._fill_table({"baseline": item["baseline"], "results": []})   # the yardstick, before any cell
        if "predictions" in item:
            self._predictions[item["cell"]] = np.asarray(item["predictions"])
        if "forecast" in item:
            self._forecasts[item["cell"]] = np.asarray(item["forecast"])
        self._dirty = True

    def _on_done(self, item: dict) -> None:
        self._rows = {row["cell"]: row for row in item["results"]}
        self._done = item
        self._fill_table(item)
        self.verdict.setText(self._verdict_text())

    def redraw(self) -> None:
        self._draw_losses()
        if self._dirty and self._series is not None:
            self._draw_prices()
            self._dirty = False

    def _draw_losses(self) -> None:
        for cell, history in self._history.items():
            if cell not in self._loss_curves:
                colour = CELL_COLOURS[cell]
                self._loss_curves[cell] = (
                    self.loss_plot.plot(pen=pg.mkPen(colour, width=2), name=cell, symbol="o", symbolSize=4,
                                        symbolBrush=colour, symbolPen=None),
                    self.loss_plot.plot(pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine)))
            train, test = self._loss_curves[cell]
            train.setData(history["epoch"], history["loss"])
            test.setData(history["epoch"], history["test_loss"])

    def _draw_prices(self) -> None:
        series = self._series
        x = _seconds(series["dates"])
        first = series["first_test"]
        self.price_curve.setData(x, series["prices"])
        self.test_region.setRegion((x[first], x[-1]))
        for item in list(self.price_plot.listDataItems())[1:]:
            self.price_plot.removeItem(item)
        for cell, predicted in self._predictions.items():
            self.price_plot.plot(x[first:first + len(predicted)], predicted,
                                 pen=pg.mkPen(CELL_COLOURS[cell], width=1.5), name=self.tr("{0}, next day").format(cell))
        for cell, forecast in self._forecasts.items():
            if len(forecast):
                self.price_plot.plot(x[first:first + len(forecast)], forecast,
                                     pen=pg.mkPen(FORECAST_COLOURS[cell], width=2, style=Qt.PenStyle.DashLine),
                                     name=self.tr("{0}, fed its own predictions").format(cell))

    def _fill_table(self, item: dict) -> None:
        self._table_item = item
        baseline = item["baseline"]
        rows = [(self.tr("tomorrow = today"), baseline, None)] + [(row["cell"], row, row) for row in item["results"]]
        self.table.setRowCount(len(rows))
        for index, (name, scores, row) in enumerate(rows):
            cells = [name, significant(scores["mse"]), significant(scores["rmse"]), significant(scores["mae"]),
                     _versus(scores["rmse"], baseline["rmse"]) if row else "",
                     significant(row["forecast_rmse"]) if row and np.isfinite(row["forecast_rmse"]) else ""]
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))

    def describe_finished(self, item: dict) -> str:
        return self.tr("{0}: {1} test days, {2} rows skipped, {3} s").format(
            self.finished_word(item), i18n.number(item["test_points"]), i18n.number(item["skipped_rows"]),
            i18n.number(item["train_seconds"], 1))


def _versus(rmse: float, baseline: float) -> str:
    if not np.isfinite(rmse) or not baseline:
        return "—"
    change = (rmse - baseline) / baseline
    return ("+" if change >= 0 else "") + i18n.percent(change, 1)
