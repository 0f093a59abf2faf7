"""`inkling finetune` as a user runs it: a simulated writer's digits in the course's own-dataset format,
the finished JSON line, the new bundle beside the kept original, and plain messages for bad input."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from core import personal
from core.paths import PROJECT_ROOT
from tests.simulated_writer import SimulatedWriter


def _inkling(*args: str, home) -> subprocess.CompletedProcess:
    env = {**os.environ, "INKLING_HOME": str(home)}
    return subprocess.run([sys.executable, "main.py", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def _writer_folder(folder, per_class: int, labels=None):
    x, y = SimulatedWriter(seed=2).digits(per_class)
    for image, label in zip(x, y if labels is None else labels):
        personal.add_digit(image, int(label), folder)
    return folder


@pytest.mark.slow
def test_finetune_prints_the_finished_line_and_saves_a_new_bundle(tmp_path, inkling_home):
    data = _writer_folder(tmp_path / "my_digits", per_class=3)
    done = _inkling("finetune", "--data", str(data), "--holdout", "0.34", "--device", "cpu", "--json",
                    home=inkling_home)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 1
    finished = lines[0]
    assert set(finished) == {"event", "model", "before", "after", "seconds"}
    assert finished["event"] == "finished" and finished["model"] == "default-personal"
    for side in ("before", "after"):
        assert set(finished[side]) == {"holdout_accuracy", "mnist_accuracy"}
    assert finished["after"]["holdout_accuracy"] >= finished["before"]["holdout_accuracy"]
    models = _inkling("models", "--json", home=inkling_home)
    names = [json.loads(line)["name"] for line in models.stdout.splitlines()]
    assert "default" in names and "default-personal" in names


def test_an_empty_personal_dataset_fails_with_one_plain_line(inkling_home):
    done = _inkling("finetune", home=inkling_home)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: Your personal dataset is empty: tell Inkling what a few of your digits really are first "
        "(in the Draw tab), or give a folder of digits."]


def test_a_single_class_and_an_exported_model_fail_in_plain_words(tmp_path, inkling_home):
    data = _writer_folder(tmp_path / "threes", per_class=1, labels=[3] * 10)
    done = _inkling("finetune", "--data", str(data), home=inkling_home)
    assert done.returncode == 1 and "labelled 3" in done.stderr and "Traceback" not in done.stderr
    exported = tmp_path / "digits.onnx"
    exported.write_bytes(b"onnx")
    done = _inkling("finetune", "--model", str(exported), "--data", str(data), home=inkling_home)
    assert done.returncode == 1 and "exported model file" in done.stderr


def test_a_holdout_out_of_range_is_wrong_usage(inkling_home):
    done = _inkling("finetune", "--holdout", "1.5", home=inkling_home)
    assert done.returncode == 2 and "--holdout" in done.stderr
