"""numpy ↔ QImage: the one place that knows how an array's pixels become a Qt image and back.

Arrays are uint8: grey (H, W) or (H, W, 1), or colour (H, W, 3) in RGB or BGR (OpenCV's) order.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

_COLOUR_FORMATS = {"rgb": QImage.Format.Format_RGB888, "bgr": QImage.Format.Format_BGR888}


def qimage_view(array: np.ndarray, order: str = "rgb") -> QImage:
    """A QImage over the array's own pixels, without copying: the caller keeps a C-contiguous array
    alive while the image is used (a video frame shown as it arrives)."""
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    if not array.flags.c_contiguous:
        raise ValueError("a QImage view needs a C-contiguous array")
    height, width = array.shape[:2]
    if array.ndim == 2:
        image_format = QImage.Format.Format_Grayscale8
    elif array.shape[2] == 3:
        image_format = _COLOUR_FORMATS[order]
    else:
        raise ValueError(f"cannot show an array of shape {array.shape}")
    return QImage(array.data, width, height, array.strides[0], image_format)


def to_qimage(array: np.ndarray, order: str = "rgb") -> QImage:
    """A QImage that owns a copy of the array's pixels."""
    return qimage_view(np.ascontiguousarray(array, dtype=np.uint8), order).copy()


def to_pixmap(array: np.ndarray, size: int) -> QPixmap:
    """Scaled up to fit size×size with sharp pixels: a 28×28 digit should look like pixels, not mush."""
    return QPixmap.fromImage(to_qimage(array)).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.FastTransformation)


def grey_array(image: QImage) -> np.ndarray:
    """A QImage as an (H, W) uint8 grey array (a copy, without per-pixel Python)."""
    return _pixels(image.convertToFormat(QImage.Format.Format_Grayscale8), 1)[..., 0]


def rgba_array(image: QImage) -> np.ndarray:
    """A QImage as an (H, W, 4) uint8 RGBA array (a copy)."""
    return _pixels(image.convertToFormat(QImage.Format.Format_RGBA8888), 4)


def _pixels(image: QImage, channels: int) -> np.ndarray:
    height, width, stride = image.height(), image.width(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=height * stride).reshape(height, stride)
    return rows[:, :width * channels].reshape(height, width, channels).copy()
