"""The prepared GPU checks (tests.gpu_check) run end to end on the CPU, so the script a GPU session
runs once is known to work before that session starts."""
import subprocess
import sys

import pytest

from tests.cli.helpers import ROOT

CHECKS = ("environment", "train torch", "train keras", "train --recipe fast", "torchrun, 1 process",
          "predict on the CPU, native", "detect on the CPU, native", "predict on the CPU, onnx",
          "detect on the CPU, onnx", "probabilities, native", "probabilities, onnx", "probabilities, auto")


@pytest.mark.slow
def test_every_check_runs_and_passes_on_the_cpu(tmp_path):
    result = subprocess.run([sys.executable, "-m", "tests.gpu_check", "--device", "cpu", "--data", "sample",
                             "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    rows = [line.split(" | ") for line in (tmp_path / "report.md").read_text().splitlines()[2:]]
    assert len(rows) == len(CHECKS)
    for name, row in zip(CHECKS, rows):
        assert row[0].lstrip("| ").startswith(name) and row[1] == "passed", row
    assert "9 digits read: 634020269" in (tmp_path / "report.md").read_text()
    assert "## stderr" in (tmp_path / "gpu_check.log").read_text()
