"""Turning any picture array into 8-bit grey or BGR: one rule for 16-bit, float, bool and transparency,
whichever way the picture came in (preprocess, detect, media, dataset folders)."""
import cv2
import numpy as np
import pytest

from core.data.folders import decode_image
from core.images import flatten_alpha, to_bgr8, to_grey_uint8, to_uint8
from core.preprocess import to_mnist

RAMP = np.tile(np.arange(0, 256, dtype=np.uint8), (4, 1))          # every grey level, 4 × 256


def test_uint8_passes_through_untouched():
    assert to_uint8(RAMP) is RAMP
    colour = np.dstack([RAMP, 255 - RAMP, RAMP // 2])
    assert to_bgr8(colour) is colour


def test_sixteen_bit_is_scaled_by_257_not_clipped_or_shifted():
    sixteen = RAMP.astype(np.uint16) * 257
    assert np.array_equal(to_uint8(sixteen), RAMP)
    assert np.array_equal(to_grey_uint8(sixteen), RAMP)
    # Values between the exact multiples round to the nearest level (a shift by 8 bits would floor them).
    assert to_uint8(np.array([[65535, 128 * 257 + 200]], np.uint16)).tolist() == [[255, 129]]


def test_twelve_bit_data_is_stretched_to_the_full_range():
    twelve = np.array([[0, 2048, 4095]], np.uint16)
    assert to_uint8(twelve).tolist() == [[0, 128, 255]]


def test_floats_are_zero_to_one_then_zero_to_255_then_scaled():
    assert np.array_equal(to_uint8(RAMP / 255.0), RAMP)
    assert np.array_equal(to_uint8(RAMP.astype(np.float64)), RAMP)
    assert to_uint8(np.array([[0.0, 500.0, 1000.0]], np.float32)).tolist() == [[0, 128, 255]]
    assert to_uint8(np.array([[np.nan, -3.0, 0.5]], np.float32)).tolist() == [[0, 0, 128]]
    assert to_uint8(np.array([[False, True]])).tolist() == [[0, 255]]


def test_transparent_parts_become_paper_behind_dark_or_light_ink():
    dark_ink = np.zeros((20, 20, 4), np.uint8)                     # transparent black...
    dark_ink[5:15, 8:12] = (0, 0, 0, 255)                          # ...with an opaque black stroke
    flat = flatten_alpha(dark_ink)
    assert flat.shape == (20, 20, 3) and flat[0, 0].tolist() == [255, 255, 255] and flat[10, 10].max() == 0
    light_ink = np.zeros((20, 20, 4), np.uint8)
    light_ink[5:15, 8:12] = (255, 255, 255, 255)                   # a white stroke: its paper is black
    assert to_grey_uint8(light_ink)[0, 0] == 0 and to_grey_uint8(light_ink)[10, 10] == 255
    half = np.full((2, 2, 4), (0, 0, 0, 128), np.uint8)            # half-transparent black over white
    assert to_grey_uint8(half)[0, 0] == 127


def test_grey_and_bgr_agree_for_every_kind_of_input():
    cases = [RAMP, RAMP.astype(np.uint16) * 257, RAMP / 255.0, RAMP[:, :, None],
             cv2.cvtColor(RAMP, cv2.COLOR_GRAY2BGRA)]
    for case in cases:
        bgr = to_bgr8(case)
        assert bgr.dtype == np.uint8 and bgr.shape == (4, 256, 3)
        assert np.array_equal(to_grey_uint8(case), cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY))


def test_dataset_folders_read_sixteen_bit_and_alpha_the_same_way(tmp_path):
    sixteen = RAMP.astype(np.uint16) * 257 + 100                   # not exact multiples: >> 8 would floor
    cv2.imwrite(str(tmp_path / "sixteen.png"), sixteen)
    assert np.array_equal(decode_image(tmp_path / "sixteen.png"), to_uint8(sixteen))
    light_ink = np.zeros((20, 20, 4), np.uint8)
    light_ink[5:15, 8:12] = (255, 255, 255, 255)
    cv2.imwrite(str(tmp_path / "light.png"), light_ink)
    assert np.array_equal(decode_image(tmp_path / "light.png"), to_grey_uint8(light_ink))


def test_preprocess_reads_a_transparent_white_digit_on_its_paper():
    light_ink = np.zeros((60, 60, 4), np.uint8)
    cv2.line(light_ink, (30, 8), (30, 52), (255, 255, 255, 255), 5)    # a "1" in white on transparent
    digit = to_mnist(light_ink)
    assert digit.max() > 0.9 and digit[:, :5].max() == 0.0             # ink found, paper clean


def test_wrong_shapes_are_refused():
    with pytest.raises(ValueError):
        to_grey_uint8(np.zeros((10, 10, 2), np.uint8))
    with pytest.raises(ValueError):
        to_grey_uint8(np.zeros((0, 10), np.uint8))
    with pytest.raises(ValueError):
        to_bgr8(np.zeros((10, 10, 5), np.uint8))
