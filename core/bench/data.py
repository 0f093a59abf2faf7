"""Benchmarks of the data layer, each beside the plain way of doing the same work."""
from __future__ import annotations

import tempfile
from pathlib import Path

import cv2
import numpy as np

from core.bench.timing import BenchResult, lower_is_better, median, time_calls
from core.config import AugmentConfig
from core.data.augment import augment_batch
from core.data.folders import cache_file_for, find_folder_layout, load_folder_layout
from core.data.published import load_sample

_DIGITS_AUGMENT = AugmentConfig(rotation_range=15, width_shift_range=0.1, height_shift_range=0.1,
                                zoom_range=0.15, shear_range=10, stroke_range=1)


def bench_augment(quick: bool) -> list[BenchResult]:
    """One training batch of 128 digits through every augmentation, against a per-image loop."""
    images = load_sample().x_train[:128]
    rng = np.random.default_rng(0)
    repeats = 20 if quick else 300
    ours = median(time_calls(lambda: augment_batch(images, _DIGITS_AUGMENT, rng), repeats))
    plain = median(time_calls(lambda: _per_image_augment(images, _DIGITS_AUGMENT, rng), repeats))
    return [lower_is_better("augment 128 digits 28x28", ours, plain, "ms")]


def _per_image_augment(images: np.ndarray, config: AugmentConfig, rng: np.random.Generator) -> np.ndarray:
    """The straightforward way: draw, build the matrix and warp, then dilate or erode, image by image."""
    result = np.empty_like(images)
    for index, image in enumerate(images[..., 0]):
        angle = rng.uniform(-config.rotation_range, config.rotation_range)
        scale = rng.uniform(1 - config.zoom_range, 1 + config.zoom_range)
        matrix = cv2.getRotationMatrix2D((13.5, 13.5), angle, scale)
        matrix[0, 1] += np.tan(np.deg2rad(rng.uniform(-config.shear_range, config.shear_range)))
        matrix[:, 2] += rng.uniform(-config.width_shift_range, config.width_shift_range, 2) * 28
        warped = cv2.warpAffine(image, matrix, (28, 28))
        pixels = int(rng.integers(-config.stroke_range, config.stroke_range, endpoint=True))
        if pixels:
            kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * abs(pixels) + 1,) * 2)
            warped = cv2.dilate(warped, kernel) if pixels > 0 else cv2.erode(warped, kernel)
        result[index, ..., 0] = warped
    return result


def bench_folder_cache(quick: bool) -> list[BenchResult]:
    """An own dataset (PNG files + label file): loading from the fingerprinted cache vs reading the images."""
    count = 300 if quick else 3000
    images = load_sample().x_train[:count]
    labels = load_sample().y_train[:count]
    with tempfile.TemporaryDirectory(prefix="inkling-bench-") as folder:
        root = Path(folder)
        (root / "digits_train").mkdir()
        lines = []
        for index, (image, label) in enumerate(zip(images, labels)):
            cv2.imwrite(str(root / "digits_train" / f"{index}_{label}.png"), image[..., 0])
            lines.append(f"{index}_{label}.png {label}")
        (root / "digits_train.txt").write_text("\n".join(lines) + "\n")
        layout = find_folder_layout(root)
        cache = cache_file_for(root)

        def read_fresh() -> None:
            cache.unlink(missing_ok=True)
            load_folder_layout(layout)

        try:
            fresh = median(time_calls(read_fresh, 3 if quick else 5, warmup=1))
            load_folder_layout(layout)
            cached = median(time_calls(lambda: load_folder_layout(layout), 3 if quick else 5, warmup=1))
        finally:
            cache.unlink(missing_ok=True)
    return [lower_is_better(f"load own dataset of {count} PNGs (cached)", cached, fresh, "ms")]
