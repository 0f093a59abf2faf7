"""gui.common.workers: Python's cycle collector runs on the GUI thread only (on a worker it can delete Qt
objects there and deadlock with the GUI thread)."""
from __future__ import annotations

import gc
import sys
import threading
import types
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


def _full_collection_due() -> None:
    """Counts as if ten younger collections had happened since the last of each older one."""
    for _ in range(gc.get_threshold()[2] + 1):
        gc.collect(1)
    for _ in range(gc.get_threshold()[1] + 1):
        gc.collect(0)


def test_a_slow_full_collection_freezes_what_survived_it_and_a_quick_one_does_not(qtbot, monkeypatch):
    """Long-lived objects a framework brings in after start-up made each full collection on the GUI
    thread stall the window for a quarter of a second; frozen, they are skipped."""
    import gui.common.workers as workers
    collect_garbage_on_gui_thread()
    long_lived = [[index] for index in range(20_000)]
    check = workers._COLLECTOR.check
    monkeypatch.setattr(workers, "_SLOW_COLLECTION_S", 3600.0)
    check()                                                # the modules imported so far are seen
    frozen_before = gc.get_freeze_count()
    _full_collection_due()
    long_lived.extend([index] for index in range(2 * gc.get_threshold()[0]))   # gen 0 is due too
    check()
    assert gc.get_count()[2] == 0                          # the full collection ran ...
    assert gc.get_freeze_count() == frozen_before          # ... quickly enough: nothing was frozen
    monkeypatch.setattr(workers, "_SLOW_COLLECTION_S", 0.0)
    _full_collection_due()
    long_lived.extend([index] for index in range(2 * gc.get_threshold()[0]))
    check()
    assert gc.get_freeze_count() >= frozen_before + len(long_lived)


def test_a_library_imported_since_the_last_check_is_frozen_not_walked(qtbot, monkeypatch):
    import gui.common.workers as workers
    collect_garbage_on_gui_thread()
    monkeypatch.setattr(workers, "_SLOW_COLLECTION_S", 3600.0)
    workers._COLLECTOR.check()                             # modules seen so far
    frozen_before = gc.get_freeze_count()
    module_level = [[index] for index in range(5_000)]
    for index in range(workers._IMPORT_BURST):
        monkeypatch.setitem(sys.modules, f"_inkling_test_library_{index}", types.ModuleType("library"))
    workers._COLLECTOR.check()
    assert gc.get_freeze_count() >= frozen_before + len(module_level)
    frozen_after_import = gc.get_freeze_count()
    made_later = [[index] for index in range(5_000)]
    workers._COLLECTOR.check()                             # nothing imported since, a quick collection
    assert gc.get_freeze_count() == frozen_after_import and made_later
