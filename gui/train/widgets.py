"""Widgets of the Train tab: live curves, the confusion matrix, image grids and galleries.

The plots and the matrix name their titles, axes and legends in retranslate() (gui.i18n), so a language
switch renames them without touching a curve; grids and galleries show the texts their owners give."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QWidget

from gui import i18n
from gui.common.images import to_pixmap
from gui.common.widgets import cache_axes


class ImageGrid(QWidget):
    """A fixed grid of small images with optional captions (dataset and augmentation previews)."""

    def __init__(self, columns: int = 8, cell: int = 40, parent: QWidget | None = None):
        super().__init__(parent)
        self._columns = columns
        self._cell = cell
        self._pixmaps: list[QPixmap] = []
        self._captions: list[str] = []
        self._message = ""
        self.images: list[np.ndarray] = []      # what is shown, as arrays
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self._update_height()

    def set_images(self, images: np.ndarray | list, captions: list[str] | None = None) -> None:
        self.images = [np.asarray(image) for image in images]
        self._pixmaps = [to_pixmap(image, self._cell - 4) for image in self.images]
        self._captions = list(captions or [])
        self._message = ""
        self._update_height()
        self.update()

    def set_captions(self, captions: list[str]) -> None:
        """New captions for the images shown (a language switch), the images untouched."""
        if self._pixmaps:
            self._captions = list(captions)
            self.update()

    def set_message(self, message: str) -> None:
        self._pixmaps, self._captions, self._message, self.images = [], [], message, []
        self._update_height()
        self.update()

    def image_count(self) -> int:
        return len(self._pixmaps)

    @property
    def captions(self) -> list[str]:
        return list(self._captions)

    def _caption_height(self) -> int:
        return 14 if self._captions else 0

    def _update_height(self) -> None:
        rows = max(1, math.ceil(len(self._pixmaps) / self._columns))
        self.setFixedHeight(rows * (self._cell + self._caption_height()) + 2)

    def sizeHint(self) -> QSize:
        return QSize(self._columns * self._cell, self.height())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt naming
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(24, 24, 24))
        if self._message:
            painter.setPen(QColor(200, 200, 200))
            painter.drawText(self.rect(), Qt.AlignCenter | Qt.TextWordWrap, self._message)
            return
        cell_w = max(self._cell, self.width() // self._columns)
        row_h = self._cell + self._caption_height()
        font = QFont(painter.font())
        font.setPointSizeF(7.5)
        painter.setFont(font)
        painter.setPen(QColor(210, 210, 210))
        for index, pixmap in enumerate(self._pixmaps):
            row, column = divmod(index, self._columns)
            x = column * cell_w + (cell_w - pixmap.width()) // 2
            y = row * row_h + 2
            painter.drawPixmap(x, y, pixmap)
            if index < len(self._captions):
                painter.drawText(QRect(column * cell_w, y + self._cell - 2, cell_w, 14),
                                 Qt.AlignCenter, self._captions[index])


class Gallery(QListWidget):
    """A scrollable wall of images with captions (mistakes, a confusion-matrix cell)."""

    def __init__(self, icon_size: int = 56, parent: QWidget | None = None):
        super().__init__(parent)
        self.setViewMode(QListWidget.IconMode)
        self.setIconSize(QSize(icon_size, icon_size))
        self.setGridSize(QSize(icon_size + 40, icon_size + 34))
        self.setResizeMode(QListWidget.Adjust)
        self.setMovement(QListWidget.Static)
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.setSelectionMode(QListWidget.NoSelection)
        self._icon_size = icon_size

    def show_images(self, images: list[np.ndarray], captions: list[str], tooltips: list[str] | None = None):
        self.clear()
        for index, (image, caption) in enumerate(zip(images, captions)):
            item = QListWidgetItem(QIcon(to_pixmap(image, self._icon_size)), caption)
            item.setTextAlignment(Qt.AlignHCenter | Qt.AlignTop)
            if tooltips:
                item.setToolTip(tooltips[index])
            self.addItem(item)


# --- live curves ----------------------------------------------------------------------------------

class GrowingSeries:
    """x/y points in preallocated arrays that double when full: appending is O(1), and the plot gets
    views, not copies, of what is there."""

    def __init__(self, capacity: int = 4096):
        self._x = np.empty(capacity, np.float64)
        self._y = np.empty(capacity, np.float64)
        self.size = 0

    def append(self, x: float, y: float) -> None:
        if self.size == self._x.size:
            self._x = np.concatenate([self._x, np.empty_like(self._x)])
            self._y = np.concatenate([self._y, np.empty_like(self._y)])
        self._x[self.size] = x
        self._y[self.size] = y
        self.size += 1

    def clear(self) -> None:
        self.size = 0

    @property
    def x(self) -> np.ndarray:
        return self._x[:self.size]

    @property
    def y(self) -> np.ndarray:
        return self._y[:self.size]


TRAIN_COLOR = (66, 133, 244)
VALIDATION_COLOR = (234, 120, 30)
OVERLAY_COLORS = [(120, 190, 90), (200, 90, 200), (90, 190, 200), (220, 200, 80), (160, 160, 160)]


class _Curve:
    """One plotted line fed from a GrowingSeries."""

    def __init__(self, plot: pg.PlotItem, pen, symbol: str | None = None):
        self.series = GrowingSeries()
        self.plot = plot
        self.item = plot.plot(name=" ", pen=pen, symbol=symbol, symbolSize=6,
                              symbolBrush=pen.color() if symbol else None, symbolPen=None)
        self.item.setDownsampling(auto=True, method="peak")
        self.item.setClipToView(True)
        self._drawn = 0

    def append(self, x: float, y: float) -> None:
        if y is not None and math.isfinite(y):
            self.series.append(x, y)

    def redraw(self) -> None:
        if self.series.size != self._drawn:
            self.item.setData(self.series.x, self.series.y)
            self._drawn = self.series.size

    def clear(self) -> None:
        self.series.clear()
        self.item.setData([], [])
        self._drawn = 0

    def rename(self, name: str) -> None:
        """The curve's name in its plot's legend (legends get no LanguageChange)."""
        self.item.opts["name"] = name
        legend = self.plot.legend
        if legend is None:
            return
        for sample, label in legend.items:
            if sample.item is self.item:
                label.setText(name)
        legend.updateSize()


class TrainingCurves(i18n.Retranslatable, pg.GraphicsLayoutWidget):
    """Loss, accuracy and learning rate of the running training, during each epoch (the engines report
    the epoch's running mean about ten times a second, which smooths the per-batch noise) and per
    epoch, with earlier runs overlaid. Events are recorded at once; drawing happens in `redraw`, which the tab
    calls at a steady pace, so a flood of batch events never floods the screen. During a run the axes are
    fixed (epochs known, accuracy 0..1, the schedule's highest rate): the curves grow across a still frame,
    and pyqtgraph need not recompute and redraw the axes on every update."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setBackground("w")
        # Legends sit where the curves are not: loss falls (legend top right), accuracy rises (bottom right).
        self.loss_plot = self._add_plot(row=0, column=0, legend_offset=(-10, 10))
        self.accuracy_plot = self._add_plot(row=0, column=1, legend_offset=(-10, -30))
        self.lr_plot = self._add_plot(row=1, column=0, colspan=2, legend_offset=(-10, 10))
        self.lr_plot.setMaximumHeight(170)
        self.accuracy_plot.setYRange(0, 1, padding=0.02)
        self._run_epochs = 0

        batch_pen = pg.mkPen(TRAIN_COLOR + (110,), width=1)
        train_pen = pg.mkPen(TRAIN_COLOR, width=2)
        val_pen = pg.mkPen(VALIDATION_COLOR, width=2)
        self.batch_loss = _Curve(self.loss_plot, batch_pen)
        self.epoch_loss = _Curve(self.loss_plot, train_pen, "o")
        self.val_loss = _Curve(self.loss_plot, val_pen, "s")
        self.batch_accuracy = _Curve(self.accuracy_plot, batch_pen)
        self.epoch_accuracy = _Curve(self.accuracy_plot, train_pen, "o")
        self.val_accuracy = _Curve(self.accuracy_plot, val_pen, "s")
        self.learning_rate = _Curve(self.lr_plot, pg.mkPen((90, 90, 90), width=2))
        self._curves = [self.batch_loss, self.epoch_loss, self.val_loss, self.batch_accuracy,
                        self.epoch_accuracy, self.val_accuracy, self.learning_rate]
        self._overlay_items: list = []
        self._overlay_runs: list[tuple[str, list[dict]]] = []
        self.retranslate()

    def retranslate(self) -> None:
        for plot, title in ((self.loss_plot, self.tr("Loss")), (self.accuracy_plot, self.tr("Accuracy")),
                            (self.lr_plot, self.tr("Learning rate"))):
            plot.setTitle(title)
            plot.setLabel("bottom", self.tr("epoch"))
        during, per_epoch, validation = (self.tr("training, during the epoch"), self.tr("training, per epoch"),
                                         self.tr("validation"))
        for curve, name in ((self.batch_loss, during), (self.epoch_loss, per_epoch), (self.val_loss, validation),
                            (self.batch_accuracy, during), (self.epoch_accuracy, per_epoch),
                            (self.val_accuracy, validation), (self.learning_rate, self.tr("learning rate"))):
            curve.rename(name)

    def _add_plot(self, row: int, column: int, colspan: int = 1,
                  legend_offset: tuple[int, int] = (-10, 10)) -> pg.PlotItem:
        plot = self.addPlot(row=row, col=column, colspan=colspan)
        _light_grid(plot)
        # The legend sits on a white card; the view (curves and legend) goes above the axes, which draw
        # the grid, so no grid line runs through the legend's names (pyqtgraph: z ≥ 1 is above them).
        plot.addLegend(offset=legend_offset, labelTextSize="8pt", labelTextColor=AXIS_TEXT_COLOR,
                       brush=pg.mkBrush(255, 255, 255, 230))
        plot.vb.setZValue(1)
        plot.setMouseEnabled(x=True, y=False)
        cache_axes(plot)
        return plot

    def reset(self, epochs: int = 0, highest_rate: float | None = None) -> None:
        """Empty every curve for a new run of `epochs` (named so: pyqtgraph's layout widget owns `clear`)."""
        for curve in self._curves:
            curve.clear()
        self._run_epochs = epochs
        self._fit_epoch_axes()
        if highest_rate:
            self.lr_plot.setYRange(0, highest_rate * 1.05, padding=0)
        else:
            self.lr_plot.enableAutoRange(axis="y")

    def _fit_epoch_axes(self) -> None:
        """A run's epochs (and those of the runs overlaid) fix the x axes; with no run they follow the data."""
        span = max([self._run_epochs] + [len(rows) for _, rows in self._overlay_runs])
        for plot in (self.loss_plot, self.accuracy_plot, self.lr_plot):
            if span:
                plot.setXRange(0, span, padding=0.02)
            else:
                plot.enableAutoRange(axis="x")

    def add_batch(self, event: dict) -> None:
        batches = max(int(event.get("batches") or 1), 1)
        x = int(event["epoch"]) - 1 + int(event["batch"]) / batches
        if event.get("loss") is not None:
            self.batch_loss.append(x, float(event["loss"]))
        if event.get("accuracy") is not None:
            self.batch_accuracy.append(x, float(event["accuracy"]))
        if event.get("lr") is not None:
            self.learning_rate.append(x, float(event["lr"]))

    def add_epoch(self, event: dict) -> None:
        x = float(event["epoch"])
        self.epoch_loss.append(x, _number(event.get("loss")))
        self.epoch_accuracy.append(x, _number(event.get("accuracy")))
        self.val_loss.append(x, _number(event.get("val_loss")))
        self.val_accuracy.append(x, _number(event.get("val_accuracy")))

    def redraw(self) -> None:
        for curve in self._curves:
            curve.redraw()

    def point_count(self) -> dict[str, int]:
        """How many points each curve holds (what tests and the status line look at)."""
        return {"batch_loss": self.batch_loss.series.size, "epoch_loss": self.epoch_loss.series.size,
                "val_accuracy": self.val_accuracy.series.size, "lr": self.learning_rate.series.size}

    def set_overlays(self, runs: list[tuple[str, list[dict]]]) -> None:
        """Earlier runs' per-epoch validation curves (training ones where a run has no validation)."""
        for plot, item in self._overlay_items:
            plot.removeItem(item)
        self._overlay_items = []
        self._overlay_runs = list(runs)
        for index, (label, rows) in enumerate(runs):
            color = OVERLAY_COLORS[index % len(OVERLAY_COLORS)]
            pen = pg.mkPen(color, width=2, style=Qt.DashLine)
            epochs = [float(row["epoch"]) for row in rows]
            for plot, keys in ((self.loss_plot, ("val_loss", "loss")),
                               (self.accuracy_plot, ("val_accuracy", "accuracy"))):
                values = _first_present(rows, keys)
                if values is None:
                    continue
                item = plot.plot(epochs, values, pen=pen, symbol="t", symbolSize=6, symbolBrush=color,
                                 symbolPen=None, name=label)
                self._overlay_items.append((plot, item))
        self._fit_epoch_axes()

    def overlay_count(self) -> int:
        return len(self._overlay_items)


GRID_COLOR = (228, 228, 228)
AXIS_TEXT_COLOR = (90, 90, 90)


def _light_grid(plot: pg.PlotItem) -> None:
    """Grid lines in an opaque light grey: they read the same as translucent dark ones and are much
    cheaper to paint (blending grid lines over the whole plot was most of a redraw's cost). Major and
    minor lines only: pyqtgraph's third, finest level added little to read and made the repaint after
    each rescale (at every start of a run) about half as long again (14 ms against 9, median)."""
    plot.showGrid(x=True, y=True, alpha=1.0)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(GRID_COLOR))
        axis.setTextPen(pg.mkPen(AXIS_TEXT_COLOR))
        axis.setStyle(maxTickLevel=1)


def _first_present(rows: list[dict], keys: tuple[str, ...]) -> list[float] | None:
    for key in keys:
        values = [_number(row.get(key)) for row in rows]
        if values and all(v is not None for v in values):
            return values
    return None


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


class RatePreview(i18n.Retranslatable, pg.PlotWidget):
    """A small plot of the learning-rate schedule over the planned epochs."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setBackground("w")
        self.setFixedHeight(110)
        self.showGrid(x=True, y=True, alpha=0.25)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self._line = self.plot(pen=pg.mkPen((90, 90, 90), width=2))
        self.retranslate()

    def retranslate(self) -> None:
        self.getPlotItem().setLabel("bottom", self.tr("epoch"))

    def show_rates(self, epochs: np.ndarray, rates: np.ndarray) -> None:
        self._line.setData(epochs, rates)
        top = float(np.max(rates)) if len(rates) else 1.0
        self.setYRange(0, top * 1.1 if top > 0 else 1.0, padding=0)
        self.setXRange(float(epochs[0]), float(epochs[-1]), padding=0.02)

    def rates(self) -> np.ndarray:
        _, y = self._line.getData()
        return np.asarray(y if y is not None else [])


# --- confusion matrix -----------------------------------------------------------------------------

class ConfusionMatrixView(i18n.Retranslatable, QWidget):
    """A heat map of the confusion matrix: rows are true classes, columns predicted ones. Colours are
    row shares (green on the diagonal, red off it), numbers are counts. Click a cell to see its images."""

    cell_clicked = Signal(int, int)   # true class, predicted class

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._matrix: np.ndarray | None = None
        self._names: list[str] = []
        self._hover: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(300, 300)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr("Rows: the true class. Columns: what the model said. Click a cell to see those "
                                "images."))
        self.update()      # the axis names are painted

    def set_matrix(self, matrix: np.ndarray | None, class_names: list[str] | None = None) -> None:
        self._matrix = None if matrix is None else np.asarray(matrix)
        self._names = list(class_names or ([] if matrix is None else [str(k) for k in range(len(matrix))]))
        self.update()

    def _layout(self) -> tuple[int, int, float]:
        """Left and top margins and the cell size."""
        margin_left, margin_top = 64, 40
        k = len(self._matrix)
        cell = max(4.0, min((self.width() - margin_left - 8) / k, (self.height() - margin_top - 8) / k))
        return margin_left, margin_top, cell

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        if self._matrix is None:
            return None
        left, top, cell = self._layout()
        column, row = math.floor((x - left) / cell), math.floor((y - top) / cell)
        k = len(self._matrix)
        return (row, column) if 0 <= row < k and 0 <= column < k else None

    def cell_center(self, true_class: int, predicted_class: int) -> tuple[int, int]:
        left, top, cell = self._layout()
        return int(left + (predicted_class + 0.5) * cell), int(top + (true_class + 0.5) * cell)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        cell = self.cell_at(event.position().x(), event.position().y())
        if cell is not None and event.button() == Qt.LeftButton:
            self.cell_clicked.emit(*cell)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        cell = self.cell_at(event.position().x(), event.position().y())
        if cell != self._hover:
            self._hover = cell
            self.setCursor(Qt.PointingHandCursor if cell else Qt.ArrowCursor)
            self.update()

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._hover = None
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing, False)
        if self._matrix is None:
            painter.setPen(QColor(120, 120, 120))
            painter.drawText(self.rect(), Qt.AlignCenter | Qt.TextWordWrap,
                             self.tr("The confusion matrix appears after an evaluation."))
            return
        matrix = self._matrix
        k = len(matrix)
        left, top, cell = self._layout()
        row_totals = np.maximum(matrix.sum(axis=1, keepdims=True), 1)
        shares = matrix / row_totals
        font = QFont(painter.font())
        font.setPointSizeF(max(6.0, min(10.0, cell / 4)))
        painter.setFont(font)
        for row in range(k):
            for column in range(k):
                rect = QRect(int(left + column * cell), int(top + row * cell), math.ceil(cell), math.ceil(cell))
                painter.fillRect(rect, _heat(shares[row, column], row == column))
                if cell >= 18 and matrix[row, column]:
                    dark = shares[row, column] > 0.55
                    painter.setPen(QColor(255, 255, 255) if dark else QColor(40, 40, 40))
                    # plain digits: a group separator would not fit a small cell, and both languages read them
                    painter.drawText(rect, Qt.AlignCenter, str(int(matrix[row, column])))
        painter.setPen(QPen(QColor(200, 200, 200), 1))
        painter.drawRect(QRect(int(left), int(top), int(cell * k), int(cell * k)))
        if self._hover is not None:
            row, column = self._hover
            painter.setPen(QPen(QColor(20, 20, 20), 2))
            painter.drawRect(QRect(int(left + column * cell), int(top + row * cell), int(cell), int(cell)))
        painter.setPen(QColor(60, 60, 60))
        for index, name in enumerate(self._names):
            short = name if len(name) <= 8 else name[:7] + "…"
            painter.drawText(QRect(0, int(top + index * cell), int(left - 4), int(cell)),
                             Qt.AlignRight | Qt.AlignVCenter, short)
            painter.drawText(QRect(int(left + index * cell), int(top - 18), int(cell), 16),
                             Qt.AlignCenter, short)
        painter.drawText(QRect(int(left), 0, int(cell * k), 18), Qt.AlignCenter, self.tr("predicted"))
        painter.save()
        painter.translate(12, top + cell * k / 2)
        painter.rotate(-90)
        painter.drawText(QRect(-40, -8, 80, 16), Qt.AlignCenter, self.tr("true"))
        painter.restore()


def _heat(share: float, diagonal: bool) -> QColor:
    """White → green for correct answers, white → red for mistakes (mistakes are amplified to show)."""
    if diagonal:
        strength = share
        return QColor(int(255 - 205 * strength), int(255 - 95 * strength), int(255 - 185 * strength))
    strength = min(1.0, share * 4) if share > 0 else 0.0
    return QColor(int(255 - 35 * strength), int(255 - 190 * strength), int(255 - 190 * strength))
