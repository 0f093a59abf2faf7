"""The drawing canvas: white ink on black like MNIST, for mouse, touch and pen.

The drawing is a fixed-size square greyscale image (CANVAS_SIZE pixels), shown scaled to the widget.
Strokes are smooth quadratic curves through the midpoints of the pointer samples, drawn antialiased
with round caps; a pen's pressure changes the width. Every edit can be undone.

Beside the pixels the canvas keeps the strokes themselves (core.reading.Stroke: the pointer samples
and the width at each), undone and redone with the pixels, so the drawing can be read from its strokes
whatever the brush. A placed picture has no strokes: strokes() is then None and the pixels are read.
Its texts (tooltip, the empty canvas's hint, the plain words for a file that is not a picture) follow the
window's language (gui.i18n).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMimeData, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QImage, QImageReader, QMouseEvent, QPainter, QPainterPath,
                           QPalette, QPen, QPointingDevice, QTabletEvent)
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.fileio import UserError, atomic_path
from core.reading import Stroke
from gui import i18n
from gui.common.images import grey_array, rgba_array, to_qimage

CANVAS_SIZE = 560
# A digit filling 80-90% of the canvas gets strokes 1/9..1/10 of its height, as MNIST's pen does.
DEFAULT_BRUSH_WIDTH = 56
MIN_BRUSH_WIDTH = 8
MAX_BRUSH_WIDTH = 120
UNDO_LIMIT = 50
INK = 255
PAPER = 0
_INK_THRESHOLD = 32          # fainter pixels (antialiasing left by the eraser) count as empty
_MIN_POINT_DISTANCE = 0.75   # canvas pixels; closer pointer samples add nothing to the curve

NOT_A_PICTURE = QT_TRANSLATE_NOOP("DrawingCanvas",
                                  "That is not a picture: drop or paste an image file (PNG, JPEG, BMP…) of a digit.")


def _tr(source: str) -> str:
    """A text of the canvas's module (context DrawingCanvas) in the current language."""
    return QCoreApplication.translate("DrawingCanvas", source)


class PictureError(UserError):
    """A file or clipboard content that cannot be read as a picture."""


@dataclass
class OverlayBox:
    """A box drawn over the canvas around one digit; box = (x, y, w, h) in canvas pixels."""
    box: tuple[int, int, int, int]
    label: str
    confident: bool = True


def read_picture(path: str | Path) -> QImage:
    """A picture file as a QImage, or PictureError with a plain reason."""
    path = Path(path)
    if not path.is_file():
        raise PictureError(QCoreApplication.translate("DrawingCanvas", "There is no file at {0}.").format(path))
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise PictureError(QCoreApplication.translate("DrawingCanvas", "{0} is not a picture Inkling can read ({1}).")
                           .format(path.name, reader.errorString().lower()))
    return image


def picture_from_mime(mime: QMimeData) -> QImage:
    """The picture carried by a drop or the clipboard, or PictureError."""
    if mime.hasImage():
        image = QImage(mime.imageData())
        if not image.isNull():
            return image
    local_files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    if local_files:
        return read_picture(local_files[0])
    raise PictureError(_tr(NOT_A_PICTURE))


def as_white_on_black(image: QImage) -> QImage:
    """Greyscale, ink white on black: transparency is flattened and dark-on-light pictures inverted."""
    if image.hasAlphaChannel():
        image = _flatten_alpha(image)
    grey = grey_array(image)
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    if border.mean() > 127:
        grey = 255 - grey
    return to_qimage(grey)


def _flatten_alpha(image: QImage) -> QImage:
    """Put a transparent picture on paper that contrasts with its ink."""
    pixels = rgba_array(image)
    opaque = pixels[..., 3] > 127
    ink_is_light = opaque.any() and pixels[..., :3][opaque].mean() > 127
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("black") if ink_is_light else QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


@dataclass
class _Drawing:
    """One state of the drawing, as undo and redo keep it: the pixels and the strokes that made them."""
    image: QImage
    strokes: list[Stroke] = field(default_factory=list)
    has_picture: bool = False   # a placed picture: the pixels are not (only) strokes

    def copy(self) -> _Drawing:
        return _Drawing(self.image.copy(), list(self.strokes), self.has_picture)


