"""Small widgets shared by the tabs: probability bars, the enlarged 28×28 input, per-digit readouts,
and a non-blocking notice bar. Each re-sets its texts on a language switch (gui.i18n.Retranslatable).
Also the axis cache that live plots (the Train tab's curves, the Course tab's labs) share."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QFrame, QGraphicsItem, QHBoxLayout, QLabel, QSizePolicy, QStyle, QToolButton,
                               QVBoxLayout, QWidget)

from gui import i18n
from gui.common import theme
from gui.common.images import to_qimage

NUM_CLASSES = 10


def cache_axes(plot: pg.PlotWidget | pg.PlotItem) -> None:
    """Keep each axis of a live plot as a cached picture: its curves change at every update, its axes
    seldom, and an axis drawing a grid covers the whole plot, so without the cache every curve update
    replays it. Measured on the 2-core machine: the Course tab's Optimizers page, a frame 55 → 40 ms
    (under load); the Train tab's curves, a training update's redraw 10 → 7 ms while the loss axis still
    rescales, 11 → 3 ms once it has settled."""
    for side in ("left", "bottom", "top", "right"):
        plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def percent(value: float) -> str:
    """0.953 → "95%" in the current language (kept here for the tabs that import it; see gui.i18n)."""
    return i18n.percent(value)


class ProbabilityBars(i18n.Retranslatable, QWidget):
    """Ten bars, one per digit, the most likely one in the accent colour with its confidence above it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._probabilities = np.zeros(NUM_CLASSES, dtype=np.float32)
        self._plot = pg.PlotWidget()
        self._plot.setMenuEnabled(False)
        self._plot.setMouseEnabled(x=False, y=False)
        self._plot.hideButtons()
        self._plot.setXRange(-0.6, NUM_CLASSES - 0.4, padding=0)
        self._plot.setYRange(0, 1.12, padding=0)
        self._plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(NUM_CLASSES)]])
        self._plot.getAxis("left").setWidth(42)
        self._plot.getAxis("left").setStyle(hideOverlappingLabels=False)
        self._bars = pg.BarGraphItem(x=np.arange(NUM_CLASSES), height=self._probabilities, width=0.72)
        self._plot.addItem(self._bars)
        self._top_label = pg.TextItem(anchor=(0.5, 1.0))
        self._plot.addItem(self._top_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._plot)
        self.setMinimumSize(220, 150)
        self._apply_colours()
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr("How sure the network is about each digit (its softmax output). The tallest "
                                "bar is its answer."))
        self._plot.getAxis("left").setTicks([[(0, i18n.number(0)), (0.5, i18n.percent(0.5)),
                                              (1, i18n.percent(1))]])
        self._redraw()

    def probabilities(self) -> np.ndarray:
        return self._probabilities.copy()

    def highlighted(self) -> int | None:
        return int(self._probabilities.argmax()) if self._probabilities.any() else None

    def set_probabilities(self, probabilities: np.ndarray | None) -> None:
        """Show these ten probabilities; None empties the chart."""
        if probabilities is None:
            self._probabilities = np.zeros(NUM_CLASSES, dtype=np.float32)
        else:
            self._probabilities = np.asarray(probabilities, dtype=np.float32).reshape(NUM_CLASSES).copy()
        self._redraw()

    def _redraw(self) -> None:
        top = self.highlighted()
        accent = theme.accent(self.palette())
        muted = self.palette().color(QPalette.ColorRole.Mid)
        brushes = [pg.mkBrush(accent if i == top else muted) for i in range(NUM_CLASSES)]
        self._bars.setOpts(height=self._probabilities, brushes=brushes, pens=[pg.mkPen(None)] * NUM_CLASSES)
        if top is None:
            self._top_label.setText("")
            return
        value = float(self._probabilities[top])
        if value > 0.85:   # a tall bar carries its figure inside, near its top
            self._top_label.setAnchor((0.5, 0.0))
            self._top_label.setText(percent(value), color="white")
            self._top_label.setPos(top, value - 0.01)
        else:
            self._top_label.setAnchor((0.5, 1.0))
            self._top_label.setText(percent(value), color=accent)
            self._top_label.setPos(top, value + 0.01)

    def _apply_colours(self) -> None:
        palette = self.palette()
        self._plot.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        for name in ("left", "bottom"):
            axis = self._plot.getAxis(name)
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(text))
        self._redraw()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.PaletteChange:
            self._apply_colours()
        super().changeEvent(event)


