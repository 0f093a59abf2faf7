"""The command line end to end, as other tools use it: real processes, real files, JSON lines."""
import json

import cv2
import numpy as np
import pytest

from tests.cli.helpers import cli, json_lines
from tests.digit_pictures import photo_of, sample_test_digits, typed_digit



def test_models_lists_the_shipped_default():
    records = json_lines(cli("models", "--json"))
    default = next(r for r in records if r["name"] == "default")
    assert set(default) == {"name", "engine", "architecture", "dataset", "test_accuracy", "path"}
    assert default["test_accuracy"] >= 0.995


def test_predict_reads_a_folder_of_photographed_and_typed_digits(tmp_path):
    rng = np.random.default_rng(7)
    digits, labels = sample_test_digits()
    truth = {}
    for index in rng.choice(len(digits), 30, replace=False):
        path = tmp_path / f"photo-{index}.png"
        cv2.imwrite(str(path), photo_of(digits[index], rng))
        truth[str(path)] = int(labels[index])
    for label in range(10):
        path = tmp_path / f"typed-{label}.jpg"
        cv2.imwrite(str(path), typed_digit(label, rng))
        truth[str(path)] = label
    records = json_lines(cli("predict", str(tmp_path), "--json"))
    assert {r["path"] for r in records} == set(truth)
    for record in records:
        assert set(record) == {"path", "label", "confidence", "probabilities"}
        assert len(record["probabilities"]) == 10 and abs(sum(record["probabilities"]) - 1) < 1e-3
    correct = sum(r["label"] == truth[r["path"]] for r in records)
    assert correct >= len(truth) - 1, [(r["path"], r["label"]) for r in records if r["label"] != truth[r["path"]]]


@pytest.mark.parametrize("args, message", [
    (["predict", "no-such-file.png"], "does not exist"),
    (["predict", "README.md"], "README.md"),
    (["predict", "x.png", "--model", "no-such-model"], "No model named"),
    (["train", "--model", "nonet"], "unknown model"),
])
def test_bad_input_fails_with_one_plain_line(args, message, tmp_path):
    if args[1] == "x.png":
        cv2.imwrite(str(tmp_path / "x.png"), np.zeros((28, 28), np.uint8))
        args = ["predict", str(tmp_path / "x.png"), *args[2:]]
    result = cli(*args, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_wrong_usage_exits_2():
    assert cli("train", "--epochs", "zero", check=False).returncode == 2
    assert cli("frobnicate", check=False).returncode == 2


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_train_saves_a_bundle_that_predict_uses(engine, tmp_path):
    bundle = tmp_path / f"lenet5-{engine}"
    result = cli("train", "--model", "lenet5", "--engine", engine, "--data", "sample", "--epochs", "2",
                 "--limit", "1000", "--batch-size", "64", "--out", str(bundle), "--json")
    lines = json_lines(result)
    assert [line["event"] for line in lines] == ["epoch", "epoch", "finished"]
    assert set(lines[0]) == {"event", "epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds",
                             "images_per_second"}
    assert lines[1]["loss"] < lines[0]["loss"]
    assert lines[-1]["model"] == str(bundle) and 0.0 <= lines[-1]["test_accuracy"] <= 1.0
    assert "bundled sample" in result.stderr
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["engine"] == engine and manifest["architecture"]["name"] == "lenet5"
    digit = tmp_path / "digit.png"
    cv2.imwrite(str(digit), sample_test_digits()[0][0])
    predicted = json_lines(cli("predict", str(digit), "--model", str(bundle), "--json"))
    assert len(predicted) == 1 and 0 <= predicted[0]["label"] <= 9


@pytest.mark.slow
def test_bench_quick_prints_ratios():
    records = json_lines(cli("bench", "--quick", "--json", "--only", "predict_latency"))
    assert records and all(set(r) == {"name", "value", "unit", "baseline", "ratio"} for r in records)
    assert all(r["ratio"] > 0 for r in records)
