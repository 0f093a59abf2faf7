"""Digit pictures that do not look like MNIST: the way people photograph, scan, type and draw digits.

Made from the bundled sample's test digits (other writers than the training set) and from OpenCV's
Hershey fonts (other "hands"), in many styles: dark ink on light paper or light on dark, colour paper,
any size, thin or thick strokes, slanted, off-centre, JPEG-compressed. Used by the predict tests.
"""
from __future__ import annotations

import cv2
import numpy as np

from core.paths import MNIST_SAMPLE

FONTS = (cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_COMPLEX,
         cv2.FONT_HERSHEY_TRIPLEX, cv2.FONT_HERSHEY_PLAIN)


def sample_test_digits() -> tuple[np.ndarray, np.ndarray]:
    with np.load(MNIST_SAMPLE) as data:
        return data["x_test"].reshape(-1, 28, 28), data["y_test"].astype(int)


def photo_of(digit: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A 28×28 white-on-black digit → a colour photo-like picture of it, in a random style."""
    size = int(rng.integers(40, 400))
    ink = cv2.resize(digit, (size, size), interpolation=cv2.INTER_CUBIC).astype(np.float32) / 255.0
    stroke = int(rng.integers(-1, 3)) * max(1, size // 60)
    if stroke > 0:
        ink = cv2.dilate(ink, np.ones((stroke + 1, stroke + 1), np.uint8))
    ink = _place_off_centre(ink, rng)
    return _on_paper(ink, rng)


def typed_digit(label: int, rng: np.random.Generator) -> np.ndarray:
    """A digit in one of OpenCV's Hershey fonts, slanted and sized at random, as a photo."""
    scale = float(rng.uniform(2.0, 6.0))
    thickness = int(rng.integers(2, 12))
    font = FONTS[int(rng.integers(len(FONTS)))]
    (width, height), _ = cv2.getTextSize(str(label), font, scale, thickness)
    canvas = np.zeros((height * 2, width + height), np.uint8)
    cv2.putText(canvas, str(label), (height // 2, int(height * 1.5)), font, scale, 255, thickness, cv2.LINE_AA)
    canvas = canvas.astype(np.float32) / 255.0
    slant = float(rng.uniform(-0.25, 0.25))
    shear = np.float32([[1, slant, -slant * canvas.shape[0] / 2], [0, 1, 0]])
    canvas = cv2.warpAffine(canvas, shear, (canvas.shape[1], canvas.shape[0]))
    return _on_paper(_place_off_centre(canvas, rng), rng)


def _place_off_centre(ink: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    height, width = ink.shape
    frame = np.zeros((int(height * 1.6), int(width * 1.6)), np.float32)
    top = int(rng.integers(0, frame.shape[0] - height + 1))
    left = int(rng.integers(0, frame.shape[1] - width + 1))
    frame[top:top + height, left:left + width] = ink
    return frame


def _on_paper(ink: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ink (0..1) on paper: either polarity, coloured, lit unevenly, noisy, JPEG-compressed."""
    height, width = ink.shape
    dark_ink = rng.random() < 0.7
    paper = rng.uniform(170, 250, 3) if dark_ink else rng.uniform(10, 70, 3)
    pen = rng.uniform(0, 60, 3) if dark_ink else rng.uniform(200, 255, 3)
    gradient = np.linspace(0.85, 1.0, width, dtype=np.float32)[None, :, None]
    picture = (paper * gradient) * (1 - ink[..., None]) + pen * ink[..., None]
    picture += rng.normal(0, 4, picture.shape)
    encoded = cv2.imencode(".jpg", picture.clip(0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 80])[1]
    return cv2.imdecode(encoded, cv2.IMREAD_COLOR)
