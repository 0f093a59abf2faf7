"""The window survives a bug: an exception nobody caught in a slot is logged with its traceback and shown
as one plain, non-blocking message box, and the event loop keeps running."""
from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core import logs
from gui.app import show_unexpected_error

pytestmark = pytest.mark.gui


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_shown_and_the_loop_goes_on(qtbot, inkling_home, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    logs.install_excepthook(show_unexpected_error)

    def broken_slot():
        raise ZeroDivisionError("division by zero in a slot")

    QTimer.singleShot(0, broken_slot)

    def message_box():
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        assert boxes
        return boxes[0]

    qtbot.waitUntil(lambda: message_box() is not None, timeout=5000)
    box = message_box()
    assert "ZeroDivisionError: division by zero in a slot" in box.text() and str(logs.log_file()) in box.text()
    assert "Traceback" in logs.log_file().read_text(encoding="utf-8")
    later = []
    QTimer.singleShot(0, lambda: later.append(True))           # the event loop still runs
    qtbot.waitUntil(lambda: later == [True], timeout=5000)
    box.close()
