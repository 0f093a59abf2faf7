"""`inkling lab dots` and `inkling lab optimizers` as a script uses them: real processes, JSON lines,
exit codes and one plain line for a user's mistake."""
from __future__ import annotations

from tests.cli.helpers import json_lines, lab


def test_dots_streams_epochs_and_finishes_with_accuracies_and_classes():
    lines = json_lines(lab("dots", "--epochs", "5", "--hidden", "8", "--l2", "0.1", "--json"))
    assert [line["epoch"] for line in lines[:-1]] == [1, 2, 3, 4, 5]
    finished = lines[-1]
    assert finished["event"] == "finished" and finished["classes"] == ["0", "1"]
    assert {"test_accuracy", "train_accuracy", "skipped_rows"} <= set(finished)


def test_dots_reads_any_csv_by_column_names(tmp_path):
    path = tmp_path / "kinds.csv"
    path.write_text("a,b,kind\n" + "".join(f"{i % 5},{i % 3},{'cat' if i % 2 else 'dog'}\n" for i in range(30))
                    + "oops,1,cat\n")
    result = lab("dots", "--data", str(path), "--x", "a", "--y", "b", "--label", "kind", "--epochs", "2")
    assert result.returncode == 0, result.stderr
    assert "classes: ['cat', 'dog']" in result.stdout and "skipped_rows: 1" in result.stdout


def test_dots_with_a_missing_column_fails_with_one_plain_line(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n1,2,0\n3,4,1\n")
    result = lab("dots", "--data", str(path), "--json")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == ["error: points.csv has no column 'y_c' (its columns: x1, x2, label)."]


def test_optimizers_race_on_iris():
    lines = json_lines(lab("optimizers", "--problem", "iris", "--epochs", "3", "--optimizers", "sgd,adam", "--json"))
    assert sum(line["event"] == "epoch" for line in lines) == 6
    results = lines[-1]["results"]
    assert [r["optimizer"] for r in results] == ["sgd", "adam"]
    assert all({"optimizer", "final_loss", "seconds"} <= set(r) for r in results)


def test_optimizers_race_on_a_typed_surface():
    lines = json_lines(lab("optimizers", "--problem", "x**2 + 5*y**2", "--steps", "30", "--json"))
    assert sum(line["event"] == "step" for line in lines) == 30
    assert len(lines[-1]["results"]) == 5


def test_a_formula_that_overflows_fails_with_one_plain_line():
    result = lab("optimizers", "--problem", "exp(x**6)", "--steps", "3")
    assert result.returncode == 1 and "formula" in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_optimizer_is_wrong_usage():
    result = lab("optimizers", "--optimizers", "sgd,lion")
    assert result.returncode == 2 and "lion" in result.stderr
