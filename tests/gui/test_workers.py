"""gui.common.workers: Python's cycle collector runs on the GUI thread only (on a worker it can delete Qt
objects there and deadlock with the GUI thread)."""
from __future__ import annotations

import gc
import threading
import weakref

import pytest

from gui.common.workers import BackgroundRunner, collect_garbage_on_gui_thread

pytestmark = pytest.mark.gui


class _Cycle:
    def __init__(self):
        self.me = self


def test_cycles_are_collected_on_the_gui_thread_and_never_on_a_worker(qtbot):
    collect_garbage_on_gui_thread()
    assert not gc.isenabled()
    collected_on = []
    gc.callbacks.append(lambda phase, info: phase == "stop" and collected_on.append(threading.current_thread()))
    try:
        def make_cycles():                      # enough garbage to pass gen 0's threshold many times
            survivors = [weakref.ref(_Cycle()) for _ in range(5 * gc.get_threshold()[0])]
            return survivors

        results = []
        runner = BackgroundRunner()
        runner.run(make_cycles, results.append, lambda error: results.append(error))
        qtbot.waitUntil(lambda: bool(results), timeout=10_000)
        # The GUI thread's timer may collect while the worker runs; the worker itself never does.
        qtbot.waitUntil(lambda: all(ref() is None for ref in results[0]), timeout=5_000)
        assert collected_on and set(collected_on) == {threading.main_thread()}
    finally:
        gc.callbacks.pop()
