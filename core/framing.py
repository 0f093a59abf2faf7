"""How MNIST frames a digit: its ink scaled so the longer side is 20 px, placed in 28×28 with its centre
of mass at (14, 14). core.preprocess frames every picture given to a reader this way; augmentation frames
the digits it recomposes the same way, so the reader learns on what it is given."""
from __future__ import annotations

import cv2
import numpy as np

MNIST_SIZE = 28
DIGIT_BOX = 20                 # MNIST fits the ink into 20×20 and pads to 28×28
_CENTRE = 14.0                 # where MNIST puts the centre of mass (row, column)


def in_mnist_frame(crop: np.ndarray) -> np.ndarray:
    """An ink crop (float32, paper 0, ink up to 1, cut to the ink's box) → (28, 28) float32 as MNIST frames it."""
    return _centre_in_frame(_fit_digit_box(crop))


def resize_longest(image: np.ndarray, side: int) -> np.ndarray:
    """Resize so the longer side is `side` (aspect kept): INTER_AREA shrinking, linear enlarging."""
    h, w = image.shape
    scale = side / max(h, w)
    size = (max(1, min(side, round(w * scale))), max(1, min(side, round(h * scale))))
    interpolation = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_LINEAR
    return cv2.resize(image, size, interpolation=interpolation)


def _fit_digit_box(crop: np.ndarray) -> np.ndarray:
    """The ink scaled so its longer side is exactly 20 px, brightest stroke back at 1."""
    digit = resize_longest(crop, DIGIT_BOX)
    top = float(digit.max())
    if 0.0 < top < 1.0:
        digit /= top                    # (× 1/top left the brightest at 0.99999994 for some tops)
    return digit


def _centre_in_frame(digit: np.ndarray) -> np.ndarray:
    """Place the ≤20×20 digit in 28×28 with its centre of mass at (14, 14) (clipped inside)."""
    frame = np.zeros((MNIST_SIZE, MNIST_SIZE), np.float32)
    h, w = digit.shape
    moments = cv2.moments(digit)
    if moments["m00"] > 0:
        centre_x, centre_y = moments["m10"] / moments["m00"], moments["m01"] / moments["m00"]
    else:
        centre_x, centre_y = (w - 1) / 2.0, (h - 1) / 2.0
    top = min(max(round(_CENTRE - centre_y), 0), MNIST_SIZE - h)
    left = min(max(round(_CENTRE - centre_x), 0), MNIST_SIZE - w)
    frame[top:top + h, left:left + w] = digit
    return frame
