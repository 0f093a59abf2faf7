"""The log of unexpected errors: one rotating file in the user log folder, for the CLI and the window.

A user's mistake is one plain sentence and never lands here; a bug does, with its traceback, so the
message on screen can stay one line ("details in …/inkling.log"). The file rotates at 1 MB and keeps
three old copies, so it never grows without bound. Qt-free: the window passes its own way of showing
a message to `install_excepthook`.
"""
from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Callable

from core import paths
from core.fileio import first_line

LOG_NAME = "inkling.log"
_LOGGER_NAME = "inkling"
_MAX_BYTES = 1_000_000
_BACKUPS = 3


def log_file() -> Path:
    return paths.logs_dir() / LOG_NAME


def error_logger() -> logging.Logger:
    """The "inkling" logger, writing to the rotating file of the current log folder."""
    logger = logging.getLogger(_LOGGER_NAME)
    target = str(log_file())
    current = [h for h in logger.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    if not any(h.baseFilename == target for h in current):
        for handler in current:           # INKLING_HOME moved (tests): follow it
            logger.removeHandler(handler)
            handler.close()
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=_MAX_BYTES, backupCount=_BACKUPS,
                                                       encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def log_exception(context: str, error: BaseException) -> Path:
    """Write `error` with its traceback under `context`; returns the log file (to name it to the user)."""
    logger = error_logger()
    logger.error("%s", context, exc_info=(type(error), error, error.__traceback__))
    for handler in logger.handlers:
        handler.flush()
    return log_file()


def install_excepthook(show: Callable[[BaseException, Path], None]) -> None:
    """Errors nobody caught are logged and shown as one plain message; the program keeps running.

    `show(error, log_path)` presents it (the window: a message box in its own, translated words).
    Worker threads' errors are logged too (a thread cannot show a box; the window learns of their
    failure through its own signals).
    """
    def on_error(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        error.__traceback__ = trace
        where = log_exception("unexpected error in the window", error)
        try:
            show(error, where)
        except Exception as failure:      # showing must never raise from the hook itself
            log_exception("the error message could not be shown", failure)

    def on_thread_error(hook: threading.ExceptHookArgs) -> None:
        if hook.exc_value is not None:
            hook.exc_value.__traceback__ = hook.exc_traceback
            log_exception(f"unexpected error in thread {getattr(hook.thread, 'name', '?')}", hook.exc_value)

    sys.excepthook = on_error
    threading.excepthook = on_thread_error


def describe(error: BaseException) -> str:
    """"TypeError: the first line": what a one-line message says about a bug."""
    return f"{type(error).__name__}: {first_line(error)}"
