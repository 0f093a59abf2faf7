"""A throw-away INKLING_HOME for a benchmark, so its runs, bundles and settings never reach the user's."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

HOME_VARIABLE = "INKLING_HOME"   # read by core.paths for every per-user folder


@contextmanager
def temporary_home() -> Iterator[Path]:
    """Points INKLING_HOME at a new temporary folder for the `with` block, then puts back what was there
    (set or unset) and deletes the folder."""
    previous = os.environ.get(HOME_VARIABLE)
    home = tempfile.mkdtemp(prefix="inkling-bench-")
    os.environ[HOME_VARIABLE] = home
    try:
        yield Path(home)
    finally:
        if previous is None:
            os.environ.pop(HOME_VARIABLE, None)
        else:
            os.environ[HOME_VARIABLE] = previous
        shutil.rmtree(home, ignore_errors=True)
