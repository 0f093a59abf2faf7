"""`inkling export` end to end: real processes, the JSON line CLI.md promises, files that load, plain errors."""
import json

import numpy as np
import onnxruntime as ort

from tests.cli.helpers import cli, json_lines


def test_export_onnx_prints_the_json_line_and_writes_a_runnable_model_with_its_sidecar(tmp_path):
    out = tmp_path / "digits.onnx"
    records = json_lines(cli("export", "--format", "onnx", "--out", str(out), "--json"))
    assert records == [{"model": "default", "format": "onnx", "path": str(out)}]
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    probabilities = session.run(None, {"image": np.zeros((3, 28, 28, 1), np.float32)})[0]
    assert probabilities.shape == (3, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    card = json.loads((tmp_path / "digits.onnx.json").read_text())
    assert card["class_names"] == [str(d) for d in range(10)] and card["input"]["layout"] == "NHWC"


def test_export_refuses_a_keras_file_of_a_torch_model_in_one_line(tmp_path):
    result = cli("export", "--format", "keras", "--out", str(tmp_path / "m.keras"), check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].startswith("error: default is a PyTorch model")
    assert "Traceback" not in result.stderr


def test_export_without_out_is_wrong_usage():
    result = cli("export", "--format", "onnx", check=False)
    assert result.returncode == 2 and "--out" in result.stderr
