"""What the CLI tests share: `main.py` run as a real process from the project root, and its JSON lines."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """`inkling ARGS` as a fresh process; with `check` it must succeed."""
    result = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def lab(*args: str) -> subprocess.CompletedProcess:
    """`inkling lab ARGS`, whatever its exit code (the tests check it)."""
    return cli("lab", *args, check=False)


def json_lines(result: subprocess.CompletedProcess) -> list[dict]:
    """The records a successful `--json` run printed, one per line."""
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]
