"""The touching network (core.touching): one digit or several, on digits it never trained on."""
from __future__ import annotations

import numpy as np

from core.paths import MNIST_SAMPLE
from core.preprocess import to_mnist
from core.touching import MODEL_PATH, examples, several_digits


def _sample_digits() -> np.ndarray:
    with np.load(MNIST_SAMPLE) as data:
        return data["x_test"]


def test_the_network_ships_as_onnx_beside_the_code():
    assert MODEL_PATH.is_file() and MODEL_PATH.suffix == ".onnx"


def test_single_test_digits_are_one_and_touching_ones_several():
    digits = _sample_digits()
    singles = several_digits(np.stack([to_mnist(digit) for digit in digits[:300]]))
    images, several = examples(digits, 600, np.random.default_rng(7))
    said = several_digits(images)
    assert np.median(singles) < 0.05
    assert (singles < 0.5).mean() >= 0.95
    assert ((said > 0.5) == (several > 0.5)).mean() >= 0.95
    assert np.median(said[several > 0.5]) > 0.95


def test_examples_are_reader_inputs_and_follow_the_seed():
    digits = _sample_digits()[:50]
    images, several = examples(digits, 40, np.random.default_rng(3))
    again, _ = examples(digits, 40, np.random.default_rng(3))
    assert images.shape == (40, 28, 28) and images.dtype == np.float32
    assert 0.0 <= images.min() and images.max() <= 1.0 + 1e-6     # to_mnist's range (float rounding)
    assert set(np.unique(several)) == {0.0, 1.0}
    assert np.array_equal(images, again)


def test_no_crops_no_answers():
    assert several_digits(np.zeros((0, 28, 28), np.float32)).shape == (0,)
