"""Slow calls off the GUI thread, with their answers delivered back on it: the one home of the window's
background runners.

BackgroundRunner delivers every answer (loading a model, exporting, listing cameras); LatestRunner only
the newest request's, so a user changing their mind quickly never sees an outdated result. Neither
delivers anything once the runner (a child of the widget that asked) is gone.

Python's cycle collector runs on whichever thread happens to allocate. On a worker it can delete Qt
objects there while the GUI thread deletes others, and both then wait for each other for ever (seen: a
weights.txt export in the pool stopped in ~QObject under gc_collect_main, the GUI thread in ~QObject
too). collect_garbage_on_gui_thread() moves the collector onto the GUI thread, on a timer.
"""
from __future__ import annotations

import gc
import sys
import time
import traceback
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

from core.fileio import UserError, first_line

_COLLECTOR = None
_SLOW_COLLECTION_S = 0.03      # a collection this long froze the window noticeably
_IMPORT_BURST = 20             # modules imported since the last check: a library was loaded


def collect_garbage_on_gui_thread() -> None:
    """Turn Python's automatic cycle collection off and collect on the GUI thread every half second
    instead (pyqtgraph's GarbageCollector: the same thresholds). Call once the QApplication exists.

    A library imported after start-up (PyTorch to evaluate a model, TensorFlow for a Course lab) brings
    ~200-300k objects that live as long as the process. Walked by the collector, they held the GUI
    thread 150-170 ms in the next younger collection and 240-370 ms in every full one after it. So the
    collector freezes them instead (gc.freeze: later collections skip them, as the model hub does once
    its model is loaded): at once when a check finds a library's worth of modules imported since the
    last one, and after any collection that was slow anyway."""
    global _COLLECTOR
    if _COLLECTOR is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        class FreezingLongLivedObjects(GarbageCollector):
            modules_seen = len(sys.modules)

            def check(self) -> None:
                modules_before, self.modules_seen = self.modules_seen, len(sys.modules)
                if self.modules_seen - modules_before >= _IMPORT_BURST:
                    gc.freeze()
                    return
                started = time.perf_counter()
                super().check()
                if time.perf_counter() - started > _SLOW_COLLECTION_S:
                    gc.freeze()

        _COLLECTOR = FreezingLongLivedObjects(interval=0.5)


class _Relay(QObject):
    """Lives on the GUI thread; carries a worker's result or error back to it (queued signals).
    Nothing is delivered once the runner that started the work (and so its owner) is gone."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, runner: "BackgroundRunner", on_result: Callable[[Any], None],
                 on_error: Callable[[BaseException], None]):
        super().__init__()
        self._runner = runner
        self._on_result, self._on_error = on_result, on_error
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        if self._runner.finish(self):
            self._on_result(result)

    @Slot(object)
    def _deliver_error(self, error: BaseException) -> None:
        if self._runner.finish(self):
            self._on_error(error)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self._work, self._relay = work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # reported to the GUI thread, which decides what the user sees
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)


class BackgroundRunner(QObject):
    """Runs slow calls on worker threads; callbacks arrive on the GUI thread.

    max_threads=None shares Qt's global thread pool instead of owning one."""

    def __init__(self, max_threads: int | None = 1, parent: QObject | None = None):
        super().__init__(parent)
        if max_threads is None:
            self._pool = QThreadPool.globalInstance()
        else:
            self._pool = QThreadPool(self)
            self._pool.setMaxThreadCount(max_threads)
        self._pending: set[_Relay] = set()

    def run(self, work: Callable[[], Any], on_result: Callable[[Any], None],
            on_error: Callable[[BaseException], None]) -> None:
        relay = _Relay(self, on_result, on_error)
        self._pending.add(relay)
        self._pool.start(_Task(work, relay))

    def finish(self, relay: _Relay) -> bool:
        """Forget a finished call; False when this runner (and the object owning it) was deleted."""
        if not isValid(self):
            return False
        self._pending.discard(relay)
        return True

    @property
    def busy(self) -> bool:
        """True while a call's answer has not been delivered yet."""
        return bool(self._pending)

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the running calls are done (their callbacks still arrive through the event loop)."""
        return self._pool.waitForDone(timeout_ms)


class LatestRunner(BackgroundRunner):
    """One kind of slow job on Qt's global pool; only the newest request's answer is delivered, and a
    failure arrives as one plain sentence (a UserError's own words; anything else is also printed)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(max_threads=None, parent=parent)
        self._generation = 0

    def run(self, work: Callable[[], object], on_done: Callable[[object], None],
            on_failed: Callable[[str], None]) -> None:
        self._generation += 1
        generation = self._generation
        super().run(work, lambda result: self._if_newest(generation, on_done, result),
                    lambda error: self._if_newest(generation, on_failed, failure_text(error)))

    def cancel(self) -> None:
        """Forget whatever is running: its answer will be dropped."""
        self._generation += 1

    def _if_newest(self, generation: int, callback: Callable, value) -> None:
        if generation == self._generation:
            callback(value)


def failure_text(error: BaseException) -> str:
    """A failed job in words: a UserError's own, otherwise its type and message (the traceback goes to
    stderr, since that is a bug)."""
    if isinstance(error, UserError):
        return str(error)
    traceback.print_exception(error)
    return f"{type(error).__name__}: {error}"


def plain_message(error: BaseException, what: str) -> str:
    """One sentence for the user: a UserError's own words (core's, in English like the CLI), otherwise
    what failed and why; `what` is already translated, e.g. self.tr("export the weights")."""
    if isinstance(error, UserError):
        return str(error)
    return QCoreApplication.translate("plain_message", "Could not {0}: {1}").format(what, first_line(error))
