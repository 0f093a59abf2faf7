"""`train` stopped by SIGTERM (a service manager, `kill`) behaves as Ctrl-C: checkpoint, status "stopped",
the resume hint; `--resume` then says where it continues and finishes the run. A real process, a real signal."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ["train", "--model", "lenet5", "--data", "sample", "--limit", "2000", "--batch-size", "16",
         "--epochs", "3", "--json"]


@pytest.mark.slow
def test_sigterm_stops_with_a_checkpoint_and_resume_continues_where_it_stopped(inkling_home):
    env = dict(os.environ, INKLING_HOME=str(inkling_home), PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "main.py", *TRAIN], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = json.loads(process.stdout.readline())           # epoch 1 done: stop somewhere in epoch 2
    assert first["event"] == "epoch" and first["epoch"] == 1
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1, err
    assert "Stopping after this batch" in err and "--resume" in err.strip().splitlines()[-1]
    assert "Traceback" not in err and not out.strip()         # no epoch 2 line, no finished line
    (run_dir,) = (inkling_home / "runs").iterdir()
    status = json.loads((run_dir / "status.json").read_text())
    assert status["state"] == "stopped" and status["epoch"] == 2
    assert any((run_dir / "checkpoints").iterdir())

    resumed = subprocess.run([sys.executable, "main.py", *TRAIN, "--resume"], cwd=ROOT, env=env, text=True,
                             capture_output=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    batch = f", batch {status['batch'] + 1} of 125" if status["batch"] else " from its first batch"
    assert f"Resuming {run_dir.name} at epoch 2{batch}." in resumed.stderr
    events = [json.loads(line) for line in resumed.stdout.splitlines()]
    assert [(e["event"], e.get("epoch")) for e in events] == [("epoch", 2), ("epoch", 3), ("finished", None)]
