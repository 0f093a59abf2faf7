"""Inside the network: the Draw tab's view of every layer of the active model for the current drawing,
and where the model looked.

Each layer of the spec gets a row: a layer whose output is still a picture shows its channels as a grid
of small maps (hover one for its channel, size and value range), a vector (dense, global pooling) as
bars, and the softmax closes the list. Above them: the first layer's kernels, and the saliency map
(Grad-CAM or gradient × input) for the top answer and, on request, for the runner-up ("why 7 and not
1?"), which a translucent overlay also lays over the drawing on the canvas.

The looking is core.insight's, on a worker thread through a LatestRunner: only the newest drawing's
answer is shown, and nothing runs while the panel is hidden.

Its words (captions, tooltips, layer titles) are rendered from what it shows, so a language switch
(gui.i18n) re-renders them without looking again.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

import cv2
import numpy as np
from PySide6.QtCore import QEvent, QLocale, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QToolTip, QVBoxLayout, QWidget)

from gui import i18n
from gui.common.images import to_qimage
from gui.common.workers import LatestRunner

MAX_CHANNELS = 256      # a layer's first 256 maps are shown (ResNet18's last stage has 512 of 4×4)
TILE = 30               # px per feature map tile (a 28×28 map at about one screen pixel per value)
GAP = 2
SALIENCY_SIDE = 112     # px of each saliency picture
OVERLAY_ALPHA = 150     # the strongest saliency over the canvas, of 255


def _significant(value: float, digits: int) -> str:
    """A value with `digits` significant digits, as the current language writes numbers (like :.3g)."""
    return QLocale().toString(float(value), "g", digits)


# ----- pictures from arrays ---------------------------------------------------------------------------

def _normalised(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values, dtype=np.float32)


def colour_map(values: np.ndarray) -> np.ndarray:
    """0..1 values → (H, W, 3) uint8 RGB in viridis (dark: low, yellow: high)."""
    grey = np.clip(values * 255.0, 0, 255).astype(np.uint8)
    return cv2.cvtColor(cv2.applyColorMap(grey, cv2.COLORMAP_VIRIDIS), cv2.COLOR_BGR2RGB)


def heat_rgba(saliency: np.ndarray, alpha: int = OVERLAY_ALPHA) -> np.ndarray:
    """A 0..1 saliency map → RGBA: warm colours, transparent where the model did not look."""
    rgb = cv2.cvtColor(cv2.applyColorMap(np.clip(saliency * 255, 0, 255).astype(np.uint8), cv2.COLORMAP_JET),
                       cv2.COLOR_BGR2RGB)
    # Squared, so that the faint rest of a map does not tint the whole drawing.
    return np.dstack([rgb, np.clip(saliency ** 2 * alpha, 0, 255).astype(np.uint8)])


def saliency_picture(image28: np.ndarray, saliency: np.ndarray) -> np.ndarray:
    """The 28×28 input in grey with the saliency blended over it, RGB."""
    grey = np.repeat((np.clip(image28, 0, 1) * 255).astype(np.float32)[..., None], 3, axis=2)
    heat = heat_rgba(saliency, 255).astype(np.float32)
    alpha = heat[..., 3:] / 255.0 * 0.75
    return (grey * (1 - alpha) + heat[..., :3] * alpha).astype(np.uint8)


def _rgba_image(rgba: np.ndarray) -> QImage:
    """An (H, W, 4) uint8 array as a QImage that owns its pixels (gui.common.images has RGB and grey)."""
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    height, width = rgba.shape[:2]
    return QImage(rgba.data, width, height, rgba.strides[0], QImage.Format.Format_RGBA8888).copy()


# ----- one layer's maps --------------------------------------------------------------------------------

@dataclass
class _Tile:
    rect: QRect
    text: str


class MapGrid(QWidget):
    """A layer's channels as a grid of small pictures, each scaled to its own value range; hovering one
    says which channel it is, its size and its values (in the language of the moment it is asked)."""

    def __init__(self, tile: int = TILE, parent: QWidget | None = None):
        super().__init__(parent)
        self._tile = tile
        self._maps: np.ndarray | None = None   # (channels, H, W)
        self._images: list[QImage] = []
        self._name = ""
        self._what = "channel"
        self._hidden_channels = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)

    def set_maps(self, name: str, maps: np.ndarray, what: str = "channel") -> None:
        """maps: (H, W, C) values (or (n, k, k) with what="kernel")."""
        maps = np.asarray(maps, np.float32)
        if what == "channel":
            maps = maps.transpose(2, 0, 1)
        self._name = name
        self._hidden_channels = max(0, len(maps) - MAX_CHANNELS)
        maps = maps[:MAX_CHANNELS]
        self._images = [to_qimage(colour_map(_normalised(m))) for m in maps]
        self._what = what
        self._maps = maps
        self.updateGeometry()
        self.update()

    def count(self) -> int:
        return len(self._images)

    def hidden_channels(self) -> int:
        return self._hidden_channels

    def _columns(self, width: int) -> int:
        return max(1, (width + GAP) // (self._tile + GAP))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = -(-self.count() // self._columns(width)) if self.count() else 0
        return rows * (self._tile + GAP)

    def sizeHint(self) -> QSize:
        width = max(self.width(), 8 * (self._tile + GAP))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._tile, self.heightForWidth(max(self.width(), self._tile)))

    def tile_rect(self, index: int) -> QRect:
        columns = self._columns(self.width())
        row, column = divmod(index, columns)
        return QRect(column * (self._tile + GAP), row * (self._tile + GAP), self._tile, self._tile)

    def tooltip_at(self, point) -> str:
        for index in range(self.count()):
            if self.tile_rect(index).contains(point):
                return self.tile_text(index)
        return ""

    def tile_text(self, index: int) -> str:
        """Which map this is, its size and its range of values."""
        values = self._maps[index]
        height, width = values.shape
        low, high = _significant(values.min(), 3), _significant(values.max(), 3)
        if self._what == "kernel":
            return self.tr("First layer, kernel {0}: {1}×{2}, values {3} to {4}").format(index, height, width, low,
                                                                                       high)
        return self.tr("{0}, channel {1}: {2}×{3}, values {4} to {5}").format(self._name, index, height, width, low,
                                                                              high)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.height() != self.heightForWidth(self.width()):
            self.setMinimumHeight(self.heightForWidth(self.width()))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        for index, image in enumerate(self._images):
            painter.drawImage(self.tile_rect(index), image)


# ----- a vector as bars ----------------------------------------------------------------------------------

class Bars(QWidget):
    """A vector (a dense layer, a global pool, the softmax) as one bar per value; hover for its value."""

    def __init__(self, labelled: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._values = np.zeros(0, np.float32)
        self._name = ""
        self._labelled = labelled
        self.setMinimumHeight(70 if labelled else 44)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, name: str, values: np.ndarray) -> None:
        self._name = name
        self._values = np.asarray(values, np.float32).ravel()[:1024]
        self.update()

    def values(self) -> np.ndarray:
        return self._values.copy()

    def _bar_width(self) -> float:
        return self.width() / max(1, len(self._values))

    def tooltip_at(self, point) -> str:
        if not len(self._values):
            return ""
        index = min(len(self._values) - 1, max(0, int(point.x() / self._bar_width())))
        return self.tr("{0}, unit {1}: {2}").format(self._name, index, _significant(self._values[index], 4))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            QToolTip.showText(event.globalPos(), self.tooltip_at(event.pos()), self)
            return True
        return super().event(event)

    def paintEvent(self, event) -> None:
        if not len(self._values):
            return
        painter = QPainter(self)
        label_height = painter.fontMetrics().height() if self._labelled else 0
        height = self.height() - label_height - 2
        top = float(np.abs(self._values).max()) or 1.0
        width = self._bar_width()
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        best = int(self._values.argmax())
        for index, value in enumerate(self._values):
            bar = max(1.0, abs(float(value)) / top * height)
            colour = accent if index == best else QColor("#64748b" if value >= 0 else "#b45309")
            painter.fillRect(QRectF(index * width + width * 0.1, height - bar, max(1.0, width * 0.8), bar), colour)
            if self._labelled:
                painter.setPen(self.palette().color(QPalette.ColorRole.Text))
                painter.drawText(QRectF(index * width, height + 2, width, label_height),
                                 Qt.AlignmentFlag.AlignCenter, str(index))


# ----- the saliency over the canvas ---------------------------------------------------------------------

class SaliencyOverlay(QWidget):
    """A translucent heat map laid over the canvas's drawing, where the 28×28 input lies on it. A child
    of the canvas that lets every mouse and pen event through."""

    def __init__(self, canvas: QWidget):
        super().__init__(canvas)
        self._canvas = canvas
        self._image: QImage | None = None
        self._frame: tuple[float, float, float] | None = None   # x, y, side in the drawing's pixels
        self._drawing_side = 1
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, False)
        canvas.installEventFilter(self)
        self.setGeometry(canvas.rect())

    def eventFilter(self, watched, event) -> bool:
        if watched is self._canvas and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._canvas.rect())
        return False

    def set_map(self, saliency: np.ndarray | None, frame: tuple[float, float, float] | None,
                drawing_side: int) -> None:
        self._image = None if saliency is None or frame is None else _rgba_image(heat_rgba(saliency))
        self._frame = frame
        self._drawing_side = max(1, drawing_side)
        self.update()

    def has_map(self) -> bool:
        return self._image is not None

    def paintEvent(self, event) -> None:
        if self._image is None or not hasattr(self._canvas, "drawing_rect"):
            return
        rect = self._canvas.drawing_rect()
        scale = rect.width() / self._drawing_side
        x, y, side = self._frame
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setClipRect(rect)
        painter.drawImage(QRectF(rect.left() + x * scale, rect.top() + y * scale, side * scale, side * scale),
                          self._image)


# ----- the panel -------------------------------------------------------------------------------------------

@dataclass
class DigitOnCanvas:
    """What the panel looks at: the network's 28×28 input and where the digit's ink is on the drawing."""
    image28: np.ndarray
    ink_box: tuple[int, int, int, int] | None
    drawing_side: int


class InsidePanel(i18n.Retranslatable, QWidget):
    """See the module docstring."""

    insight_shown = Signal()   # a look inside is on screen (tests wait on it)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._runner = LatestRunner(self)
        self._model = None
        self._digit: DigitOnCanvas | None = None
        self._insight = None
        self._overlay: SaliencyOverlay | None = None
        self._rows: list[tuple[QLabel, QWidget]] = []
        self._row_names: list[str] = []
        self._status: Callable[[], str] = self._waiting_text   # renders the status line in the current language
        self.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addLayout(self._build_controls())
        layout.addLayout(self._build_saliency_row())
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        layout.addWidget(self._build_layers_area(), 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.method_box.setItemText(0, self.tr("Grad-CAM"))
        self.method_box.setItemText(1, self.tr("Gradient × input"))
        self.method_box.setToolTip(self.tr("How 'where the model looked' is worked out: Grad-CAM weighs a late "
                                           "layer's maps by the answer's gradient (coarse regions); gradient × "
                                           "input says which drawn pixels counted (fine strokes)."))
        self.runner_up_button.setToolTip(self.tr("Also show where the model looked for its second choice"))
        self.overlay_box.setText(self.tr("On the canvas"))
        self.overlay_box.setToolTip(self.tr("Lay the saliency map over the drawing"))
        self._show_words()

    def _show_words(self) -> None:
        """Every text that depends on what is shown, rendered from it in the current language."""
        self.status_label.setText(self._status())
        insight = self._insight
        if insight is None:
            self.runner_up_button.setText(self.tr("Why not the 2nd?"))
            return
        self.top_caption.setText(self.tr("Looked for {0} ({1})").format(
            insight.top, i18n.percent(float(insight.probabilities[insight.top]))))
        if insight.runner_up_saliency is not None:
            self.second_caption.setText(self.tr("…and for {0} ({1})").format(
                insight.runner_up, i18n.percent(float(insight.probabilities[insight.runner_up]))))
        self.runner_up_button.setText(self.tr("Why {0}, not {1}?").format(insight.top, insight.runner_up))
        kernels = insight.kernels
        self.kernels_caption.setText(
            self.tr("The first layer is not a convolution: no kernels to show.") if kernels is None else
            self.tr("First layer's {0} kernels ({1}×{1}):").format(i18n.number(len(kernels)), kernels.shape[1]))
        self._title_rows(insight.layers)

    def _waiting_text(self) -> str:
        return self.tr("Draw a digit to look inside the network.")

    # ----- layout ------------------------------------------------------------------------------------

    def _build_controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.method_box = QComboBox()
        self.method_box.addItem("", "gradcam")     # named in retranslate(), by index
        self.method_box.addItem("", "gradients")
        self.method_box.currentIndexChanged.connect(lambda _index: self.refresh())
        self.runner_up_button = QPushButton()
        self.runner_up_button.setCheckable(True)
        self.runner_up_button.toggled.connect(lambda _on: self.refresh())
        self.overlay_box = QCheckBox()
        self.overlay_box.setChecked(True)
        self.overlay_box.toggled.connect(lambda _on: self._show_overlay())
        row.addWidget(self.method_box)
        row.addWidget(self.overlay_box)
        row.addStretch(1)
        return row

    def _build_saliency_row(self) -> QVBoxLayout:
        row = QHBoxLayout()
        self.top_picture = QLabel()
        self.second_picture = QLabel()
        self.top_caption = QLabel()
        self.second_caption = QLabel()
        for picture, caption in ((self.top_picture, self.top_caption), (self.second_picture, self.second_caption)):
            picture.setFixedSize(SALIENCY_SIDE, SALIENCY_SIDE)
            picture.setFrameShape(QFrame.Shape.StyledPanel)
            column = QVBoxLayout()
            column.addWidget(picture)
            column.addWidget(caption)
            if picture is self.top_picture:
                column.addWidget(self.runner_up_button)
            column.addStretch(1)
            row.addLayout(column)
        row.addStretch(1)
        self.second_picture.hide()
        self.kernels = MapGrid(tile=18)
        self.kernels_caption = QLabel()
        self.kernels_caption.setWordWrap(True)
        rows = QVBoxLayout()   # the kernels get the panel's whole width
        rows.addLayout(row)
        rows.addWidget(self.kernels_caption)
        rows.addWidget(self.kernels)
        return rows

    def _build_layers_area(self) -> QScrollArea:
        self.layers_widget = QWidget()
        self.layers_layout = QVBoxLayout(self.layers_widget)
        self.layers_layout.setContentsMargins(0, 0, 4, 0)
        self.layers_layout.addStretch(1)
        self.layers_area = QScrollArea()
        self.layers_area.setWidgetResizable(True)
        self.layers_area.setFrameShape(QFrame.Shape.NoFrame)
        self.layers_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.layers_area.setWidget(self.layers_widget)
        return self.layers_area

    def attach_canvas(self, canvas: QWidget) -> SaliencyOverlay:
        """Lay the saliency over this canvas from now on."""
        self._overlay = SaliencyOverlay(canvas)
        self._overlay.show()
        return self._overlay

    # ----- looking ---------------------------------------------------------------------------------------

    def show_digit(self, model, digit: DigitOnCanvas | None) -> None:
        """Look inside `model` (a Classifier, or None) at this digit (None: nothing drawn), off the GUI
        thread. Does nothing while the panel is hidden but remembers what to look at."""
        self._model, self._digit = model, digit
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self._model is None or self._digit is None:
            self._runner.cancel()
            self._clear(self._waiting_text if self._model is not None
                        else lambda: self.tr("No model is loaded yet."))
            return
        from core.insight import look_inside   # core.insight loads numpy/cv2 only; the engine is loaded already

        work = partial(look_inside, self._model, self._digit.image28, self.method_box.currentData(),
                       self.runner_up_button.isChecked())
        self._runner.run(work, partial(self._show, self._digit), self._failed)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()
        self._show_overlay()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._runner.cancel()
        if self._overlay is not None:
            self._overlay.hide()

    def _failed(self, message: str) -> None:
        self._clear(lambda: message)   # core's own words

    def _clear(self, message: Callable[[], str]) -> None:
        self._insight = None
        self._status = message
        self._show_words()
        for picture in (self.top_picture, self.second_picture):
            picture.clear()
        self.top_caption.clear()
        self.second_caption.clear()
        if self._overlay is not None:
            self._overlay.set_map(None, None, 1)

    # ----- showing ---------------------------------------------------------------------------------------

    def _show(self, digit: DigitOnCanvas, insight) -> None:
        self._insight = insight
        self._digit_shown = digit
        self._status = partial(self._insight_status, insight)
        self._show_saliency(digit, insight)
        self._show_kernels(insight.kernels)
        self._show_layers(insight.layers)
        self._show_words()
        self._show_overlay()
        self.insight_shown.emit()

    def _insight_status(self, insight) -> str:
        method = self.method_box.itemText(self.method_box.findData(insight.method))
        # insight.note comes from core (English, like the CLI's words)
        return " ".join(filter(None, [insight.note, self.tr(
            "Saliency: {0}. Each picture-shaped layer shows its maps (hover one), vectors are bars.").format(method)]))

    def _show_saliency(self, digit: DigitOnCanvas, insight) -> None:
        self._set_picture(self.top_picture, saliency_picture(digit.image28, insight.saliency))
        has_second = insight.runner_up_saliency is not None
        self.second_picture.setVisible(has_second)
        self.second_caption.setVisible(has_second)
        if has_second:
            self._set_picture(self.second_picture, saliency_picture(digit.image28, insight.runner_up_saliency))

    @staticmethod
    def _set_picture(label: QLabel, rgb: np.ndarray) -> None:
        from PySide6.QtGui import QPixmap
        label.setPixmap(QPixmap.fromImage(to_qimage(rgb)).scaled(
            label.width(), label.height(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation))

    def _show_kernels(self, kernels: np.ndarray | None) -> None:
        self.kernels.setVisible(kernels is not None)
        if kernels is not None:
            self.kernels.set_maps("", kernels, "kernel")

    def _show_overlay(self) -> None:
        if self._overlay is None:
            return
        insight, digit = self._insight, getattr(self, "_digit_shown", None)
        wanted = self.overlay_box.isChecked() and self.isVisible() and insight is not None and digit is not None
        self._overlay.setVisible(wanted)
        if not wanted or digit.ink_box is None:
            self._overlay.set_map(None, None, 1)
            return
        from core.insight import input_frame_on_drawing
        self._overlay.set_map(insight.saliency, input_frame_on_drawing(digit.image28, digit.ink_box),
                              digit.drawing_side)
        self._overlay.raise_()

    # ----- the layer rows ----------------------------------------------------------------------------------

    def _show_layers(self, layers: list) -> None:
        names = [f"{view.name}:{view.shape}" for view in layers]
        if names != self._row_names:
            self._build_rows(layers)
            self._row_names = names
        for (_title, body), view in zip(self._rows, layers):
            if isinstance(body, MapGrid):
                body.set_maps(view.name, view.values)
            elif isinstance(body, Bars):
                body.set_values(view.name, view.values)

    def _title_rows(self, layers: list) -> None:
        for (title, body), view in zip(self._rows, layers):
            text = self._row_title(view, body)
            if isinstance(body, MapGrid) and body.hidden_channels():
                text += self.tr(" (first {0} of {1} maps)").format(i18n.number(body.count()),
                                                                   i18n.number(view.shape[-1]))
            title.setText(text)

    def _build_rows(self, layers: list) -> None:
        for title, body in self._rows:
            title.deleteLater()
            if body is not None:
                body.deleteLater()
        self._rows = []
        for view in layers:
            title = QLabel()
            title.setWordWrap(True)
            body = self._row_body(view)
            position = self.layers_layout.count() - 1   # before the stretch
            self.layers_layout.insertWidget(position, title)
            if body is not None:
                self.layers_layout.insertWidget(position + 1, body)
                body.setVisible(self.isVisible())   # at once, not on the layout's next turn
            self._rows.append((title, body))

    @staticmethod
    def _row_body(view) -> QWidget | None:
        if view.kind in ("dropout", "flatten"):
            return None   # the same values as the layer before, reshaped or (while reading) untouched
        if view.is_spatial:
            return MapGrid()
        if len(view.shape) == 1:
            return Bars(labelled=view.kind == "softmax")
        return None

    def _row_title(self, view, body) -> str:
        """The layer's name, kind (the zoo's word) and output size; what a row without a picture does."""
        size = "×".join(str(v) for v in view.shape)
        text = f"<b>{view.name}</b> · {view.kind} · {size}"
        if body is None and view.kind == "dropout":
            text += " · " + self.tr("passes its input on while reading")
        elif body is None:
            text += " · " + self.tr("{0} values").format(i18n.number(int(np.prod(view.shape))))
        return text

    # ----- for tests and the window -----------------------------------------------------------------------

    def insight(self):
        return self._insight

    def layer_rows(self) -> list[tuple[QLabel, QWidget | None]]:
        return list(self._rows)

    def overlay(self) -> SaliencyOverlay | None:
        return self._overlay

    def wait(self, timeout_ms: int = 10000) -> bool:
        return self._runner.wait(timeout_ms)

    def shutdown(self) -> None:
        self._runner.cancel()
        self._runner.wait(5000)

