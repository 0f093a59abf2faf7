"""The frame view of the Images & video tab."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.common.images import qimage_view

Box = tuple[int, int, int, int]


class FrameView(QWidget):
    """Shows one frame scaled to fit (aspect kept), with one highlighted box; click a box to pick it."""

    box_clicked = Signal(int)  # index into the boxes given with set_frame

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._array: np.ndarray | None = None   # keeps the QImage's memory alive
        self._image: QImage | None = None
        self._boxes: list[Box] = []
        self._highlight: int | None = None
        self._placeholder = ""
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def set_frame(self, array: np.ndarray | None, boxes: list[Box] | None = None) -> None:
        self._array = None if array is None else np.ascontiguousarray(array)
        self._image = None if self._array is None else qimage_view(self._array, "bgr")
        self._boxes = list(boxes or [])
        if self._highlight is not None and self._highlight >= len(self._boxes):
            self._highlight = None
        self.update()

    def set_highlight(self, index: int | None) -> None:
        self._highlight = index
        self.update()

    def has_frame(self) -> bool:
        return self._image is not None

    def image_size(self) -> QSize | None:
        return None if self._image is None else self._image.size()

    def target_rect(self) -> QRectF:
        """Where the image is painted: as large as fits, centred, aspect kept."""
        if self._image is None:
            return QRectF()
        scale = min(self.width() / self._image.width(), self.height() / self._image.height())
        width, height = self._image.width() * scale, self._image.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Shadow))
        if self._image is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.Light))
            painter.drawText(self.rect().adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._placeholder)
            return
        target = self.target_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self._image)
        if self._highlight is not None:
            self._paint_highlight(painter, target)

    def _paint_highlight(self, painter: QPainter, target: QRectF) -> None:
        x, y, w, h = self._boxes[self._highlight]
        scale = target.width() / self._image.width()
        box = QRectF(target.left() + x * scale, target.top() + y * scale, w * scale, h * scale)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(0, 0, 0, 160), 6))
        painter.drawRect(box.adjusted(-4, -4, 4, 4))
        painter.setPen(QPen(QColor(255, 200, 0), 3))
        painter.drawRect(box.adjusted(-4, -4, 4, 4))

    def mousePressEvent(self, event) -> None:
        index = self._box_at(event.position())
        if index is not None:
            self.box_clicked.emit(index)
        super().mousePressEvent(event)

    def _box_at(self, point: QPointF) -> int | None:
        if self._image is None:
            return None
        target = self.target_rect()
        scale = target.width() / self._image.width()
        x, y = (point.x() - target.left()) / scale, (point.y() - target.top()) / scale
        hits = [(w * h, index) for index, (bx, by, w, h) in enumerate(self._boxes)
                if bx <= x <= bx + w and by <= y <= by + h]
        return min(hits)[1] if hits else None   # the smallest box under the pointer
