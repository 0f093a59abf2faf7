"""Shared test set-up: Qt runs offscreen and no test touches the real user's Inkling folders.

INKLING_HOME (core/paths.py) points at a temporary folder for the whole session (so module- and
session-scoped fixtures are isolated too) and at a fresh one for every single test. The GUI keeps its
QSettings in an INI file inside INKLING_HOME, so settings never leak between tests either.
pytest-qt provides `qapp` and `qtbot`.
"""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt's own event dispatcher instead of GLib's. With GLib's, the whole suite in one process (core tests
# first) twice hung for good in test_record_and_snapshot_produce_files_opencv_reads: the main thread sat in
# poll() and even qtbot.waitSignal's 5 s timer never fired; the file alone, or tests/gui alone, passed.
# Cause not found; with this the full suite passed (854 tests, 7.5 min on 2 cores).
os.environ.setdefault("QT_NO_GLIB", "1")
_SESSION_HOME = tempfile.mkdtemp(prefix="inkling-test-home-")
os.environ["INKLING_HOME"] = _SESSION_HOME
os.environ["INKLING_OFFLINE"] = "1"   # load_dataset("mnist") never downloads in tests (core/data/published.py)


def pytest_sessionfinish(session, exitstatus) -> None:
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def inkling_home(tmp_path, monkeypatch):
    """A fresh, empty per-user data folder for this test."""
    home = tmp_path / "inkling-home"
    home.mkdir()
    monkeypatch.setenv("INKLING_HOME", str(home))
    return home
