"""The labs' shared helpers: settings described once and checked, the course's split, CSV tables."""
from dataclasses import dataclass

import numpy as np
import pytest

from core.fileio import UserError
from core.labs import LABS, load_lab
from core.labs.common import course_split, load_iris, make_settings, option, read_table, truncated_normal


@dataclass(frozen=True)
class Toy:
    lr: float = option(0.1, "learning rate", low=1e-6, high=10.0)
    names: tuple = option(("a",), "names", choices=("a", "b"))


def test_settings_out_of_range_is_one_plain_sentence_naming_the_field():
    assert make_settings(Toy, {"lr": 2.0}).lr == 2.0
    with pytest.raises(UserError, match=r"^lr must be between 1e-06 and 10 \(got 20\)\.$"):
        make_settings(Toy, {"lr": 20.0})
    with pytest.raises(UserError, match="names must be one of a, b"):
        make_settings(Toy, {"names": ("a", "c")})
    with pytest.raises(UserError, match="finite"):
        make_settings(Toy, {"lr": float("nan")})


def test_course_split_is_the_courses_120_30_with_seed_116():
    iris = load_iris()
    x_train, y_train, x_test, y_test = course_split(iris.x, iris.y)
    assert (len(x_train), len(x_test)) == (120, 30)
    np.random.seed(116)
    order = np.random.permutation(150)   # shuffle with the same seed permutes the same way
    assert np.array_equal(y_test, iris.y[order][-30:])
    assert np.array_equal(x_test, iris.x[order][-30:])


def test_truncated_normal_stays_within_two_deviations_and_repeats():
    values = truncated_normal((400,), 0.1, seed=3)
    assert np.abs(values).max() <= 0.2
    assert np.array_equal(values, truncated_normal((400,), 0.1, seed=3))


def test_read_table_skips_and_counts_broken_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("X1,x2,label\n1,2,a\n3,,b\n4,five,a\n\n6,7,b\n")
    table = read_table(path, numeric=["x1", "x2"], text=["label"])
    assert (table.rows, table.skipped_rows) == (2, 2)
    assert table.columns["x1"].tolist() == [1.0, 6.0]
    assert table.columns["label"].tolist() == ["a", "b"]


def test_read_table_names_a_missing_column_and_refuses_a_file_without_usable_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\nx,y\n")
    with pytest.raises(UserError, match="no column 'c'"):
        read_table(path, numeric=["c"])
    with pytest.raises(UserError, match="no usable rows"):
        read_table(path, numeric=["a"])
    with pytest.raises(UserError, match="Cannot read"):
        read_table(tmp_path / "missing.csv", numeric=["a"])


def test_unknown_lab_is_a_plain_error_and_known_ones_are_declared():
    assert {"iris", "learning_rate", "activations"} <= set(LABS)
    with pytest.raises(UserError, match="no lab called 'nope'"):
        load_lab("nope")
