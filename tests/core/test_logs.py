"""core.logs: unexpected errors land with their traceback in one rotating file in the log folder, and the
excepthook logs, shows one plain message and lets the program go on."""
from __future__ import annotations

import logging.handlers
import sys
import threading

from core import logs, paths


def raise_and_catch(message: str) -> BaseException:
    try:
        raise RuntimeError(message)
    except RuntimeError as error:
        return error


def test_a_logged_error_keeps_its_traceback_in_the_log_folder(inkling_home):
    where = logs.log_exception("inkling predict x.png", raise_and_catch("the bug"))
    assert where == inkling_home / "logs" / "inkling.log" == paths.logs_dir() / logs.LOG_NAME
    text = where.read_text(encoding="utf-8")
    assert "inkling predict x.png" in text and "Traceback" in text and "RuntimeError: the bug" in text


def test_the_log_rotates_and_follows_the_log_folder(inkling_home, tmp_path, monkeypatch):
    handler, = [h for h in logs.error_logger().handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert handler.maxBytes > 0 and handler.backupCount >= 1
    monkeypatch.setenv("INKLING_HOME", str(tmp_path / "elsewhere"))
    assert logs.log_exception("moved", raise_and_catch("x")).is_relative_to(tmp_path / "elsewhere")


def test_the_excepthook_logs_shows_one_message_and_returns(inkling_home, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown = []
    logs.install_excepthook(lambda error, where: shown.append((logs.describe(error), where)))
    error = raise_and_catch("slot failed\nsecond line")
    sys.excepthook(type(error), error, error.__traceback__)
    assert shown == [("RuntimeError: slot failed", logs.log_file())]
    assert "slot failed" in logs.log_file().read_text(encoding="utf-8")

    thread = threading.Thread(target=lambda: 1 / 0, name="worker-7")
    thread.start()
    thread.join()
    assert "thread worker-7" in logs.log_file().read_text(encoding="utf-8") and len(shown) == 1


def test_a_failing_message_box_does_not_escape_the_hook(inkling_home, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)

    def broken_show(error, where):
        raise ValueError("no screen")

    logs.install_excepthook(broken_show)
    error = raise_and_catch("first")
    sys.excepthook(type(error), error, error.__traceback__)
    assert "no screen" in logs.log_file().read_text(encoding="utf-8")
