"""core.preprocess: every kind of digit picture → MNIST's 28×28 layout."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.paths import MNIST_SAMPLE
from core.preprocess import is_blank, to_mnist, to_mnist_batch


@pytest.fixture(scope="module")
def mnist_digits() -> np.ndarray:
    with np.load(MNIST_SAMPLE) as data:
        return data["x_test"][:40]


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    moments = cv2.moments(image.astype(np.float32))
    return moments["m01"] / moments["m00"], moments["m10"] / moments["m00"]


def ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    return cv2.boundingRect((image > 0).astype(np.uint8))


def assert_mnist_layout(result: np.ndarray) -> None:
    assert result.shape == (28, 28) and result.dtype == np.float32
    assert 0.0 <= result.min() and result.max() == pytest.approx(1.0, abs=1e-5)
    cy, cx = centre_of_mass(result)
    assert abs(cy - 14) <= 1.0 and abs(cx - 14) <= 1.0, (cy, cx)
    _, _, w, h = ink_box(result)
    assert max(w, h) == 20 and min(w, h) <= 20, (w, h)
    # Background is black: the frame's border is empty.
    assert result[0].max() == 0 and result[-1].max() == 0 and result[:, 0].max() == 0 and result[:, -1].max() == 0


def dark_on_light(digit28: np.ndarray, height: int, canvas_hw=(400, 600), at=(40, 60)) -> np.ndarray:
    """An MNIST digit drawn dark on light paper at `height` px, top-left corner at `at`."""
    digit = cv2.resize(digit28, (height, height), interpolation=cv2.INTER_CUBIC)
    canvas = np.full(canvas_hw, 235, np.uint8)
    y, x = at
    region = canvas[y:y + height, x:x + height]
    region[:] = np.minimum(region, 255 - digit)
    return canvas


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation of two 28×28 digits, allowing a 1 px shift (MNIST's own centring is to ±1 px)."""
    best = -1.0
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            shifted = np.roll(np.roll(a, dy, axis=0), dx, axis=1)
            best = max(best, float(np.corrcoef(shifted.ravel(), b.ravel())[0, 1]))
    return best


def test_mnist_digit_comes_back_as_itself(mnist_digits):
    """Upscaled, inverted and moved, an MNIST digit is restored to (nearly) its original picture."""
    scores = []
    for digit in mnist_digits:
        page = dark_on_light(digit, 200, at=(150, 350))
        result = to_mnist(page)
        assert_mnist_layout(result)
        scores.append(similarity(result, digit.astype(np.float32) / 255))
    assert np.median(scores) > 0.95, np.median(scores)
    assert min(scores) > 0.75, min(scores)   # thin "1"s: a sub-pixel difference costs a lot


def test_mnist_digit_as_it_is_is_left_as_it_is(mnist_digits):
    """MNIST's own 28×28 digits are already what the reader is trained on: most come back pixel for
    pixel (the rest are the rare ones whose pen is far thinner or thicker than MNIST's usual one, which
    to_mnist evens out), so a reader reads MNIST files through to_mnist as it reads MNIST."""
    differences = np.array([np.abs(to_mnist(digit) - digit / np.float32(255)).max() for digit in mnist_digits])
    assert np.mean(differences <= 1 / 255 + 1e-6) >= 0.8, differences


def test_off_centre_digit_is_centred(mnist_digits):
    page = dark_on_light(mnist_digits[0], 90, canvas_hw=(500, 500), at=(400, 5))
    assert_mnist_layout(to_mnist(page))


def test_tiny_digit(mnist_digits):
    tiny = cv2.resize(mnist_digits[1], (10, 10), interpolation=cv2.INTER_AREA)
    assert_mnist_layout(to_mnist(tiny))


def test_small_digit_on_a_big_page(mnist_digits):
    page = dark_on_light(mnist_digits[8], 16, canvas_hw=(1000, 1000), at=(500, 500))
    result = to_mnist(page)
    assert_mnist_layout(result)
    assert similarity(result, mnist_digits[8] / 255.0) > 0.8


def test_huge_picture(mnist_digits):
    page = dark_on_light(mnist_digits[2], 900, canvas_hw=(1000, 1000), at=(50, 50))
    result = to_mnist(page)
    assert_mnist_layout(result)
    assert similarity(result, mnist_digits[2] / 255.0) > 0.78    # a 32× cubic enlargement is softer than MNIST's pen


