"""core.data.augment: real warps on real pixels, measured from the pictures that come out."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.data import DataError, load_dataset
from core.data.augment import PEN_WIDTHS, _ink_columns_cut, augment_batch, augment_examples, thinned
from core.config import COURSE_AUGMENT, AugmentConfig

EVERYTHING = AugmentConfig(rotation_range=20, width_shift_range=0.1, height_shift_range=0.1, zoom_range=0.2,
                           shear_range=15, stroke_range=1)


def batch_of(image: np.ndarray, count: int) -> np.ndarray:
    return np.repeat(image[np.newaxis, ..., np.newaxis], count, axis=0)


def horizontal_bar() -> np.ndarray:
    image = np.zeros((28, 28), np.uint8)
    image[13:15, 6:22] = 255
    return image


def vertical_bar() -> np.ndarray:
    return horizontal_bar().T.copy()


def square(side: int = 10) -> np.ndarray:
    image = np.zeros((28, 28), np.uint8)
    start = (28 - side) // 2
    image[start:start + side, start:start + side] = 255
    return image


def orientation_degrees(image: np.ndarray) -> float:
    """The ink's main axis against the horizontal, from image moments (y down, so + is clockwise)."""
    moments = cv2.moments(image.astype(np.float32))
    return float(np.degrees(0.5 * np.arctan2(2 * moments["mu11"], moments["mu20"] - moments["mu02"])))


def ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    rows, cols = np.flatnonzero(image.max(axis=1) >= 128), np.flatnonzero(image.max(axis=0) >= 128)
    return rows[0], rows[-1], cols[0], cols[-1]


def test_shapes_and_dtypes_for_grey_and_colour():
    grey = np.random.default_rng(0).integers(0, 256, (7, 28, 28, 1), dtype=np.uint8)
    colour = np.random.default_rng(1).integers(0, 256, (5, 32, 32, 3), dtype=np.uint8)
    for images in (grey, colour):
        result = augment_batch(images, EVERYTHING, np.random.default_rng(0))
        assert result.shape == images.shape and result.dtype == np.uint8
        assert not np.shares_memory(result, images)
    empty = np.zeros((0, 28, 28, 1), np.uint8)
    assert augment_batch(empty, EVERYTHING, np.random.default_rng(0)).shape == (0, 28, 28, 1)


def test_wrong_input_is_a_plain_error():
    with pytest.raises(DataError, match="uint8 images of shape"):
        augment_batch(np.zeros((2, 28, 28), np.uint8), EVERYTHING, np.random.default_rng(0))
    with pytest.raises(DataError, match="float32"):
        augment_batch(np.zeros((2, 28, 28, 1), np.float32), EVERYTHING, np.random.default_rng(0))
    with pytest.raises(DataError, match="cannot be negative"):
        augment_batch(np.zeros((2, 28, 28, 1), np.uint8), AugmentConfig(stroke_range=-1), np.random.default_rng(0))


def test_same_seed_same_batch_other_seed_other_batch():
    images = load_dataset("sample").x_train[:64]
    first = augment_batch(images, EVERYTHING, np.random.default_rng(42))
    again = augment_batch(images, EVERYTHING, np.random.default_rng(42))
    other = augment_batch(images, EVERYTHING, np.random.default_rng(43))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    assert not np.array_equal(first, images)


def test_zero_ranges_give_the_images_back():
    images = load_dataset("sample").x_train[:16]
    np.testing.assert_array_equal(augment_batch(images, AugmentConfig(), np.random.default_rng(0)), images)
    # Each knob at zero also leaves its own part alone: only a shift of zero pixels stays exact.
    nothing = AugmentConfig(rotation_range=0, width_shift_range=0, zoom_range=0, shear_range=0, stroke_range=0)
    np.testing.assert_array_equal(augment_batch(images, nothing, np.random.default_rng(0)), images)


def test_rotation_turns_a_horizontal_bar_within_the_range():
    bars = batch_of(horizontal_bar(), 64)
    turned = augment_batch(bars, AugmentConfig(rotation_range=40), np.random.default_rng(3))
    angles = np.array([orientation_degrees(image[..., 0]) for image in turned])
    assert np.abs(angles).max() <= 41
    assert (np.abs(angles) > 3).mean() > 0.8              # slanted, not horizontal any more
    assert (angles > 10).any() and (angles < -10).any()   # both ways
    assert np.isclose(orientation_degrees(horizontal_bar()), 0, atol=0.5)


def test_shear_slants_a_vertical_bar():
    bars = batch_of(vertical_bar(), 32)
    slanted = augment_batch(bars, AugmentConfig(shear_range=30), np.random.default_rng(4))
    tilt = np.array([90 - abs(orientation_degrees(image[..., 0])) for image in slanted])
    assert tilt.max() > 10 and tilt.max() <= 31


