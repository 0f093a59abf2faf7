"""core.detect on synthetic pages with ground truth (tests/pages.py): found, not invented, clean crops."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
import pytest

from core.detect import detect, find_digits
from core.paper_lines import remove_paper_lines
from core.preprocess import is_blank
from tests.pages import digit_ink, make_kind, make_page, match_boxes, mnist_digits

PAGE_SEEDS = range(20)


def test_finds_digits_on_varied_pages():
    """≥ 97 % of the digits found (IoU ≥ 0.5) and ≥ 97 % of the boxes real digits over 20 pages."""
    truth_total = found_total = matched_total = 0
    for seed in PAGE_SEEDS:
        page = make_page(seed, numbers=seed % 3)
        found = [candidate.box for candidate in find_digits(page.image)]
        truth_total += len(page.boxes)
        found_total += len(found)
        matched_total += len(match_boxes(page.boxes, found))
    assert truth_total > 150
    recall, precision = matched_total / truth_total, matched_total / found_total
    assert recall >= 0.97, recall
    assert precision >= 0.97, precision


def test_blank_pages_give_next_to_nothing():
    """Paper with lighting, shadow, texture, JPEG, dots, ruled lines, a long line, a page edge, but no
    digit: over 20 such pages at most 3 false candidates (sharp curved shadow edges can fool it)."""
    false_candidates = sum(len(find_digits(make_page(seed, count=0).image)) for seed in range(20))
    assert false_candidates <= 3


def test_plain_frames_give_nothing():
    assert find_digits(np.zeros((480, 640, 3), np.uint8)) == []
    assert find_digits(np.full((480, 640), 255, np.uint8)) == []
    noise = np.random.default_rng(1).integers(0, 256, (480, 640), dtype=np.uint8)
    assert find_digits(noise) == []


def test_polarity_is_detected_and_inversion_finds_the_same_digits():
    page = make_page(4, dark_ink=True, distractors=False)
    normal, inverted = detect(page.image), detect(255 - page.image)
    assert normal.dark_ink and not inverted.dark_ink
    assert len(match_boxes([c.box for c in normal.candidates], [c.box for c in inverted.candidates], 0.7)) \
        == len(normal.candidates) == len(page.boxes)


@pytest.mark.parametrize("height", [150, 300, 440])
def test_a_digit_filling_the_frame_is_one_whole_candidate(height):
    """Thick strokes of a huge digit are ink through and through, not hollow outlines."""
    rng = np.random.default_rng(1)
    ink = digit_ink(1, height, rng, broken=False)                 # a 9 with a loop and a long stroke
    page = np.full((480, 640), 225, np.uint8)
    top, left = (480 - height) // 2, (640 - ink.shape[1]) // 2
    page[top:top + height, left:left + ink.shape[1]] -= (190 * ink).astype(np.uint8)
    candidates = find_digits(page)
    assert len(candidates) == 1
    _, _, visible_w, visible_h = cv2.boundingRect((ink > 0.3).astype(np.uint8))
    _, _, w, h = candidates[0].box
    assert abs(h - visible_h) <= 4 and abs(w - visible_w) <= 4
    crop_ink = candidates[0].crop > 40
    assert crop_ink.sum() >= 0.9 * (ink > 0.3).sum()            # strokes filled, not just their edges


def test_crops_hold_only_their_own_ink():
    """Two digits almost side by side: each crop shows one digit, bright on black with a clean border."""
    page = np.full((120, 200), 230, np.uint8)
    rng = np.random.default_rng(0)
    left, right = digit_ink(0, 80, rng, broken=False), digit_ink(1, 80, rng, broken=False)
    x_right = 20 + left.shape[1] + 12
    page[20:100, 20:20 + left.shape[1]] -= (200 * left).astype(np.uint8)
    page[20:100, x_right:x_right + right.shape[1]] -= (200 * right).astype(np.uint8)
    candidates = find_digits(page)
    assert len(candidates) == 2
    for candidate in candidates:
        crop = candidate.crop
        assert crop.dtype == np.uint8 and crop.ndim == 2
        assert crop[0].max() == 0 and crop[-1].max() == 0 and crop[:, 0].max() == 0 and crop[:, -1].max() == 0
        _, _, w, h = cv2.boundingRect((crop > 40).astype(np.uint8))
        assert abs(w - candidate.box[2]) <= 3 and abs(h - candidate.box[3]) <= 3
        assert not is_blank(crop)


def test_broken_stroke_stays_one_digit():
    rng = np.random.default_rng(3)
    ink = digit_ink(7, 120, rng, broken=False)                    # a 9 ...
    ink[55:60] = 0.0                                              # ... cut across
    assert cv2.connectedComponents((ink > 0.3).astype(np.uint8))[0] - 1 >= 2
    page = np.full((200, 200), 220, np.uint8)
    page[40:160, 60:60 + ink.shape[1]] -= (180 * ink).astype(np.uint8)
    candidates = find_digits(page)
    assert len(candidates) == 1
    x, y, w, h = candidates[0].box
    assert h >= 115


def test_lines_and_dots_are_not_digits():
    page = np.full((480, 640), 225, np.uint8)
    for y in range(30, 480, 32):
        cv2.line(page, (0, y), (640, y), 120, 1)                  # ruled lines, darker than usual
    cv2.line(page, (60, 400), (560, 380), 30, 3)                   # a long pen stroke
    cv2.line(page, (500, 40), (600, 300), 30, 2)                   # a long slanted one
    cv2.rectangle(page, (0, 0), (639, 479), 40, 6)                 # the frame of a screen
    for x, y in [(100, 100), (300, 200), (420, 90)]:
        cv2.circle(page, (x, y), 3, 20, -1)                        # dots
    assert find_digits(page) == []


def test_huge_frames_are_shrunk_and_boxes_come_back_in_frame_pixels():
    page = make_page(2, distractors=False)
    huge = cv2.resize(page.image, None, fx=5, fy=5, interpolation=cv2.INTER_CUBIC)   # 3200 × 2400
    result = detect(huge)
    assert result.downscaled and result.scale < 1
    assert max(result.binary.shape) <= 1280
    truth = [tuple(5 * v for v in box) for box in page.boxes]
    found = [candidate.box for candidate in result.candidates]
    assert len(match_boxes(truth, found)) >= len(truth) - 1


def test_accepts_grey_bgr_and_bgra_frames():
    page = make_page(5, distractors=False)
    grey = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)
    bgra = cv2.cvtColor(page.image, cv2.COLOR_BGR2BGRA)
    boxes = [c.box for c in find_digits(page.image)]
    assert boxes and boxes == [c.box for c in find_digits(bgra)]
    assert len(match_boxes(boxes, [c.box for c in find_digits(grey)], 0.9)) == len(boxes)


def test_candidates_come_in_reading_order():
    """Rows top to bottom, left to right within a row, even when a row's digits sit a little uneven."""
    rng = np.random.default_rng(5)
    page = np.full((300, 400), 230, np.uint8)
    places = [(20, 200), (40, 60), (30, 130), (170, 150), (160, 40)]     # (top, left): row 1 ragged, row 2
    for index, (top, left) in enumerate(places):
        ink = digit_ink(index, 70, rng, broken=False)
        page[top:top + 70, left:left + ink.shape[1]] -= (200 * ink).astype(np.uint8)
    lefts = [c.box[0] for c in find_digits(page)]
    assert len(lefts) == 5
    assert lefts[:3] == sorted(lefts[:3]) and lefts[3:] == sorted(lefts[3:])
    assert abs(lefts[0] - 60) <= 8 and abs(lefts[3] - 40) <= 8


