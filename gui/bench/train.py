"""Benchmarks of the Train tab: training through the tab (its own process, events polled every 50 ms,
live curves) against `core.training.run_training` in-process (the CLI's path), same model, data and
batch size; and the longest stall of the GUI thread meanwhile."""
from __future__ import annotations

import gc
import os
import statistics
import time
from pathlib import Path

from core.bench.home import temporary_home
from core.bench.timing import BenchResult
from core.config import FitConfig, TrainConfig
from core.runs import read_log
from core.training import run_training

MODEL = "lenet5"
BATCH_SIZE = 32


def bench_training_through_the_tab(quick: bool) -> list[BenchResult]:
    """Images per second of the training loop: the engines' own per-epoch figure (training time only),
    first epoch left out (framework warm-up differs between a fresh worker and a warm process).
    The two paths run in alternating pairs; the ratio is the median of the pairs' ratios, which keeps
    a machine busy with other work from favouring either path."""
    config = TrainConfig(model=MODEL, engine="torch", data="sample", limit=1000 if quick else None,
                         fit=FitConfig(epochs=2 if quick else 6, batch_size=BATCH_SIZE))
    pairs = 1 if quick else 4
    tab_speeds, cli_speeds, ratios, busy, gaps, shares = [], [], [], [], [], []
    with temporary_home():   # runs and bundles stay out of the user's model list
        for pair in range(pairs):
            if pair % 2:
                tab_speed, (tab_busy, tab_gap, share) = _tab_speed(config)
                cli_speed = _in_process_speed(config)
            else:
                cli_speed = _in_process_speed(config)
                tab_speed, (tab_busy, tab_gap, share) = _tab_speed(config)
            tab_speeds.append(tab_speed)
            cli_speeds.append(cli_speed)
            ratios.append(tab_speed / cli_speed)
            busy.append(tab_busy)
            gaps.append(tab_gap)
            shares.append(share)
    size = "1,000" if quick else "3,000"
    return [
        BenchResult(f"train tab vs CLI (run_training in-process): {MODEL}, {size} sample images, "
                    f"batch {BATCH_SIZE} (medians; ratio: median of paired runs)", round(statistics.median(tab_speeds), 1), "images/s",
                    round(statistics.median(cli_speeds), 1), round(statistics.median(ratios), 3)),
        BenchResult("train tab: window process CPU while training (the cost beside the worker)",
                    round(100 * statistics.median(shares), 1), "% of a core"),
        BenchResult("train tab: longest GUI-thread busy stretch while training", round(max(busy), 1), "ms"),
        BenchResult("train tab: longest gap between 10 ms timer ticks while training (wall clock)",
                    round(max(gaps), 1), "ms"),
    ]


def _in_process_speed(config: TrainConfig) -> float:
    final = run_training(TrainConfig.from_dict(config.to_dict()), lambda event: None)
    if final.get("event") != "finished":
        raise RuntimeError(f"the in-process training did not finish: {final}")
    return _steady_speed(Path(final["run_dir"]))


def _tab_speed(config: TrainConfig) -> tuple[float, tuple[float, float, float]]:
    """Train through a real TrainTab in a real event loop; returns images/s, and the GUI thread's longest
    busy stretch and longest gap between timer ticks (ms), and the window process's CPU use meanwhile
    (share of one core)."""
    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer

    app = _application()
    from gui.common.model_hub import ModelHub
    from gui.train.tab import TrainTab

    hub = ModelHub()
    tab = TrainTab(hub)
    tab.resize(1200, 800)
    tab.show()            # painting the live curves is part of the window's cost
    tab.settings.set_config(config)
    _wait(app, lambda: tab.settings.dataset is not None and tab.settings.parameters_known(), 120)
    if not tab.settings.is_valid():
        raise RuntimeError(f"the tab refused the settings: {tab.settings.errors()}")

    outcome: dict[str, str] = {}
    tab.run_finished.connect(lambda bundle: outcome.setdefault("bundle", bundle))
    tab.run_failed.connect(lambda message: outcome.setdefault("failed", message))
    loop = QEventLoop()
    stall = StallProbe()
    finished = QTimer(interval=20, timeout=lambda: loop.quit() if tab.job is None else None)
    # The window freezes its start-up heap once its model is loaded (gui.common.model_hub), so the GUI
    # thread's full collections skip it. Here the heap also holds what earlier benchmarks of this process
    # left, which no window holds: unfrozen, one full collection over it takes a few hundred ms (261 ms
    # after four benchmarks; a full bench run once showed a 451 ms busy stretch), so it is frozen too.
    gc.collect()
    gc.freeze()
    tab.start()
    run_dir = tab.job.run_dir
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    stall.start()
    finished.start()
    loop.exec()
    stall.stop()
    finished.stop()
    gc.unfreeze()
    gui_share = (time.process_time() - cpu_before) / (time.perf_counter() - wall_before)
    QThreadPool.globalInstance().waitForDone(60_000)      # the evaluation that follows a run
    tab.shutdown()
    tab.deleteLater()
    hub.deleteLater()
    app.processEvents()
    if "bundle" not in outcome:
        raise RuntimeError(f"training in the tab did not finish: {outcome.get('failed')}")
    return _steady_speed(run_dir), (stall.longest_busy_ms, stall.longest_gap_ms, gui_share)


class StallProbe:
    """Ticks every 10 ms on the GUI thread. Between two ticks the event loop ran everything else that
    was due; `longest_busy_ms` is the most CPU time the GUI thread spent in one such stretch (its own
    work: handling events, painting), `longest_gap_ms` the longest wall-clock gap beyond the interval.
    The wall clock also counts time the machine gave to other processes (on a crowded 2-core machine
    or a VM that is tens of milliseconds), the CPU time does not."""

    def __init__(self):
        from PySide6.QtCore import QTimer
        self._timer = QTimer(interval=10, timeout=self._tick)
        self._last = (0.0, 0.0)
        self.longest_busy_ms = 0.0
        self.longest_gap_ms = 0.0
        self.ticks = 0

    def start(self) -> None:
        self._last = (time.perf_counter(), time.thread_time())
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now, busy = time.perf_counter(), time.thread_time()
        self.longest_gap_ms = max(self.longest_gap_ms, (now - self._last[0]) * 1000 - self._timer.interval())
        self.longest_busy_ms = max(self.longest_busy_ms, (busy - self._last[1]) * 1000)
        self.ticks += 1
        self._last = (now, busy)


def _steady_speed(run_dir: Path) -> float:
    """Mean images/s of the epochs after the first."""
    rows = read_log(run_dir)[1:]
    if not rows:
        raise RuntimeError(f"fewer than two epochs were logged in {run_dir}")
    return statistics.fmean(float(row["images_per_second"]) for row in rows)


def _application():
    """The app as the window makes it: among other things, Python's cycle collector then runs on the GUI
    thread only. A bare QApplication let it run on the tab's worker threads, where deleting Qt objects can
    deadlock with the GUI thread (the window tests hung so before); one `bench --only training_through`
    in ten hung, most likely so (its stack was not caught)."""
    from gui.app import create_application

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return create_application([])


def _wait(app, condition, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the Train tab did not get ready in time")
        app.processEvents()
        time.sleep(0.01)