def test_zoom_changes_the_extent_both_ways():
    squares = batch_of(square(10), 64)
    zoomed = augment_batch(squares, AugmentConfig(zoom_range=0.4), np.random.default_rng(5))
    widths = np.array([ink_box(image[..., 0])[3] - ink_box(image[..., 0])[2] + 1 for image in zoomed])
    assert widths.min() < 9 and widths.max() > 11
    assert widths.min() >= 10 * 0.6 - 1 and widths.max() <= 10 * 1.4 + 1


def test_shift_moves_the_centre_by_up_to_the_fraction():
    squares = batch_of(square(8), 64)
    shifted = augment_batch(squares, AugmentConfig(width_shift_range=0.2), np.random.default_rng(6))
    centres = np.array([cv2.moments(image[..., 0].astype(np.float32))["m10"] /
                        cv2.moments(image[..., 0].astype(np.float32))["m00"] for image in shifted])
    moved = centres - 13.5
    assert np.abs(moved).max() <= 0.2 * 28 + 0.5 and np.abs(moved).max() > 2
    rows = np.array([ink_box(image[..., 0])[0] for image in shifted])
    assert (rows == rows[0]).all()                        # a width shift leaves the height alone


def test_digits_stay_inside_the_frame():
    big = batch_of(square(20), 64)                        # MNIST's 20×20 box
    result = augment_batch(big, AugmentConfig(zoom_range=0.5, width_shift_range=0.3, height_shift_range=0.3),
                           np.random.default_rng(7))
    for image in result[..., 0]:
        top, bottom, left, right = ink_box(image)
        # A square cut by the frame would come out as a rectangle.
        assert abs((bottom - top) - (right - left)) <= 1
    # Without rotation or zoom the box just slides: still 20 pixels, never cut.
    slid = augment_batch(big, AugmentConfig(width_shift_range=0.3), np.random.default_rng(8))
    assert all(ink_box(image)[3] - ink_box(image)[2] + 1 == 20 for image in slid[..., 0])


def test_stroke_width_thickens_and_thins_but_never_erases():
    digits = load_dataset("sample").x_train[:200]
    ink_before = (digits >= 64).sum(axis=(1, 2, 3))
    changed = augment_batch(digits, AugmentConfig(stroke_range=2), np.random.default_rng(9))
    ratio = (changed >= 64).sum(axis=(1, 2, 3)) / ink_before
    assert ratio.max() > 1.5 and ratio.min() < 0.8
    assert ratio.min() >= 0.3                              # never wiped out
    hairline = np.zeros((28, 28), np.uint8)
    hairline[4:24, 14] = 255                               # one pixel wide: any erosion would erase it
    thinned = augment_batch(batch_of(hairline, 32), AugmentConfig(stroke_range=3), np.random.default_rng(1))
    assert ((thinned >= 64).sum(axis=(1, 2, 3)) >= 20).all()


def test_a_big_batch_changes_strokes_as_each_digit_alone():
    # Digits whose strokes change by the same amount are filtered as the channels of one picture;
    # OpenCV 5 takes at most 128 channels, and a batch of 1024 has ~340 in each group.
    digits = np.tile(load_dataset("sample").x_train[:256], (4, 1, 1, 1))
    changed = augment_batch(digits, AugmentConfig(stroke_range=1), np.random.default_rng(3))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    one_by_one = [image if np.array_equal(image, original) else
                  cv2.dilate(original, kernel) if image.sum() > original.sum() else cv2.erode(original, kernel)
                  for image, original in zip(changed[..., 0], digits[..., 0])]
    thickened = sum(image.sum() > original.sum() for image, original in zip(changed[..., 0], digits[..., 0]))
    assert thickened > 200
    np.testing.assert_array_equal(changed[..., 0], np.stack(one_by_one))


def test_colour_pictures_are_warped_without_black_corners():
    picture = np.full((4, 32, 32, 3), 200, np.uint8)
    turned = augment_batch(picture, AugmentConfig(rotation_range=30), np.random.default_rng(2))
    assert turned.min() == 200                             # edges repeat the picture, not black


def test_course_settings_on_real_digits_keep_most_of_the_ink():
    digits = load_dataset("sample").x_train[:256]
    result = augment_batch(digits, COURSE_AUGMENT, np.random.default_rng(10))
    ink = (result >= 64).sum(axis=(1, 2, 3)) / (digits >= 64).sum(axis=(1, 2, 3))
    assert np.median(ink) > 0.7 and ink.min() > 0.2


def test_examples_for_the_preview_grid():
    digit = load_dataset("sample").x_train[0, ..., 0]
    examples = augment_examples(digit, EVERYTHING, 6, seed=3)
    assert examples.shape == (6, 28, 28) and examples.dtype == np.uint8
    np.testing.assert_array_equal(examples, augment_examples(digit, EVERYTHING, 6, seed=3))
    assert len({example.tobytes() for example in examples}) == 6
    as_float = augment_examples(digit.astype(np.float32) / 255, EVERYTHING, 6, seed=3)
    assert as_float.dtype == np.float32 and 0 <= as_float.min() and as_float.max() <= 1
    assert np.abs(as_float * 255 - examples).max() <= 1
    with_channel = augment_examples(digit[..., np.newaxis], EVERYTHING, 2, seed=3)
    assert with_channel.shape == (2, 28, 28, 1)


