"""How every sub-command talks: JSON lines on stdout, human words on stderr."""
from __future__ import annotations

import json
import sys


def emit(record: dict) -> None:
    """One JSON object per line on stdout (the --json contract)."""
    sys.stdout.write(json.dumps(record, separators=(", ", ": ")) + "\n")
    sys.stdout.flush()


def say(message: str) -> None:
    """A human line on stderr."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
