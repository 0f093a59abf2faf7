"""`predict --backend` and `detect --backend`: the option reaches core.inference.load_classifier."""
import json

import cv2
import pytest

from tests.cli.helpers import cli
from tests.digit_pictures import sample_test_digits



@pytest.mark.slow
def test_predict_gives_the_same_answer_on_each_backend(tmp_path):
    digits, labels = sample_test_digits()
    path = tmp_path / "digit.png"
    cv2.imwrite(str(path), 255 - digits[0])
    answers = {}
    for backend in ("native", "onnx"):
        result = cli("predict", "--backend", backend, "--json", str(path), check=False)
        assert result.returncode == 0, result.stderr
        answers[backend] = json.loads(result.stdout)
    assert answers["native"]["label"] == answers["onnx"]["label"] == int(labels[0])
    assert max(abs(a - b) for a, b in zip(answers["native"]["probabilities"],
                                          answers["onnx"]["probabilities"])) <= 1e-4 + 1e-6


@pytest.mark.slow
def test_detect_runs_on_the_onnx_backend():
    result = cli("detect", "--backend", "onnx", "--json", "resources/demo/page.jpg", check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["detections"]


@pytest.mark.parametrize("command", ["predict", "detect"])
def test_an_unknown_backend_is_a_usage_error(command):
    result = cli(command, "--backend", "tensorrt", "x.png", check=False)
    assert result.returncode == 2
    assert "--backend" in result.stderr and "Traceback" not in result.stderr