# --- real pages: paper lines, a sheet on a desk, lines written uphill ---------------------------------

def _recall(kind: str, seeds) -> float:
    found = total = 0
    for seed in seeds:
        page = make_kind(kind, seed)
        total += len(page.boxes)
        found += len(match_boxes(page.boxes, [c.box for c in find_digits(page.image)]))
    return found / total


@pytest.mark.parametrize("kind", ["ruled", "squared", "margin"])
def test_digits_written_across_the_papers_lines_are_found_whole(kind):
    """Before the paper's lines were taken out, about a third of these digits were lost with them."""
    assert _recall(kind, range(3)) >= 0.93


def test_a_paper_line_is_removed_and_a_stroke_across_it_is_bridged():
    binary = np.zeros((200, 400), np.uint8)
    cv2.line(binary, (0, 100), (399, 101), 255, 2)                  # a ruled line, a little tilted
    cv2.line(binary, (200, 60), (200, 140), 255, 5)                 # a stroke crossing it
    ink, lines = remove_paper_lines(binary)
    assert lines[100, 20] and lines[100, 380] and not ink[100, 20] and not ink[100, 380]
    assert (ink[60:141, 199:202] > 0).all()                         # the stroke is whole, not cut
    assert cv2.connectedComponents(ink)[0] - 1 == 1


