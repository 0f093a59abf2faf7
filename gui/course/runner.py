"""LabRunner: iterates a lab's event generator on a worker thread and hands the events to the GUI
thread in batches, a few dozen times a second at most.

A lab can stream thousands of small events a second (the learning-rate toy); delivering each as its
own queued signal would flood the GUI thread. The worker appends to a list under a lock instead, and a
GUI-thread timer takes the whole list at each tick and emits it as one `events` signal, so a page
handles everything that arrived and redraws once per tick. Stop sets a flag the lab polls between
steps (its `should_stop`), and the run's last events still arrive; a restart never waits for the old
run: an abandoned run's events are dropped.
"""
from __future__ import annotations

import threading
import traceback
from typing import Callable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal

from core.events import FAILED, event
from core.fileio import UserError, first_line

TICK_MS = 33   # ~30 deliveries a second: smooth to the eye, cheap for the GUI thread
JOIN_TIMEOUT_S = 5.0

LabCall = Callable[[Callable[[], bool]], Iterator[dict]]   # should_stop → the lab's event generator


class _Run:
    """One run of a lab on its own thread: its events so far, its stop flag."""

    def __init__(self, call: LabCall):
        self.stop_flag = threading.Event()
        self._lock = threading.Lock()
        self._pending: list[dict] = []
        self.done = False
        self.thread = threading.Thread(target=self._work, args=(call,), name="inkling-lab", daemon=True)

    def _work(self, call: LabCall) -> None:
        try:
            for item in call(self.stop_flag.is_set):
                self._put(item)
        except UserError as error:
            self._put(event(FAILED, message=str(error)))
        except Exception as error:   # a bug: the page shows one line, the details go to stderr
            traceback.print_exc()
            self._put(event(FAILED, message=f"{type(error).__name__}: {first_line(error)}"))
        finally:
            with self._lock:
                self.done = True

    def _put(self, item: dict) -> None:
        with self._lock:
            self._pending.append(item)

    def take(self) -> tuple[list[dict], bool]:
        """The events that arrived since the last call, and whether the run has ended."""
        with self._lock:
            items, self._pending = self._pending, []
            return items, self.done


class LabRunner(QObject):
    """Runs one lab at a time off the GUI thread; `events(list)` arrives on the GUI thread, then
    `ended()` once the run's generator is exhausted (after its FINISHED or FAILED event)."""

    events = Signal(list)
    ended = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._run: _Run | None = None
        self._old_runs: list[_Run] = []
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._deliver)

    def start(self, call: LabCall) -> None:
        """Run call(should_stop) on a worker thread. A run still going is asked to stop and dropped:
        none of its later events arrive, and the new run does not wait for it."""
        self._abandon()
        self._run = _Run(call)
        self._run.thread.start()
        self._timer.start()

    def stop(self) -> None:
        """Ask the current run to stop at its next step; its last events (a FINISHED with
        "stopped": True) and `ended` still arrive."""
        if self._run is not None:
            self._run.stop_flag.set()

    def _abandon(self) -> None:
        if self._run is not None:
            self._run.stop_flag.set()
            self._old_runs.append(self._run)
            self._run = None
        self._old_runs = [run for run in self._old_runs if run.thread.is_alive()]

    def is_running(self) -> bool:
        """True until the run's last events have been delivered (then `ended` is emitted): a run whose
        thread is done but whose FINISHED still waits for the next tick is still running here."""
        return self._run is not None

    def shutdown(self, timeout_s: float = JOIN_TIMEOUT_S) -> None:
        """Stop and join every run this runner started (the window is closing)."""
        self._timer.stop()
        self._abandon()
        for run in self._old_runs:
            run.thread.join(timeout_s)
        self._old_runs = [run for run in self._old_runs if run.thread.is_alive()]

    def _deliver(self) -> None:
        run = self._run
        if run is None:
            self._timer.stop()
            return
        items, done = run.take()
        if items:
            self.events.emit(items)
        if done and self._run is run:
            self._run = None
            self._timer.stop()
            self.ended.emit()
