"""`inkling train` under torchrun: two CPU processes (gloo) train as one process does, and only rank 0
prints and saves. Real torchrun, real processes, the shipped MNIST sample."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TORCHRUN = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node=2"]
# The sample (3000 training digits) seen 6 times: long enough that both runs settle, short for CI.
TRAIN = ["main.py", "train", "--recipe", "fast", "--data", "sample", "--epochs", "6", "--batch-size", "128",
         "--seed", "3", "--json"]


def train(home: Path, *extra: str, launcher: tuple = ()) -> subprocess.CompletedProcess:
    env = {**os.environ, "INKLING_HOME": str(home)}
    result = subprocess.run([*launcher, *([sys.executable] if not launcher else []), *TRAIN, *extra], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def records(result: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def bundles(home: Path) -> list[Path]:
    return sorted(home.rglob("manifest.json"))


@pytest.mark.slow
def test_two_processes_train_like_one_and_save_one_bundle(tmp_path):
    alone, together = tmp_path / "alone", tmp_path / "together"
    single = records(train(alone))
    result = train(together, launcher=tuple(TORCHRUN))
    parallel = records(result)

    assert [r["event"] for r in parallel].count("finished") == 1          # rank 0 alone prints
    assert [r["event"] for r in parallel].count("epoch") == 6
    assert result.stderr.count("Training on ") == 1
    assert "2 processes: global batch 128 (64 per process)" in result.stderr
    assert len(bundles(together)) == 1                                      # rank 0 alone saves
    assert len(list((together).rglob("log.csv"))) == 1                      # one run folder, rank 0's
    single_accuracy, parallel_accuracy = single[-1]["test_accuracy"], parallel[-1]["test_accuracy"]
    assert single_accuracy > 0.9
    assert abs(single_accuracy - parallel_accuracy) <= 0.005, (single_accuracy, parallel_accuracy)


@pytest.mark.slow
def test_resume_under_torchrun_continues_from_rank_0s_checkpoint(tmp_path):
    home = tmp_path / "home"
    first = records(train(home, "--epochs", "1", launcher=tuple(TORCHRUN)))
    run_dir = next(home.rglob("log.csv")).parent
    assert first[-1]["event"] == "finished"
    result = train(home, "--epochs", "2", "--resume", str(run_dir), launcher=tuple(TORCHRUN))
    epochs = [r["epoch"] for r in records(result) if r["event"] == "epoch"]
    assert epochs == [2]                                                   # epoch 1 came from the checkpoint
    assert result.stderr.count("Resuming") == 1
    assert len(list(home.rglob("log.csv"))) == 1
