"""The Dataset every loader returns, and the one place that checks a dataset is well formed."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.fileio import UserError

DIGIT_NAMES = [str(digit) for digit in range(10)]
MAX_CLASSES = 1000


class DataError(UserError):
    """A dataset that cannot be found, read or trusted; the message is one plain sentence."""


@dataclass
class Dataset:
    name: str
    x_train: np.ndarray            # uint8 (N, H, W, C)
    y_train: np.ndarray            # int64 (N,)
    x_test: np.ndarray | None
    y_test: np.ndarray | None
    class_names: list[str]
    source: str                    # plain words: where the data came from
    is_sample: bool = False        # True when only the bundled MNIST sample is in use
    skipped: int = 0               # unreadable images left out (folder datasets)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.x_train.shape[1:])

    @property
    def num_classes(self) -> int:
        return len(self.class_names)


def make_dataset(name: str, x_train, y_train, x_test, y_test, *, source: str,
                 class_names: list[str] | None = None, what: str = "the dataset",
                 is_sample: bool = False, skipped: int = 0) -> Dataset:
    """Check and normalise arrays into a Dataset: images uint8 NHWC, labels int64 in range.

    `what` names the source in error messages ("the file mnist.npz").
    """
    x_train = as_images(x_train, f"the training images of {what}")
    y_train = as_labels(y_train, len(x_train), f"the training labels of {what}")
    if (x_test is None) != (y_test is None):
        raise DataError(f"{what} has test images without test labels, or the other way round")
    if x_test is not None:
        x_test = as_images(x_test, f"the test images of {what}")
        y_test = as_labels(y_test, len(x_test), f"the test labels of {what}")
        if x_test.shape[1:] != x_train.shape[1:]:
            raise DataError(f"{what} has test images of shape {x_test.shape[1:]} but training images "
                            f"of shape {x_train.shape[1:]}")
    if len(x_train) == 0:
        raise DataError(f"{what} has no training images")
    highest = int(max(y_train.max(), y_test.max() if y_test is not None and len(y_test) else 0))
    if class_names is None:
        class_names = DIGIT_NAMES if highest < 10 else [str(index) for index in range(highest + 1)]
    elif highest >= len(class_names):
        raise DataError(f"{what} has label {highest}, but only {len(class_names)} classes "
                        f"(labels 0 to {len(class_names) - 1})")
    return Dataset(name, x_train, y_train, x_test, y_test, list(class_names), source, is_sample, skipped)


def as_images(array, what: str) -> np.ndarray:
    """uint8 (N, H, W, C) from (N, H, W) or (N, H, W, C) integers 0..255 or floats 0..1."""
    array = np.asarray(array)
    if array.ndim == 3:
        array = array[..., np.newaxis]
    if array.ndim != 4 or array.shape[-1] not in (1, 3) or 0 in array.shape[1:]:
        raise DataError(f"{what} have shape {array.shape}; expected (count, height, width) "
                        "or (count, height, width, 1 or 3)")
    if array.dtype == np.uint8:
        return array
    if array.dtype.kind in "iu":
        if array.size and (array.min() < 0 or array.max() > 255):
            raise DataError(f"{what} have values outside 0..255")
        return array.astype(np.uint8)
    if array.dtype.kind == "f":
        if array.size and (not np.isfinite(array).all() or array.min() < 0 or array.max() > 1):
            raise DataError(f"{what} are floating point but not within 0..1")
        return np.rint(array * 255).astype(np.uint8)
    raise DataError(f"{what} are of type {array.dtype}; expected 8-bit integers")


def as_labels(array, count: int, what: str) -> np.ndarray:
    """int64 (N,) from integer labels of shape (N,) or (N, 1), each in 0..MAX_CLASSES-1."""
    array = np.asarray(array)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise DataError(f"{what} have shape {array.shape}; expected one label per image")
    if len(array) != count:
        raise DataError(f"{what} number {len(array)}, but there are {count} images")
    if array.dtype.kind == "f" and np.isfinite(array).all() and np.array_equal(array, np.round(array)):
        array = array.astype(np.int64)
    if array.dtype.kind not in "iu":
        raise DataError(f"{what} are of type {array.dtype}; expected whole numbers")
    labels = array.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= MAX_CLASSES):
        bad = labels[(labels < 0) | (labels >= MAX_CLASSES)][0]
        raise DataError(f"{what} contain {bad}, which is out of range (labels are 0 to {MAX_CLASSES - 1})")
    return labels