def test_thick_strokes_stay_recognisable():
    canvas = np.full((300, 300), 255, np.uint8)
    cv2.putText(canvas, "8", (40, 260), cv2.FONT_HERSHEY_SIMPLEX, 9, 0, 45)
    result = to_mnist(canvas)
    assert_mnist_layout(result)
    # The two loops keep their holes: dark pixels inside the ink's box.
    x, y, w, h = ink_box(result)
    assert (result[y:y + h, x:x + w] < 0.2).sum() > 20


def test_thin_line_on_big_canvas_survives():
    """A 1 px "7" on 600×600 would vanish in a plain downscale; it comes out with MNIST-like strokes."""
    canvas = np.full((600, 600), 255, np.uint8)
    cv2.line(canvas, (150, 60), (450, 60), 0, 1)
    cv2.line(canvas, (450, 60), (250, 560), 0, 1)
    result = to_mnist(canvas)
    assert_mnist_layout(result)
    assert (result > 0.5).sum() >= 40          # a 1-px-at-28 line would give ~25 faint pixels
    plain = cv2.resize(255 - canvas, (20, 20), interpolation=cv2.INTER_AREA)
    assert plain.max() < 128                    # the baseline indeed loses it


def test_white_on_black_and_black_on_white_agree(mnist_digits):
    page = dark_on_light(mnist_digits[3], 120, canvas_hw=(200, 200), at=(30, 40))
    assert np.allclose(to_mnist(page), to_mnist(255 - page), atol=0.05)


def test_colour_picture(mnist_digits):
    grey = dark_on_light(mnist_digits[4], 100, canvas_hw=(160, 160), at=(30, 30))
    colour = np.dstack([grey // 2 + 20, grey // 3 + 80, grey])     # blue-ish ink on pinkish paper
    result = to_mnist(colour)
    assert_mnist_layout(result)
    assert similarity(result, mnist_digits[4] / 255.0) > 0.8


def test_alpha_transparent_is_background(mnist_digits):
    """A drawing app's PNG: black strokes on a fully transparent (colourless black) background."""
    digit = cv2.resize(mnist_digits[5], (150, 150), interpolation=cv2.INTER_CUBIC)
    bgra = np.zeros((200, 200, 4), np.uint8)
    bgra[20:170, 30:180, 3] = digit                  # ink is opaque black, the rest transparent
    result = to_mnist(bgra)
    assert_mnist_layout(result)
    assert similarity(result, mnist_digits[5] / 255.0) > 0.8


def test_sixteen_bit_and_float_inputs(mnist_digits):
    page = dark_on_light(mnist_digits[6], 100, canvas_hw=(150, 150), at=(20, 25))
    reference = to_mnist(page)
    assert_mnist_layout(to_mnist(page.astype(np.uint16) * 257))
    assert np.allclose(to_mnist(page.astype(np.uint16) * 257), reference, atol=0.02)
    assert np.allclose(to_mnist(page.astype(np.float32) / 255), reference, atol=0.02)
    assert np.allclose(to_mnist(page.astype(np.float64)), reference, atol=0.02)


def test_speckle_does_not_move_the_digit(mnist_digits):
    page = dark_on_light(mnist_digits[7], 150, canvas_hw=(300, 300), at=(60, 60))
    clean = to_mnist(page)
    speckled = page.copy()
    for y, x in [(5, 5), (290, 10), (10, 280), (280, 285)]:
        speckled[y:y + 2, x:x + 2] = 0
    assert np.allclose(to_mnist(speckled), clean, atol=1e-5)


@pytest.mark.parametrize("picture", [
    np.zeros((280, 280), np.uint8),
    np.full((280, 280), 255, np.uint8),
    np.full((50, 80, 3), 128, np.uint8),
    np.random.default_rng(0).integers(120, 135, (100, 100)).astype(np.uint8),   # faint noise only
], ids=["black", "white", "grey colour", "faint noise"])
def test_blank_pictures_give_zeros(picture):
    assert is_blank(picture)
    result = to_mnist(picture)
    assert result.shape == (28, 28) and not result.any()


def test_a_single_dot_is_blank():
    canvas = np.full((280, 280), 255, np.uint8)
    canvas[100:102, 100:102] = 0
    assert is_blank(canvas)


def test_a_digit_is_not_blank(mnist_digits):
    assert not is_blank(mnist_digits[0])


def test_batch_matches_single(mnist_digits):
    crops = [mnist_digits[0], dark_on_light(mnist_digits[1], 60, (100, 100), (10, 10)), np.zeros((5, 5), np.uint8)]
    batch = to_mnist_batch(crops)
    assert batch.shape == (3, 28, 28) and batch.dtype == np.float32
    for crop, row in zip(crops, batch):
        assert np.array_equal(row, to_mnist(crop))
    assert to_mnist_batch([]).shape == (0, 28, 28)
