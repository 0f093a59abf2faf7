"""core.batch_read: a folder of real picture files read by the real pipeline and default model into a CSV."""
from __future__ import annotations

import csv
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.batch_read import CSV_COLUMNS, ImageReading, read_folder_to_csv, readings_csv
from core.events import FINISHED, PROGRESS
from core.fileio import UserError
from core.media import MediaError
from tests.pages import mnist_digits

DIGIT_HEIGHT = 60


@pytest.fixture(scope="module")
def classifier():
    from core.inference import load_classifier

    return load_classifier(None, "cpu")


def page_with(digits: list[int]) -> np.ndarray:
    """A light page (BGR) with clear MNIST test digits written dark, side by side as one number."""
    images, labels = mnist_digits()
    page = np.full((240, 400, 3), 235, np.uint8)
    x = 40
    for digit in digits:
        ink = cv2.resize(images[np.flatnonzero(labels == digit)[0]], (DIGIT_HEIGHT, DIGIT_HEIGHT))
        region = page[90:90 + DIGIT_HEIGHT, x:x + DIGIT_HEIGHT]
        np.minimum(region, (255 - ink)[..., None], out=region)
        x += DIGIT_HEIGHT - 8
    return page


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    cv2.imwrite(str(folder / "page2.png"), page_with([3, 1]))
    cv2.imwrite(str(folder / "page10.jpg"), page_with([7]))
    (folder / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n but then nothing a decoder wants")
    (folder / "notes.txt").write_text("not a picture")
    return folder


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_folder_becomes_one_row_per_picture_and_a_corrupt_one_is_counted_not_fatal(folder, tmp_path, classifier):
    out = tmp_path / "out" / "results.csv"
    events = list(read_folder_to_csv(folder, out, classifier))
    assert [e["event"] for e in events] == [PROGRESS] * 4 + [FINISHED]
    assert [(e["done"], e["total"]) for e in events[:4]] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert events[-1] == {"event": FINISHED, "path": str(out), "count": 3}
    rows = read_rows(out)
    assert [Path(row["path"]).name for row in rows] == ["corrupt.png", "page2.png", "page10.jpg"]   # natural order
    corrupt, two, ten = rows
    assert corrupt["error"] and "corrupt.png" in corrupt["error"] and corrupt["digits"] == "0"
    assert (two["number"], two["labels"], two["digits"], two["error"]) == ("31", "3 1", "2", "")
    assert (ten["number"], ten["labels"], ten["error"]) == ("7", "7", "")
    assert all(float(c) >= 0.5 for c in two["confidences"].split())
    assert [len(box.split()) for box in two["boxes"].split(";")] == [4, 4]
    assert list(rows[0]) == CSV_COLUMNS
    assert [p.name for p in out.parent.iterdir()] == ["results.csv"]       # no temporary left over


def test_stopping_early_saves_nothing(folder, tmp_path, classifier):
    out = tmp_path / "out" / "results.csv"
    run = read_folder_to_csv(folder, out, classifier)
    assert next(run)["done"] == 0 and next(run)["done"] == 1
    run.close()
    assert not out.parent.exists()


def test_a_threshold_above_every_confidence_reads_nothing(folder, tmp_path, classifier):
    out = tmp_path / "results.csv"
    list(read_folder_to_csv(folder, out, classifier, threshold=1.01))
    assert [row["number"] for row in read_rows(out)] == ["", "", ""]


def test_a_folder_without_pictures_or_an_unwritable_csv_is_one_plain_error(tmp_path, folder, classifier):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no pictures here")
    with pytest.raises(MediaError, match="holds no pictures"):
        list(read_folder_to_csv(empty, tmp_path / "out.csv", classifier))
    with pytest.raises(MediaError, match="could not be read"):
        list(read_folder_to_csv(tmp_path / "missing", tmp_path / "out.csv", classifier))
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the CSV's folder should be")
    with pytest.raises(UserError, match="could not be saved"):
        list(read_folder_to_csv(folder, blocker / "results.csv", classifier))


def test_readings_csv_quotes_what_needs_quoting():
    text = readings_csv([ImageReading(path="a, b.png", number="12", labels=[1, 2], confidences=[0.9, 0.75],
                                      boxes=[(1, 2, 3, 4), (5, 6, 7, 8)])])
    rows = list(csv.reader(text.splitlines()))
    assert rows == [CSV_COLUMNS, ["a, b.png", "12", "2", "1 2", "0.9000 0.7500", "1 2 3 4;5 6 7 8", ""]]
