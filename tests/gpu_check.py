"""Issue 14's GPU checks, as one prepared script for a machine with CUDA.

    python -m tests.gpu_check --data mnist.npz --out DIR

Each check runs Inkling's own command line under this Python, the way a user would, and the script
writes DIR/report.md (one row per check: passed, failed or skipped, seconds, the figure) and
DIR/gpu_check.log (every command and its output):
- environment: torch's CUDA device, ONNX Runtime's providers, TensorFlow, OpenCV;
- both engines train LeNet5 two epochs on CUDA, at the same time, so TensorFlow's memory growth
  shares the GPU with PyTorch (Keras is skipped where TensorFlow is not installed);
- the speedrun recipe (`train --recipe fast`): seconds from the command's start to the saved bundle;
- DistributedDataParallel with one process under torchrun (NCCL);
- `predict` and `detect` on CUDA, natively and in ONNX Runtime;
- the shipped reader's probabilities on CUDA (native, ONNX Runtime, and the automatic choice) against
  the native engine's on the CPU, and which runtime and device each really ran on.

On the device machine (no registry there): `--prepare DIR` here puts what the machine's image lacks
(platformdirs' wheel) and a copy of `--data` into DIR; ignore DIR in .git/info/exclude, carry it, and run
    python3 -m pip install -q --no-index --target DIR/site DIR/wheels/*.whl;
    PYTHONPATH=DIR/site PYTHONUNBUFFERED=1 python3 -m tests.gpu_check --data DIR/mnist.npz --out $OUT
"""
from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.paths import PROJECT_ROOT, RESOURCES
from tests.digit_pictures import sample_test_digits

STEP_TIMEOUT_S = 300
WHEELS_THE_IMAGE_LACKS = ("platformdirs",)


@dataclass
class Check:
    name: str
    status: str          # passed, failed, skipped
    seconds: float
    figure: str


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="mnist", help="MNIST: a .npz path, or a name `train --data` knows")
    parser.add_argument("--out", default="gpu_check", help="folder for report.md and gpu_check.log")
    parser.add_argument("--prepare", metavar="DIR", help="only gather the wheels and the data into DIR")
    parser.add_argument("--device", default="cuda", choices=("cuda", "cpu"),
                        help="cpu: the same checks on the CPU, to try the script where no GPU is")
    args = parser.parse_args()
    if args.prepare:
        return _prepare(Path(args.prepare), args.data)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home, open(out / "gpu_check.log", "w") as log:
        runner = _Runner(Path(home), args.data, args.device, log)
        checks = [_environment(args.device, log)] + runner.all_checks()
    report = _report(checks)
    (out / "report.md").write_text(report)
    print(report)
    return 0 if all(check.status != "failed" for check in checks) else 1


def _prepare(folder: Path, data: str) -> int:
    (folder / "wheels").mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder / "wheels"),
                    *WHEELS_THE_IMAGE_LACKS], check=True)
    if Path(data).is_file():
        shutil.copy(data, folder / "mnist.npz")
    print(f"Ready: carry {folder} (ignored by git) and run the command in this module's docstring.")
    return 0


def _environment(device: str, log) -> Check:
    import torch
    facts = {"torch": torch.__version__, "cuda": torch.cuda.is_available()}
    if facts["cuda"]:
        facts["gpu"] = torch.cuda.get_device_name(0)
    import onnxruntime
    facts["onnxruntime"] = f"{onnxruntime.__version__} {onnxruntime.get_available_providers()}"
    facts["tensorflow"] = _version_of("tensorflow")
    facts["opencv"] = _version_of("opencv-python-headless")
    log.write(f"# environment\n{json.dumps(facts, indent=1)}\n\n")
    status = "passed" if facts["cuda"] or device == "cpu" else "failed"
    return Check("environment", status, 0.0, ", ".join(f"{key} {value}" for key, value in facts.items()))


