"""A simulated writer for fine-tuning tests and measurements: digits that are not MNIST's.

One person's hand: a consistent slant and stroke width, and idiosyncrasies MNIST rarely shows (a slashed
zero, a European one with its long flag and foot, a crossed seven, an open four, a 2 with a loop, a flat
topped 3, a 9 on a straight stem). Each digit is drawn with cv2.polylines from a template in a unit box,
jittered a little per sample as real handwriting is, then turned into the network's 28×28 input by
core.preprocess. Also: sklearn's 8×8 scanned digits of other writers, upscaled, as a second source.
"""
from __future__ import annotations

import math

import cv2
import numpy as np

from core.preprocess import to_mnist

_CANVAS = 112


def _arc(cx, cy, rx, ry, start_deg, end_deg, count=24):
    angles = np.radians(np.linspace(start_deg, end_deg, count))
    return np.stack([cx + rx * np.cos(angles), cy + ry * np.sin(angles)], axis=1)


def _line(*points):
    return np.asarray(points, np.float64)


# Strokes in a unit box (x right, y down). Angles: 0° points right, 90° down.
TEMPLATES = {
    0: [_arc(0.5, 0.5, 0.3, 0.45, 0, 360, 40), _line((0.95, 0.0), (0.05, 1.0))],              # slashed zero
    1: [_line((0.05, 0.5), (0.6, 0.02), (0.6, 0.98)), _line((0.3, 0.98), (0.9, 0.98))],     # European one
    2: [np.concatenate([_arc(0.5, 0.3, 0.3, 0.25, 180, 370, 16), _line((0.78, 0.4), (0.2, 0.88)),
                        _arc(0.3, 0.8, 0.1, 0.1, 270, 630, 16)[::-1][:10], _line((0.25, 0.9), (0.9, 0.9))]),
        _line((0.3, 0.62), (0.75, 0.62))],                                                 # crossed, looped 2
    3: [np.concatenate([_line((0.2, 0.05), (0.8, 0.05), (0.45, 0.42)), _arc(0.5, 0.68, 0.3, 0.27, -90, 150, 20)])],
    4: [np.concatenate([_line((0.15, 0.05)), _arc(0.45, 0.35, 0.3, 0.3, 180, 90, 12)]),
        _line((0.75, 0.0), (0.75, 0.98))],                                                   # open, round four
    5: [_line((0.3, 0.05), (0.85, 0.05)),
        np.concatenate([_line((0.3, 0.05), (0.28, 0.45)), _arc(0.5, 0.65, 0.3, 0.28, -120, 140, 20)])],
    6: [np.concatenate([_line((0.8, 0.02), (0.25, 0.55)), _arc(0.5, 0.75, 0.27, 0.2, 180, 540, 30)])],
    7: [_line((0.1, 0.25), (0.1, 0.05), (0.9, 0.05), (0.4, 0.95)), _line((0.3, 0.5), (0.85, 0.5))],  # crossed seven
    8: [_arc(0.5, 0.25, 0.2, 0.2, 0, 360, 24), _arc(0.5, 0.73, 0.3, 0.25, 0, 360, 28)],     # two loose rings
    9: [_arc(0.45, 0.27, 0.27, 0.22, 0, 360, 28),
        np.concatenate([_line((0.72, 0.27), (0.72, 0.85)), _arc(0.47, 0.85, 0.25, 0.13, 0, 150, 10)])],  # curled 9
}


class SimulatedWriter:
    """One writer's digits; the same seed gives the same hand and the same samples."""

    def __init__(self, seed: int = 0, slant: float = 0.45, stroke: float = 0.13):
        self.slant = slant            # x shift per unit of height (italic lean to the right)
        self.stroke = stroke          # pen width as a share of the canvas
        self.rng = np.random.default_rng(seed)

    def digit(self, label: int) -> np.ndarray:
        """One (28, 28) float32 network input of `label` in this writer's hand."""
        return to_mnist(self.picture(label))

    def picture(self, label: int) -> np.ndarray:
        """The digit as drawn: uint8 (112, 112), dark ink on white paper."""
        rng = self.rng
        angle = math.radians(rng.normal(0, 4))
        scale_x, scale_y = rng.normal(0.62, 0.04), rng.normal(0.72, 0.04)
        canvas = np.full((_CANVAS, _CANVAS), 255, np.uint8)
        width = max(2, int(round(_CANVAS * self.stroke * rng.uniform(0.9, 1.1))))
        for stroke in TEMPLATES[label]:
            points = stroke + rng.normal(0, 0.012, stroke.shape)
            x, y = points[:, 0] - 0.5, points[:, 1] - 0.5
            x = x - self.slant * y
            x, y = x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle)
            pixels = np.stack([(0.5 + x * scale_x) * _CANVAS, (0.5 + y * scale_y) * _CANVAS], axis=1)
            cv2.polylines(canvas, [np.round(pixels).astype(np.int32)], False, 0, width, cv2.LINE_AA)
        return canvas

    def digits(self, per_class: int) -> tuple[np.ndarray, np.ndarray]:
        """per_class digits of each class 0-9, interleaved: (N, 28, 28) float32 and (N,) int64."""
        labels = np.tile(np.arange(10), per_class)
        return np.stack([self.digit(int(label)) for label in labels]), labels.astype(np.int64)


def scanned_digits(writers: slice = slice(None), count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """sklearn's 8×8 scanned digits (other writers than MNIST's), upscaled and preprocessed like any picture."""
    from sklearn.datasets import load_digits

    data = load_digits()
    images, labels = data.images[writers], data.target[writers]
    if count is not None:
        images, labels = images[:count], labels[:count]
    pictures = [cv2.resize((image * (255 / 16)).astype(np.uint8), (64, 64), interpolation=cv2.INTER_CUBIC)
                for image in images]
    return np.stack([to_mnist(picture) for picture in pictures]), labels.astype(np.int64)
