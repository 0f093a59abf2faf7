"""The overfitting-and-L2 lab: the course's dots, CSV reading with its plain refusals, and the claim the
lab makes (L2 keeps the weights small), in both engines."""
from __future__ import annotations

import numpy as np
import pytest

from core.events import EPOCH, FINISHED, LOG, SNAPSHOT
from core.fileio import UserError
from core.labs import dots
from core.labs.common import read_table


def run_all(**values) -> list[dict]:
    return list(dots.run(dots.Settings(**values)))


def finished(events: list[dict]) -> dict:
    assert [e["event"] for e in events].count(FINISHED) == 1 and events[-1]["event"] == FINISHED
    return events[-1]


def test_course_dots_follow_the_rule_and_are_shipped():
    points, labels = dots.course_dots()
    assert points.shape == (300, 2)
    np.testing.assert_array_equal(labels, (points[:, 0] ** 2 + points[:, 1] ** 2 < 2).astype(int))
    table = read_table(dots.COURSE_DOTS, numeric=["x1", "x2", "y_c"])
    np.testing.assert_allclose(table.columns["x1"], points[:, 0], atol=1e-7)
    np.testing.assert_array_equal(table.columns["y_c"], labels)


def test_write_course_dots_makes_the_same_file(tmp_path):
    written = dots.write_course_dots(tmp_path / "dot.csv")
    assert written.read_text() == dots.COURSE_DOTS.read_text()


@pytest.mark.parametrize("engine, epochs, l2", [("torch", 150, 0.03), ("keras", 15, 0.5)])
def test_l2_lowers_the_weights_norm(engine, epochs, l2):
    result = finished(run_all(engine=engine, epochs=epochs, l2=l2))
    assert result["l2"]["weight_norm"] < 0.95 * result["plain"]["weight_norm"]
    assert result["classes"] == ["0", "1"]
    assert result["train_points"] == 240 and result["test_points"] == 60
    assert 0.0 <= result["test_accuracy"] <= 1.0 and 0.0 <= result["train_accuracy"] <= 1.0


def test_events_stream_losses_of_both_networks_and_boundaries():
    events = run_all(epochs=40)
    epochs = [e for e in events if e["event"] == EPOCH]
    assert [e["epoch"] for e in epochs] == list(range(1, 41))
    assert epochs[-1]["plain_train_loss"] < epochs[0]["plain_train_loss"]
    assert {"plain_test_loss", "l2_train_loss", "l2_test_loss"} <= set(epochs[-1])
    data = next(e for e in events if e["event"] == SNAPSHOT and e["view"] == "data")
    assert len(data["train"]) == 240 and len(data["test"]) == 60
    boundaries = [e for e in events if e["event"] == SNAPSHOT and e["view"] == "boundary"]
    assert boundaries and np.asarray(boundaries[-1]["outputs"]["l2"]).shape == (dots.GRID, dots.GRID)


@pytest.mark.slow
def test_the_course_settings_separate_the_dots():
    result = finished(run_all())
    assert result["test_accuracy"] >= 0.85 and result["plain"]["test_accuracy"] >= 0.85


def test_clicked_points_join_the_training_set():
    result = finished(run_all(epochs=2, extra_points=((0.0, 0.0, 1), (2.5, 2.5, 0))))
    assert result["train_points"] == 242


def test_stop_ends_with_what_there_is():
    calls = []
    events = list(dots.run(dots.Settings(epochs=500), should_stop=lambda: len(calls) > 3 or calls.append(1)))
    result = finished(events)
    assert result["stopped"] is True
    assert len([e for e in events if e["event"] == EPOCH]) < 10


def write(tmp_path, text: str):
    path = tmp_path / "points.csv"
    path.write_text(text)
    return str(path)


def test_any_csv_by_column_names_with_text_labels_and_skipped_rows(tmp_path):
    rows = ["a,b,colour"] + [f"{i % 7},{i % 5},{'red' if i % 2 else 'blue'}" for i in range(40)]
    rows += ["1,x,red", ",2,blue", "3,4,"]
    events = run_all(data=write(tmp_path, "\n".join(rows)), x="a", y="b", label="colour", epochs=3)
    result = finished(events)
    assert result["classes"] == ["blue", "red"] and result["skipped_rows"] == 3
    assert any(e["event"] == LOG and "skipped 3 rows" in e["message"] for e in events)


def test_numeric_labels_written_differently_are_one_class(tmp_path):
    path = write(tmp_path, "x1,x2,y_c\n0,0,1\n1,1,1.0\n2,2,0\n3,3,0.0\n4,4,1\n")
    assert dots.load_dots(dots.Settings(data=path)).classes == ("0", "1")


@pytest.mark.parametrize("text, settings, words", [
    ("x1,x2,label\n1,2,0\n", {}, "no column 'y_c'"),
    ("x1,x2,y_c\n1,2,0\n3,4,0\n", {}, "holds 1 class (0)"),
    ("x1,x2,y_c\n1,2,0\n3,4,1\n5,6,2\n", {}, "holds 3 classes"),
    ("x1,x2,y_c\na,2,0\n3,,1\n", {}, "no usable rows"),
    ("x1,x2,y_c\n1,2,0\n", {"x": "width"}, "no column 'width'"),
])
def test_bad_csv_is_one_plain_sentence(tmp_path, text, settings, words):
    with pytest.raises(UserError, match=words.replace("(", r"\(").replace(")", r"\)")):
        run_all(data=write(tmp_path, text), epochs=1, **settings)


def test_a_missing_file_is_a_plain_sentence(tmp_path):
    with pytest.raises(UserError, match="Cannot read"):
        run_all(data=str(tmp_path / "nowhere.csv"), epochs=1)


def test_a_diverging_run_says_so():
    with pytest.raises(UserError, match="diverged"):
        run_all(lr=10.0, epochs=200)


def test_contour_segments_lie_on_the_level_like_pyqtgraphs_isocurve():
    xs = np.linspace(-3, 3, 80)
    grid_x, grid_y = np.meshgrid(xs, xs)
    values = grid_x ** 2 + grid_y ** 2
    segments = dots.contour_segments(values, 2.0, [-3, 3, -3, 3])
    radii = np.hypot(segments.reshape(-1, 2)[:, 0], segments.reshape(-1, 2)[:, 1])
    assert np.allclose(radii, np.sqrt(2), atol=0.01) and len(segments) > 50
    saddle = dots.contour_segments(grid_x * grid_y, 0.0, [-3, 3, -3, 3])   # cells with four crossings
    assert np.allclose(saddle.reshape(-1, 2).prod(axis=1), 0.0, atol=1e-9)
