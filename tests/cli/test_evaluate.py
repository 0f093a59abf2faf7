"""`evaluate` (docs: CLI.md): the CLI's numbers are the core function's (the one the Train tab's
evaluation panel calls) and sklearn's, computed directly from the model's predictions on the same data."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.cli import main

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400


@pytest.fixture(scope="module")
def cli_record():
    """`evaluate --json` as another program runs it: the shipped default on the sample (offline MNIST)."""
    done = subprocess.run([sys.executable, "main.py", "evaluate", "--data", "sample", "--limit", str(LIMIT),
                           "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


@pytest.mark.slow
def test_json_line_has_the_documented_fields(cli_record):
    assert list(cli_record) == ["model", "data", "images", "accuracy", "confusion_matrix", "per_class"]
    assert cli_record["model"] == "default" and cli_record["data"] == "sample" and cli_record["images"] == LIMIT
    matrix = np.array(cli_record["confusion_matrix"])
    assert matrix.shape == (10, 10) and matrix.sum() == LIMIT
    assert [row["class"] for row in cli_record["per_class"]] == [str(k) for k in range(10)]
    for row in cli_record["per_class"]:
        assert list(row) == ["class", "precision", "recall", "f1", "support"]
    assert cli_record["accuracy"] > 0.97


@pytest.mark.slow
def test_cli_numbers_are_the_core_functions_and_sklearns(cli_record):
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    from core.data import load_dataset
    from core.evaluation import evaluate_bundle
    from core.inference import load_classifier

    core = evaluate_bundle("default", "sample", limit=LIMIT)
    assert core.to_record() == cli_record

    dataset = load_dataset("sample")
    images, truth = dataset.x_test[:LIMIT, ..., 0].astype(np.float32) / 255.0, dataset.y_test[:LIMIT]
    predicted = load_classifier("default").predict(images).argmax(axis=1)
    assert cli_record["accuracy"] == pytest.approx(accuracy_score(truth, predicted), abs=1e-6)
    assert cli_record["confusion_matrix"] == confusion_matrix(truth, predicted, labels=range(10)).tolist()
    precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=range(10),
                                                                     zero_division=0.0)
    rows = cli_record["per_class"]
    np.testing.assert_allclose([r["precision"] for r in rows], precision, atol=1e-6)
    np.testing.assert_allclose([r["recall"] for r in rows], recall, atol=1e-6)
    np.testing.assert_allclose([r["f1"] for r in rows], f1, atol=1e-6)
    assert [r["support"] for r in rows] == support.tolist()


@pytest.mark.slow
def test_plain_text_gives_accuracy_matrix_and_report(capsys):
    assert main(["evaluate", "--limit", "200"]) == 0       # default data: MNIST, offline the sample
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith("default on 200 images of sample: accuracy ")
    assert "precision" in captured.out and "weighted avg" in captured.out
    assert lines[1].startswith("data: only the bundled sample")     # and says why it stands in for MNIST


@pytest.mark.parametrize("argv, words", [
    (["evaluate", "--data", "no-such-folder"], "no-such-folder"),
    (["evaluate", "--model", "no-such-model"], "No model named"),
])
def test_bad_input_is_one_plain_line(argv, words, capsys):
    assert main(argv) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert captured.out == "" and len(lines) == 1 and words in lines[0] and "Traceback" not in captured.err
