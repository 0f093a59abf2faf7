"""Mini-batches for training and inference, shared by both engines (numpy only, kept cheap).

An epoch's batches are random-access (EpochBatches[i]) and fully determined by the generator they
were made with: the shuffle order and one augmentation seed per batch are drawn up front. So batch i
is the same whether or not batches 0..i-1 were produced, which is what makes resuming in the middle
of an epoch exact.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

_SCALE = np.float32(1.0 / 255.0)


def batch_count(samples: int, batch_size: int) -> int:
    return -(-samples // batch_size)


def as_nhwc(images: np.ndarray) -> np.ndarray:
    """(N, H, W) → (N, H, W, 1) as a view; NHWC passes through."""
    return images[..., np.newaxis] if images.ndim == 3 else images


def to_float(images: np.ndarray) -> np.ndarray:
    """uint8 0..255 → float32 0..1; float input becomes float32 unscaled (it is 0..1 already)."""
    if images.dtype == np.uint8:
        return np.multiply(images, _SCALE, dtype=np.float32)
    return np.asarray(images, dtype=np.float32)


class EpochBatches:
    """One epoch of (float32 NHWC 0..1, int64 labels) batches, in random access."""

    def __init__(self, x: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool,
                 rng: np.random.Generator, augment=None):
        if len(x) != len(y):
            raise ValueError(f"{len(x)} images but {len(y)} labels")
        self.x = as_nhwc(x)
        self.y = y
        self.batch_size = int(batch_size)
        self.order = rng.permutation(len(x)) if shuffle else None
        self.augment = augment if augment is not None and augment.enabled else None
        self.seeds = rng.integers(0, 2**63, size=len(self)) if self.augment is not None else None

    def __len__(self) -> int:
        return batch_count(len(self.x), self.batch_size)

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        if not 0 <= index < len(self):
            raise IndexError(index)
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        if self.order is None:
            images, labels = self.x[rows], self.y[rows]
        else:
            picked = self.order[rows]
            images, labels = self.x[picked], self.y[picked]
        if self.augment is not None:
            from core.data.augment import augment_batch
            if images.dtype != np.uint8:
                images = np.clip(np.rint(images * 255.0), 0, 255).astype(np.uint8)
            images = augment_batch(images, self.augment, np.random.default_rng(self.seeds[index]))
        return to_float(images), labels.astype(np.int64, copy=False)


def iterate_batches(x: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool,
                    rng: np.random.Generator, augment=None, start_batch: int = 0
                    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (float32 NHWC 0..1, int64) batches; `augment` is an AugmentConfig (None or disabled = off).
    start_batch skips the first batches without producing them (resuming within an epoch)."""
    batches = EpochBatches(x, y, batch_size, shuffle=shuffle, rng=rng, augment=augment)
    for index in range(start_batch, len(batches)):
        yield batches[index]


def iterate_inputs(x: np.ndarray, batch_size: int) -> Iterator[np.ndarray]:
    """Unshuffled float32 NHWC batches of `x` for predict/evaluate."""
    x = as_nhwc(x)
    for start in range(0, len(x), batch_size):
        yield to_float(x[start:start + batch_size])