def stroke_width(image: np.ndarray) -> float:
    """Mean width of the ink in pixels: its mass (anti-aliased edges count in part) over the length of its
    centre lines."""
    return float(image.sum() / 255 / max(thinned(image >= 96).sum(), 1))


def test_thinning_leaves_one_pixel_centre_lines_that_keep_loops():
    ring = cv2.circle(np.zeros((28, 28), np.uint8), (14, 14), 8, 1, thickness=4)
    bar = np.zeros((28, 28), np.uint8)
    bar[10:16, 4:24] = 1
    lines = thinned(np.stack([ring, bar]))
    assert lines.shape == (2, 28, 28)
    loop, line = lines
    holes = cv2.findContours(loop, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)[0]
    assert len(holes) == 2                                 # still a closed loop: its outside and its hole
    assert (line.sum(axis=0)[7:21] == 1).all()             # one pixel across the bar, all along it
    np.testing.assert_array_equal(thinned(ring), loop)     # one picture or a stack: the same lines


def test_even_pen_redraws_every_digit_at_one_width_in_the_pen_range():
    digits = load_dataset("sample").x_train[:200]
    redrawn = augment_batch(digits, AugmentConfig(even_pen_share=1.0), np.random.default_rng(11))[..., 0]
    widths = np.array([stroke_width(image) for image in redrawn])
    originals = np.array([stroke_width(image) for image in digits[..., 0]])
    low, high = np.percentile(widths, [5, 95])
    assert PEN_WIDTHS[0] - 0.5 < low and high < PEN_WIDTHS[1] + 0.5
    assert widths.std() < originals.std()                  # MNIST's pens vary more than the drawn ones
    # Where the ink is, it stays: the redrawn digit covers the centre of the original.
    overlap = ((redrawn >= 128) & (digits[..., 0] >= 64)).sum() / (redrawn >= 128).sum()
    assert overlap > 0.8


def test_shares_pick_some_digits_and_must_be_shares():
    digits = load_dataset("sample").x_train[:400]
    half = augment_batch(digits, AugmentConfig(cut_share=0.5), np.random.default_rng(13))
    changed = (half != digits).any(axis=(1, 2, 3)).mean()
    assert 0.4 < changed < 0.6
    for too_much in (AugmentConfig(even_pen_share=1.5), AugmentConfig(cut_share=-0.1)):
        with pytest.raises(DataError, match="between 0 and 1"):
            augment_batch(digits, too_much, np.random.default_rng(0))


def test_a_cut_a_little_off_adds_a_strip_of_the_neighbour_or_takes_one_of_the_digit():
    digit, neighbour = np.zeros((28, 28), np.uint8), np.zeros((28, 28), np.uint8)
    digit[4:24, 9:19] = 255                                # 10 px wide
    neighbour[4:24, 6:8] = 120                             # its left edge: a fainter post, then a gap
    neighbour[4:24, 12:20] = 255
    joined = _ink_columns_cut(digit, neighbour, 0.3, on_the_right=True)
    assert joined.shape == (20, 13)                        # the digit and 3 columns of the neighbour
    assert joined[:, :10].min() == 1.0 and np.allclose(joined[:, 10:12], 120 / 255) and joined[:, 12].max() == 0
    short = _ink_columns_cut(digit, neighbour, -0.3, on_the_right=False)
    assert short.shape == (20, 7)
    on_the_left = _ink_columns_cut(digit, neighbour, 0.3, on_the_right=False)
    assert on_the_left.shape == (20, 13) and on_the_left[:, 3:].min() == 1.0   # the neighbour's right edge
    assert _ink_columns_cut(digit, np.zeros_like(digit), 0.3, True) is None
    hairline = np.zeros((28, 28), np.uint8)
    hairline[4:24, 14] = 255
    assert _ink_columns_cut(hairline, neighbour, -0.3, True) is None
    assert augment_batch(batch_of(hairline, 8), AugmentConfig(cut_share=1.0), np.random.default_rng(0)).shape[0] == 8


def test_cut_digits_are_framed_as_mnist_frames_a_digit():
    digits = load_dataset("sample").x_train[:64]
    cut = augment_batch(digits, AugmentConfig(cut_share=1.0), np.random.default_rng(14))[..., 0]
    assert (cut != digits[..., 0]).any(axis=(1, 2)).mean() > 0.9
    for image in cut:
        rows, cols = np.flatnonzero(image.max(axis=1) > 0), np.flatnonzero(image.max(axis=0) > 0)
        assert max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 == 20          # longer side 20 px
        moments = cv2.moments(image.astype(np.float32))
        assert abs(moments["m10"] / moments["m00"] - 14) <= 1 and abs(moments["m01"] / moments["m00"] - 14) <= 1