def test_a_dark_stroke_along_a_light_grid_line_stays_ink():
    """The flat top of a "5" written on a squared page's light blue line is not the line."""
    page = np.full((300, 400), 215, np.uint8)
    for at in range(20, 400, 40):
        cv2.line(page, (at, 0), (at, 299), 170, 2)                  # light grid lines
        cv2.line(page, (0, at), (399, at), 170, 2)
    cv2.line(page, (150, 100), (190, 100), 30, 4)                   # a dark bar on the line at y=100
    cv2.line(page, (150, 100), (150, 160), 30, 4)
    found = detect(page)
    assert found.binary[100, 170] and not found.binary[100, 60]


def test_digits_inside_a_narrow_shadow_are_found():
    """A shadow band 60 px wide (a pen lying on the page) was narrower than the paper's estimate and
    read as one big blot of ink: the digits in it were lost."""
    rng = np.random.default_rng(1)
    page = np.full((480, 640), 225, np.float32)
    page[:, 300:360] *= 0.55                                         # the shadow band
    images, _ = mnist_digits()
    for y in (80, 200, 320):
        ink = cv2.resize(images[y], (40, 50))
        page[y:y + 50, 310:350] *= 1.0 - 0.8 * ink / 255.0
    page += rng.normal(0, 2, page.shape)
    boxes = [c.box for c in find_digits(np.clip(page, 0, 255).astype(np.uint8))]
    assert len(match_boxes([(310, y, 40, 50) for y in (80, 200, 320)], boxes, min_iou=0.3)) == 3
    assert len(boxes) == 3


def test_a_sheet_on_a_dark_desk_is_found_and_only_its_digits_are_read():
    for seed in range(3):
        page = make_kind("desk", seed)
        found = detect(page.image)
        assert found.sheet is not None and found.sheet.shape == (4, 2)
        boxes = [c.box for c in found.candidates]
        assert len(match_boxes(page.boxes, boxes)) >= len(page.boxes) - 1
        assert len(boxes) <= len(page.boxes) + 1                    # the desk's grain is no digit
        sheet = found.sheet.astype(np.float32).reshape(-1, 1, 2)
        for x, y, w, h in boxes:
            assert cv2.pointPolygonTest(sheet, (x + w / 2, y + h / 2), False) >= 0


def test_a_sheet_half_in_shadow_is_found_whole():
    """A shadow across the sheet leaves its shaded part darker than Otsu's level: the sheet was not
    found, or only its lit part, and the digits in the shade were lost (desk pages 27, 32, 58, 59)."""
    for seed in (27, 32, 58, 59):
        page = make_kind("desk", seed)
        found = detect(page.image)
        assert found.sheet is not None, seed
        sheet = found.sheet.astype(np.float32).reshape(-1, 1, 2)
        for x, y, w, h in page.boxes:
            assert cv2.pointPolygonTest(sheet, (x + w / 2, y + h / 2), False) >= 0, seed
        assert len(match_boxes(page.boxes, [c.box for c in found.candidates])) >= len(page.boxes) - 1, seed


