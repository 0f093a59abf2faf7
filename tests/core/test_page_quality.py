"""Each page kind of tests/pages.py read by the whole pipeline: boxes found, boxes real, digits read
right and in writing order. A few pages per kind keep this fast; `python -m tests.page_quality`
measures the full figures (60 pages per kind: at 20, a kind whose rare hard page loses a whole
sheet or grid, such as desk and squared pages, looked fine) for the notes.

The floors here sit a little under the measured figures of the same seeds, so a regression fails
and noise from a future model retrain does not.
"""
from __future__ import annotations

import pytest

from tests.page_quality import measure_kind
from tests.pages import HARD_KINDS, KINDS, PHOTO_KINDS, PLAIN_KINDS, make_kind

SEEDS = range(3)
# kind: (found, real, read right in order) floors over SEEDS
FLOORS = {kind: (0.97, 0.97, 0.95) for kind in PLAIN_KINDS}
FLOORS.update({kind: (0.9, 0.9, 0.85) for kind in HARD_KINDS})
FLOORS.update({kind: (0.9, 0.85, 0.85) for kind in PHOTO_KINDS})
FLOORS["touching"] = (0.95, 0.95, 0.9)     # the hardest kind: a "1" touching its neighbour is cut (0.96/1.0/0.93)
FLOORS["hot_spot"] = (0.95, 0.95, 0.95)   # the paper follows shadows and hot spots wider than 47 px (1.0/1.0/1.0)
FLOORS["shadows"] = (0.95, 0.95, 0.95)    # (1.0 / 1.0 / 1.0)
FLOORS["ruled"] = (0.97, 0.97, 0.95)      # strokes along a line stay ink (1.0 / 1.0 / 1.0)
FLOORS["pencil_photo"] = (0.95, 0.95, 0.95)   # pencil on a page mostly in shadow is dark ink (1.0 / 1.0 / 1.0)


@pytest.fixture(scope="module")
def pipeline():
    from core.fileio import UserError
    from core.inference import load_classifier
    from core.pipeline import Pipeline

    try:
        return Pipeline(load_classifier(None, "cpu"))
    except UserError as error:
        pytest.skip(f"no shipped default model yet ({error})")


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "hot_spot"])
def test_each_page_kind_is_found_and_read_in_order(pipeline, kind):
    figures = measure_kind(pipeline, kind, SEEDS)
    found, real, in_order = FLOORS[kind]
    assert figures["digits"] >= 12
    assert figures["found"] >= found, figures
    assert figures["real"] >= real, figures
    assert figures["in_order"] >= in_order, figures


@pytest.mark.slow
def test_a_big_photo_with_a_hot_spot(pipeline):
    """2400×1800 photos with a lamp's hot spot: read at a size that keeps the digits readable."""
    figures = measure_kind(pipeline, "hot_spot", SEEDS)
    found, real, in_order = FLOORS["hot_spot"]
    assert figures["found"] >= found and figures["real"] >= real and figures["in_order"] >= in_order, figures


def test_every_kind_is_deterministic_and_its_truth_is_inside_the_picture():
    for kind in KINDS:
        first, again = make_kind(kind, 5), make_kind(kind, 5)
        assert (first.image == again.image).all() and first.labels == again.labels
        height, width = first.image.shape[:2]
        assert len(first.boxes) == len(first.labels) >= 3
        for x, y, w, h in first.boxes:
            assert 0 <= x and 0 <= y and x + w <= width and y + h <= height and w > 0 and h > 0