def _version_of(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


class _Runner:
    """Runs `main.py` commands in an isolated Inkling home and turns their output into checks."""

    def __init__(self, home: Path, data: str, device: str, log):
        self.home, self.data, self.device, self.log = home, data, device, log
        self.on = "CUDA" if device == "cuda" else "the CPU"
        self.env = {**os.environ, "INKLING_HOME": str(home), "PYTHONUNBUFFERED": "1"}

    def all_checks(self) -> list[Check]:
        return [*self.both_engines_train(), self.speedrun(), self.ddp_one_process(), *self.read_on_device(),
                *self.same_probabilities()]

    def both_engines_train(self) -> list[Check]:
        engines = ["torch"] + (["keras"] if importlib.util.find_spec("tensorflow") else [])
        started = {engine: self._start(["train", "--model", "lenet5", "--engine", engine, "--epochs", "2",
                                        "--batch-size", "128", "--device", self.device, "--json",
                                        "--data", self.data, "--out", str(self.home / engine)])
                   for engine in engines}
        checks = [self._finished(f"train {engine} on {self.on}", *process) for engine, process in started.items()]
        if "keras" not in engines:
            checks.append(Check(f"train keras on {self.on}", "skipped", 0.0, "TensorFlow is not installed here"))
        return checks

    def speedrun(self) -> Check:
        return self._finished(f"train --recipe fast on {self.on}", *self._start(
            ["train", "--recipe", "fast", "--device", self.device, "--json", "--data", self.data,
             "--out", str(self.home / "fast")]))

    def ddp_one_process(self) -> Check:
        command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node=1",
                   "-m", "main", "train", "--model", "lenet5", "--epochs", "1", "--batch-size", "256",
                   "--device", self.device, "--json", "--data", self.data, "--out", str(self.home / "ddp")]
        return self._finished(f"torchrun, 1 process, on {self.on}", *self._start(command, raw=True))

    def read_on_device(self) -> list[Check]:
        pictures = self._sample_pictures(20)
        checks = []
        for backend in ("native", "onnx"):
            process = self._start(["predict", "--device", self.device, "--backend", backend, "--json", *pictures])
            checks.append(self._finished(f"predict on {self.on}, {backend}", *process))
            process = self._start(["detect", "--device", self.device, "--backend", backend, "--json",
                                   str(RESOURCES / "demo" / "page.jpg")])
            checks.append(self._finished(f"detect on {self.on}, {backend}", *process))
        return checks

    def same_probabilities(self) -> list[Check]:
        """The shipped reader's probabilities on the device, natively and in ONNX Runtime, against the
        native engine's on the CPU (issue 14: the same to 1e-4)."""
        from core.inference import load_classifier
        digits = sample_test_digits()[0][:500].astype(np.float32) / 255.0
        on_cpu = load_classifier(None, "cpu", backend="native").predict(digits)
        checks = []
        for backend in ("native", "onnx", "auto"):
            name, started = f"probabilities, {backend} on {self.on} vs native on the CPU", time.perf_counter()
            try:
                classifier = load_classifier(None, self.device, backend=backend)
                difference = float(np.abs(classifier.predict(digits) - on_cpu).max())
            except Exception as error:          # a report row, not a crash: the other checks still count
                checks.append(Check(name, "failed", time.perf_counter() - started, f"{type(error).__name__}: {error}"))
                continue
            ran_there = (classifier.device_name == "CPU") == (self.device == "cpu")
            checks.append(Check(name, "passed" if difference <= 1e-4 and ran_there else "failed",
                                time.perf_counter() - started,
                                f"{classifier.backend_name} on {classifier.device_name}: largest difference "
                                f"{difference:.2e} on 500 digits. {classifier.backend_note}".strip()))
        return checks

    def _sample_pictures(self, count: int) -> list[str]:
        import cv2
        folder = self.home / "pictures"
        folder.mkdir(exist_ok=True)
        paths = [str(folder / f"{index}.png") for index in range(count)]
        for path, digit in zip(paths, sample_test_digits()[0][:count]):
            cv2.imwrite(path, 255 - digit)
        return paths

    def _start(self, command: list[str], raw: bool = False) -> tuple[list[str], subprocess.Popen, float]:
        full = command if raw else [sys.executable, "main.py", *command]
        process = subprocess.Popen(full, cwd=PROJECT_ROOT, env=self.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        return full, process, time.perf_counter()

    def _finished(self, name: str, command: list[str], process: subprocess.Popen, started: float) -> Check:
        try:
            stdout, stderr = process.communicate(timeout=STEP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        seconds = time.perf_counter() - started
        self.log.write(f"# {name}: {' '.join(command)}\n(exit {process.returncode}, {seconds:.1f} s)\n"
                       f"## stdout\n{stdout}\n## stderr\n{stderr}\n\n")
        self.log.flush()
        status = "passed" if process.returncode == 0 else "failed"
        return Check(name, status, seconds, _figure(stdout, stderr, process.returncode))


def _figure(stdout: str, stderr: str, returncode: int | None) -> str:
    """What a reader of the report wants from a command's output: its result, or why it failed."""
    if returncode != 0:
        lines = [line.strip() for line in stderr.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("error:")] or lines   # torchrun ends in ====
        return f"exit {returncode}: {errors[-1] if errors else 'no message'}"
    events = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    device = next((line for line in stderr.splitlines() if line.startswith("Training on")), "")
    finished = [event for event in events if event.get("event") == "finished"]
    if finished:
        epochs = sum(event.get("event") == "epoch" for event in events)
        return (f"test accuracy {finished[-1]['test_accuracy']:.4f} after {epochs} epochs, "
                f"{finished[-1]['seconds']:.1f} s training; {device.split(';')[-1].strip()}")
    readings = [event["label"] for event in events if "label" in event]
    readings += [box["label"] for event in events for box in event.get("detections", [])]
    return f"{len(readings)} digits read: {''.join(map(str, readings))}"


def _report(checks: list[Check]) -> str:
    rows = [f"| {check.name} | {check.status} | {check.seconds:.1f} | {check.figure} |" for check in checks]
    return "\n".join(["| check | status | seconds | figure |", "| --- | --- | --- | --- |", *rows]) + "\n"


if __name__ == "__main__":
    sys.exit(main())
