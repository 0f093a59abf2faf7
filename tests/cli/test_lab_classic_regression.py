"""`inkling lab classic` and `inkling lab regression` as a script uses them: real processes, JSON lines
as CLI.md lists them, exit codes and one plain line for a user's mistake."""
from __future__ import annotations

from tests.cli.helpers import json_lines, lab


def test_classic_finishes_with_results_and_classes():
    lines = json_lines(lab("classic", "--data", "wine", "--models", "svm,knn,kmeans", "--cv", "3", "--json"))
    finished = lines[-1]
    assert finished["event"] == "finished"
    assert finished["classes"] == ["class_0", "class_1", "class_2"]
    assert [row["model"] for row in finished["results"]] == ["dummy", "svm", "knn", "kmeans"]
    for row in finished["results"]:
        assert {"model", "test_accuracy", "cv_mean", "cv_std"} <= set(row)
    assert "silhouette" in finished["results"][-1] and "silhouette" not in finished["results"][1]
    assert [line["model"] for line in lines if line["event"] == "step"] == ["dummy", "svm", "knn", "kmeans"]


def test_classic_reads_a_csv_by_label_name(tmp_path):
    path = tmp_path / "pets.csv"
    path.write_text("size,kind,age\n" + "".join(f"{i % 7 + (5 if i % 2 else 0)},{'cat' if i % 2 else 'dog'},{i % 4}\n"
                                                for i in range(40)) + "3,,1\n", encoding="utf-8")
    result = lab("classic", "--data", str(path), "--label", "kind", "--models", "tree")
    assert result.returncode == 0, result.stderr
    assert "classes: ['cat', 'dog']" in result.stdout and "skipped_rows: 1" in result.stdout


def test_classic_bad_input_is_one_plain_line(tmp_path):
    path = tmp_path / "words.csv"
    path.write_text("a,b\nx,y\nz,w\n", encoding="utf-8")
    for args, words in ((("--data", str(path), "--label", "a"), "no numeric column"),
                        (("--data", str(path), "--label", "nope"), "no column 'nope'"),
                        (("--search", "--search-model", "svm", "--search-methods", "gridsearchcv",
                          "--grid-points", "1000", "--models", "svm"), "would take about")):
        result = lab("classic", *args)
        assert result.returncode == 1, result.stderr
        assert words in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert lab("classic", "--cv", "99").returncode == 2


def test_regression_finishes_with_the_four_scores():
    lines = json_lines(lab("regression", "--models", "linear,wide-deep", "--epochs", "5", "--json"))
    finished = lines[-1]
    assert [row["model"] for row in finished["results"]] == ["dummy", "linear", "wide-deep"]
    for row in finished["results"]:
        assert {"model", "mse", "rmse", "mae", "r2"} <= set(row)
    assert [line["epoch"] for line in lines if line["event"] == "epoch"] == [1, 2, 3, 4, 5]