class PixelPreview(QWidget):
    """A 28×28 network input enlarged with visible pixels: nearest neighbour and a faint grid.

    The enlarged picture is built once per input with numpy (whole pixels per cell, grid lines
    blended in), so painting is a plain copy.
    """

    GRID_LEVEL = 0.22   # how much the grid lines lift a pixel towards grey

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pixels: np.ndarray | None = None
        self._enlarged: QImage | None = None
        self.setMinimumSize(140, 140)
        size_policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        size_policy.setHeightForWidth(True)
        self.setSizePolicy(size_policy)

    def sizeHint(self) -> QSize:
        return QSize(196, 196)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def pixels(self) -> np.ndarray | None:
        """The shown input as float32 0..1, or None."""
        return None if self._pixels is None else self._pixels.copy()

    def set_pixels(self, image28: np.ndarray | None) -> None:
        self._pixels = None if image28 is None else np.asarray(image28, dtype=np.float32).copy()
        self._enlarged = None
        self.update()

    def resizeEvent(self, event) -> None:
        self._enlarged = None
        super().resizeEvent(event)

    def _cell_size(self) -> int:
        cells = 28 if self._pixels is None else self._pixels.shape[0]
        return max(1, int(min(self.width(), self.height()) * self.devicePixelRatioF()) // cells)

    def _build_enlarged(self) -> QImage:
        cell = self._cell_size()
        grey = np.clip(self._pixels * 255.0 + 0.5, 0, 255).astype(np.uint8)
        big = np.repeat(np.repeat(grey, cell, axis=0), cell, axis=1)
        if cell >= 4:
            lines = big[::cell], big[:, ::cell]
            for line in lines:
                line[...] = (line * (1 - self.GRID_LEVEL) + 128 * self.GRID_LEVEL).astype(np.uint8)
        image = to_qimage(big)
        image.setDevicePixelRatio(self.devicePixelRatioF())
        return image

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        side = float(min(self.width(), self.height()))
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter.fillRect(rect, QColor("black"))
        if self._pixels is not None:
            if self._enlarged is None:
                self._enlarged = self._build_enlarged()
            logical = self._enlarged.deviceIndependentSize()
            painter.drawImage(QRectF(rect.center().x() - logical.width() / 2,
                                     rect.center().y() - logical.height() / 2,
                                     logical.width(), logical.height()), self._enlarged)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))


class DigitReadout(i18n.Retranslatable, QFrame):
    """One digit of a number: its answer, confidence and ten tiny bars; click to inspect it."""

    clicked = Signal(int)

    def __init__(self, index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.index = index
        self._probabilities = np.zeros(NUM_CLASSES, dtype=np.float32)
        self._selected = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedSize(74, 92)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.retranslate()

    def retranslate(self) -> None:
        if not self._probabilities.any():
            self.setToolTip("")
            return
        top = self.label()
        self.setToolTip(self.tr("Digit {0}: {1}, {2} sure. Click to see what the network sees.").format(
            i18n.number(self.index + 1), top, percent(float(self._probabilities[top]))))
        self.update()

    def probabilities(self) -> np.ndarray:
        return self._probabilities.copy()

    def label(self) -> int:
        return int(self._probabilities.argmax())

    def set_probabilities(self, probabilities: np.ndarray) -> None:
        self._probabilities = np.asarray(probabilities, dtype=np.float32).reshape(NUM_CLASSES).copy()
        self.retranslate()

    def set_selected(self, selected: bool) -> None:
        self._selected = selected
        self.update()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.index)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = theme.accent(palette)
        if self._selected:
            painter.setPen(QPen(accent, 2))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        top = self.label()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(QRectF(0, 2, self.width(), 34), Qt.AlignmentFlag.AlignCenter, str(top))
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        painter.setFont(small)
        painter.drawText(QRectF(0, 36, self.width(), 16), Qt.AlignmentFlag.AlignCenter,
                         percent(float(self._probabilities[top])))
        self._paint_bars(painter, QRectF(6, 56, self.width() - 12, 30), top, accent,
                         palette.color(QPalette.ColorRole.Mid))

    def _paint_bars(self, painter: QPainter, area: QRectF, top: int, accent: QColor, muted: QColor) -> None:
        step = area.width() / NUM_CLASSES
        painter.setPen(Qt.PenStyle.NoPen)
        for digit, value in enumerate(self._probabilities):
            height = max(1.0, float(value) * area.height())
            painter.setBrush(accent if digit == top else muted)
            painter.drawRect(QRectF(area.left() + digit * step + 1, area.bottom() - height, step - 2, height))


class NoticeBar(i18n.Retranslatable, QFrame):
    """A message across the top of the window that does not block: it stays until closed (warnings)
    or for a few seconds (information). Given a function instead of a string, the bar calls it again
    on a language switch, so a message built with tr() follows the language."""

    INFO_SECONDS = 8

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._icon = QLabel()
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message: str | Callable[[], str] = ""
        self._close = close = QToolButton()
        close.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self._icon)
        layout.addWidget(self._text, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self._close.setToolTip(self.tr("Dismiss this message"))
        self._text.setText(self._message() if callable(self._message) else self._message)

    def text(self) -> str:
        return self._text.text()

    def show_warning(self, message: str | Callable[[], str]) -> None:
        self._show(message, QStyle.StandardPixmap.SP_MessageBoxWarning, "#f59e0b")
        self._timer.stop()

    def show_info(self, message: str | Callable[[], str]) -> None:
        self._show(message, QStyle.StandardPixmap.SP_MessageBoxInformation, "#3b82f6")
        self._timer.start(self.INFO_SECONDS * 1000)

    def _show(self, message: str | Callable[[], str], icon: QStyle.StandardPixmap, colour: str) -> None:
        self._icon.setPixmap(self.style().standardIcon(icon).pixmap(20, 20))
        self._message = message
        self.retranslate()
        self.setStyleSheet(f"#NoticeBar {{ border: 1px solid {colour}; border-radius: 6px; "
                           f"background: rgba({QColor(colour).red()}, {QColor(colour).green()}, "
                           f"{QColor(colour).blue()}, 40); }}")
        self.show()