def test_the_box_of_a_thin_digit_on_a_turned_sheet_fits_its_ink():
    """A "1" on a sheet turned 15°: the corners of its upright box on the straightened sheet, carried
    back, made a box about twice as wide as the "1" itself (desk pages 18, 21, 26, 31, 40)."""
    for seed in (18, 21, 26, 31, 40):
        page = make_kind("desk", seed)
        boxes = [c.box for c in detect(page.image).candidates]
        assert len(match_boxes(page.boxes, boxes)) == len(page.boxes), seed


def test_a_big_light_digit_filling_a_picture_is_no_sheet_of_paper():
    """A light MNIST digit blown up to fill a 280-px picture (the Draw tab's pasted digit) is ink, not a
    bright sheet on a dark desk (1 in 10 was taken for one, and the holes of its loops read as digits)."""
    images, _ = mnist_digits()
    for index in range(100):
        picture = cv2.resize(images[index], (280, 280), interpolation=cv2.INTER_LINEAR)
        assert detect(picture).sheet is None, index


def test_a_page_that_fills_the_frame_is_no_sheet():
    for seed in range(3):
        assert detect(make_kind("plain", seed).image).sheet is None
        assert detect(make_kind("shadows", seed).image).sheet is None


def test_a_line_written_uphill_is_read_as_one_row_left_to_right():
    """The issue's "9777743789" for "7899777743": a line written uphill must not become two rows."""
    for seed in range(3):
        page = make_kind("tilted_line", seed)
        found = [(c.box, page.labels[0]) for c in find_digits(page.image)]
        matches = dict((j, i) for i, j in match_boxes(page.boxes, [box for box, _ in found]))
        order = [matches[j] for j in range(len(found)) if j in matches]
        assert len(order) >= len(page.boxes) - 1 and order == sorted(order)


def test_a_paper_line_broken_into_dashes_is_followed_on_the_faint_ink():
    """Grid lines just at the ink level come through the threshold in dashes too short to be lines
    (a squared page reported 60 pieces of its grid as digits); on the faint ink they run on unbroken."""
    binary = np.zeros((200, 400), np.uint8)
    for x in range(0, 400, 65):
        binary[100:102, x:x + 55] = 255                                 # the line, in dashes
    cv2.line(binary, (200, 60), (200, 140), 255, 5)                     # a stroke crossing it
    faint = binary.copy()
    faint[99:103] = 255                                                 # the faint ink: the line whole
    assert remove_paper_lines(binary)[0][100, 20]                       # the dashes alone: still ink
    ink, lines = remove_paper_lines(binary, faint)
    assert not ink[99:103, :190].any() and not ink[99:103, 210:].any()
    assert (ink[60:141, 199:202] > 0).all()


def test_frames_read_on_several_threads_at_once_come_out_as_read_one_by_one():
    """Every frame's contrast is worked out on one shared helper thread beside the caller's own work."""
    pages = ([make_kind(kind, seed).image for kind in ("plain", "shadows") for seed in range(2)]
             + [make_page(seed, dark_ink=dark).image for seed, dark in ((1, True), (2, False))])
    alone = [[c.box for c in find_digits(page)] for page in pages]
    with ThreadPoolExecutor(max_workers=3) as pool:
        together = list(pool.map(lambda page: [c.box for c in find_digits(page)], pages * 3))
    assert together == alone * 3 and all(alone)


def test_detection_goes_on_once_the_helper_thread_takes_no_more_work():
    """At the interpreter's exit the helper refuses new work; a worker's last frame is read all the same."""
    import core.ink
    page = make_kind("plain", 0).image
    before = [c.box for c in find_digits(page)]
    core.ink._helper_thread(os.getpid()).shutdown()
    try:
        assert [c.box for c in find_digits(page)] == before and before
    finally:
        core.ink._helper_thread.cache_clear()