class DrawingCanvas(i18n.Retranslatable, QWidget):
    """Square drawing surface; see the module docstring."""

    stroke_moved = Signal()     # ink changed while a stroke is still in progress
    content_changed = Signal()  # an edit is complete: stroke released, undo, redo, clear, picture placed
    history_changed = Signal()  # can_undo() / can_redo() may have changed
    message = Signal(str)       # plain words for the user, e.g. a dropped file that is not a picture

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._image = QImage(CANVAS_SIZE, CANVAS_SIZE, QImage.Format.Format_Grayscale8)
        self._image.fill(PAPER)
        self._strokes: list[Stroke] = []
        self._has_picture = False
        self._undo: list[_Drawing] = []
        self._redo: list[_Drawing] = []
        self._brush_width = DEFAULT_BRUSH_WIDTH
        self._eraser = False
        self._stroke: list[QPointF] = []
        self._stroke_widths: list[float] = []
        self._stroke_erases = False
        self._hover: QPointF | None = None
        self._overlay: list[OverlayBox] = []
        self._version = 0
        self._empty = True
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, True)
        self.setMinimumSize(280, 280)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr("Draw a digit with the mouse, a finger or a pen. Several digits side by side are "
                                "read as a number.\nRight-click or Delete clears; drop or paste a picture to read it."))
        self.update()   # the empty canvas's hint is painted in the current language

    # ----- state -----------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """Grows with every change of the drawing."""
        return self._version

    def brush_width(self) -> int:
        return self._brush_width

    def set_brush_width(self, width: int) -> None:
        self._brush_width = int(min(max(width, MIN_BRUSH_WIDTH), MAX_BRUSH_WIDTH))
        self.update()

    def eraser(self) -> bool:
        return self._eraser

    def set_eraser(self, on: bool) -> None:
        self._eraser = bool(on)
        self.update()

    def is_empty(self) -> bool:
        return self._empty

    def to_array(self) -> np.ndarray:
        """The drawing as a (CANVAS_SIZE, CANVAS_SIZE) uint8 array, white ink on black."""
        return grey_array(self._image)

    def image(self) -> QImage:
        return self._image.copy()

    def strokes(self) -> list[Stroke] | None:
        """The strokes drawn so far (eraser strokes too, and the one in progress), in canvas pixels;
        None when the drawing holds a placed picture, which has no strokes."""
        if self._has_picture:
            return None
        if not self._stroke:
            return list(self._strokes)
        return self._strokes + [self._stroke_in_progress()]

    def _stroke_in_progress(self) -> Stroke:
        return Stroke.of([(point.x(), point.y()) for point in self._stroke], self._stroke_widths,
                         self._stroke_erases)

    def set_overlay(self, boxes: list[OverlayBox]) -> None:
        if boxes != self._overlay:
            self._overlay = list(boxes)
            self.update()

    def overlay(self) -> list[OverlayBox]:
        return list(self._overlay)

    # ----- edits -----------------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        if self._undo:
            self._redo.append(self._current())
            self._restore(self._undo.pop())
            self._finish_edit()

    def redo(self) -> None:
        if self._redo:
            self._undo.append(self._current())
            self._restore(self._redo.pop())
            self._finish_edit()

    def clear(self) -> None:
        if self._empty:
            return
        self._remember_for_undo()
        self._image.fill(PAPER)
        self._strokes, self._has_picture = [], False
        self._finish_edit()

    def _current(self) -> _Drawing:
        return _Drawing(self._image, list(self._strokes), self._has_picture)

    def _restore(self, drawing: _Drawing) -> None:
        self._image, self._strokes, self._has_picture = drawing.image, drawing.strokes, drawing.has_picture

    def place_picture(self, picture: QImage) -> None:
        """Replace the drawing with a picture, fitted to the canvas keeping its shape."""
        if picture.isNull():
            raise PictureError(_tr(NOT_A_PICTURE))
        picture = as_white_on_black(picture)
        scaled = picture.scaled(CANVAS_SIZE, CANVAS_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)
        self._remember_for_undo()
        self._image.fill(PAPER)
        painter = QPainter(self._image)
        painter.drawImage((CANVAS_SIZE - scaled.width()) // 2, (CANVAS_SIZE - scaled.height()) // 2, scaled)
        painter.end()
        self._strokes, self._has_picture = [], True
        self._finish_edit()

    def place_array(self, array: np.ndarray) -> None:
        """Replace the drawing with a greyscale picture given as a uint8 array (e.g. an MNIST digit)."""
        self.place_picture(to_qimage(array))

    def place_from_mime(self, mime: QMimeData) -> bool:
        """Place a dropped or pasted picture; anything else gives a message and changes nothing."""
        try:
            self.place_picture(picture_from_mime(mime))
        except PictureError as error:
            self.message.emit(str(error))
            return False
        return True

    def save_png(self, path: str | Path) -> None:
        with atomic_path(path) as tmp:
            if not self._image.save(str(tmp), "PNG"):
                raise UserError(self.tr("Could not save the drawing to {0}.").format(path))

    def _remember_for_undo(self) -> None:
        self._undo.append(self._current().copy())
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()

    def _finish_edit(self) -> None:
        self._version += 1
        self._empty = not bool((self.to_array() > _INK_THRESHOLD).any())
        self._overlay = []   # the boxes belonged to the old drawing; the next reading brings new ones
        self.update()
        self.history_changed.emit()
        self.content_changed.emit()

    # ----- strokes ---------------------------------------------------------------------------------

    def _begin_stroke(self, point: QPointF, pressure: float | None, erases: bool) -> None:
        self._remember_for_undo()
        self._stroke = [point]
        self._stroke_erases = erases
        width = self._stroke_width(pressure)
        self._stroke_widths = [width]
        path = QPainterPath(point)
        path.lineTo(point + QPointF(0.01, 0))  # a dot: a round cap on a tiny segment
        self._paint_path(path, width)

    def _extend_stroke(self, point: QPointF, pressure: float | None) -> None:
        last = self._stroke[-1]
        if (point - last).manhattanLength() < _MIN_POINT_DISTANCE:
            return
        self._stroke.append(point)
        self._stroke_widths.append(self._stroke_width(pressure))
        points = self._stroke
        if len(points) == 2:
            path = QPainterPath(points[0])
            path.lineTo(_midpoint(points[0], points[1]))
        else:
            path = QPainterPath(_midpoint(points[-3], points[-2]))
            path.quadTo(points[-2], _midpoint(points[-2], points[-1]))
        self._paint_path(path, self._stroke_width(pressure))
        self.stroke_moved.emit()

    def _end_stroke(self, pressure: float | None) -> None:
        if not self._stroke:
            return
        if len(self._stroke) >= 2:
            path = QPainterPath(_midpoint(self._stroke[-2], self._stroke[-1]))
            path.lineTo(self._stroke[-1])
            self._paint_path(path, self._stroke_width(pressure))
        self._strokes.append(self._stroke_in_progress())
        self._stroke, self._stroke_widths = [], []
        self._finish_edit()

    def _stroke_width(self, pressure: float | None) -> float:
        if pressure is None:
            return float(self._brush_width)
        # Light touch: a quarter of the brush; firm: a quarter more than the brush.
        return self._brush_width * (0.25 + min(max(pressure, 0.0), 1.0))

    def _paint_path(self, path: QPainterPath, width: float) -> None:
        ink = PAPER if self._stroke_erases else INK
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(ink, ink, ink), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(path)
        painter.end()
        self._empty = self._empty and self._stroke_erases
        margin = width / 2 + 2
        self.update(self._to_widget_rect(path.boundingRect().adjusted(-margin, -margin, margin, margin)))

    # ----- geometry --------------------------------------------------------------------------------

    def drawing_rect(self) -> QRectF:
        """Where the square drawing is shown inside the widget."""
        side = float(min(self.width(), self.height()))
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def to_canvas(self, widget_point: QPointF) -> QPointF:
        rect = self.drawing_rect()
        scale = CANVAS_SIZE / rect.width()
        return (widget_point - rect.topLeft()) * scale

    def _to_widget_rect(self, canvas_rect: QRectF) -> QRectF:
        rect = self.drawing_rect()
        scale = rect.width() / CANVAS_SIZE
        return QRectF(rect.left() + canvas_rect.left() * scale, rect.top() + canvas_rect.top() * scale,
                      canvas_rect.width() * scale, canvas_rect.height() * scale).toAlignedRect()

    # ----- input events ----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin_stroke(self.to_canvas(event.position()), None, self._eraser)
        elif event.button() == Qt.MouseButton.RightButton:
            self.clear()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._move_hover(event.position())
        if self._stroke and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend_stroke(self.to_canvas(event.position()), None)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end_stroke(None)

    def tabletEvent(self, event: QTabletEvent) -> None:
        point = self.to_canvas(event.position())
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            erases = self._eraser or event.pointerType() == QPointingDevice.PointerType.Eraser
            self._begin_stroke(point, event.pressure(), erases)
        elif kind == QTabletEvent.Type.TabletMove:
            self._move_hover(event.position())
            if self._stroke:
                self._extend_stroke(point, event.pressure())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end_stroke(event.pressure())
        event.accept()  # no synthesized mouse events: the pen is handled here, with its pressure

    def leaveEvent(self, event) -> None:
        self._move_hover(None)
        super().leaveEvent(event)

    def _move_hover(self, point: QPointF | None) -> None:
        old, self._hover = self._hover, point
        for where in (old, point):
            if where is not None:
                radius = self._brush_width * self.drawing_rect().width() / CANVAS_SIZE / 2 + 3
                self.update(QRectF(where.x() - radius, where.y() - radius, 2 * radius, 2 * radius).toAlignedRect())

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasImage() or mime.hasUrls() or mime.hasText():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        self.place_from_mime(event.mimeData())
        event.acceptProposedAction()

    # ----- painting --------------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = self.drawing_rect()
        painter.drawImage(rect, self._image)
        if self._empty and not self._stroke:
            self._paint_hint(painter, rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_overlay(painter, rect)
        self._paint_brush_outline(painter, rect)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))

    def _paint_hint(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(QColor(255, 255, 255, 90))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("Draw a digit here"))

    def _paint_overlay(self, painter: QPainter, rect: QRectF) -> None:
        if not self._overlay:
            return
        scale = rect.width() / CANVAS_SIZE
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        for item in self._overlay:
            colour = QColor("#38bdf8") if item.confident else QColor("#f59e0b")
            x, y, w, h = item.box
            box = QRectF(rect.left() + x * scale, rect.top() + y * scale, w * scale, h * scale)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, 4, 4)
            label_rect = painter.fontMetrics().boundingRect(item.label).adjusted(-5, -2, 5, 2)
            label_rect.moveBottomLeft(box.topLeft().toPoint() + _offset_for_label(box, rect, label_rect.height()))
            painter.fillRect(label_rect, colour)
            painter.setPen(QColor("#0b1220"))
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, item.label)

    def _paint_brush_outline(self, painter: QPainter, rect: QRectF) -> None:
        if self._hover is None or not rect.contains(self._hover):
            return
        radius = self._brush_width * rect.width() / CANVAS_SIZE / 2
        colour = QColor("#f87171") if self._eraser else QColor(255, 255, 255, 140)
        painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine if self._eraser else Qt.PenStyle.SolidLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(self._hover, radius, radius)


def _midpoint(a: QPointF, b: QPointF) -> QPointF:
    return (a + b) / 2.0


def _offset_for_label(box: QRectF, canvas: QRectF, label_height: int) -> QPoint:
    """Labels sit above their box, or just inside it when the box touches the canvas top."""
    if box.top() - label_height < canvas.top():
        return QPoint(0, label_height + 1)
    return QPoint(0, -1)
