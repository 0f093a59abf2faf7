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
def test_detect_reads_the_demo_page_alike_in_floats_and_in_8_bits():
    labels = {}
    for backend in ("onnx", "int8"):
        result = cli("detect", "--backend", backend, "--json", "resources/demo/page.jpg", check=False)
        assert result.returncode == 0, result.stderr
        # every line is JSON: quantizing the model on first use printed progress lines of its own
        pages = [json.loads(line) for line in result.stdout.splitlines()]
        labels[backend] = [detection["label"] for page in pages for detection in page["detections"]]
    assert labels["int8"] == labels["onnx"] == [6, 3, 4, 0, 2, 0, 2, 6, 9]


@pytest.mark.parametrize("command", ["predict", "detect"])
def test_an_unknown_backend_is_a_usage_error(command):
    result = cli(command, "--backend", "tensorrt", "x.png", check=False)
    assert result.returncode == 2
    assert "--backend" in result.stderr and "Traceback" not in result.stderr
