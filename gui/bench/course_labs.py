"""Benchmarks of the Course tab's live plots (collected by `python main.py bench`), each beside the floor
the issue sets for it:

- course.dots_redraws_per_s: the Overfitting-and-L2 page running the real lab (torch, the course's
  settings) — both decision boundaries redrawn per second of training, as the learner sees it; and
  course.dots_redraw_ms, one redraw of both boundaries (field, 0.5 contour) painted, alone.
- course.optimizer_frames_per_s: the Optimizers page playing a five-optimizer race on Rosenbrock —
  frames shown per second of playback; and course.optimizer_frame_ms, one frame (five paths, heads and
  loss curves) painted, alone.
Qt is imported inside the functions: importing gui.bench loads no Qt.
"""
from __future__ import annotations

import os
import time

from core.bench.home import temporary_home
from core.bench.timing import BenchResult, higher_is_better, median, time_calls

DOTS_FLOOR_PER_S = 20.0        # the issue: the boundary redrawn at least 20 times a second
FRAMES_FLOOR_PER_S = 30.0      # the issue: at least 30 frames a second for five optimizers


def _application():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.app import create_application
    return create_application([])


def _shown(page):
    page.resize(1400, 850)
    page.show()
    _application().processEvents()
    return page


def bench_dots_redraw(quick: bool) -> list[BenchResult]:
    app = _application()
    from gui.course.dots_page import DotsPage

    with temporary_home():
        page = _shown(DotsPage())
        page.controls["epochs"].setValue(100 if quick else 800)
        draws = []
        for view in page.views.values():
            original = view.show_boundary
            view.show_boundary = lambda *args, draw=original: (draws.append(time.perf_counter()), draw(*args))
        started = time.perf_counter()
        page.start()
        while page.is_running():
            app.processEvents()
            time.sleep(0.002)
        seconds = time.perf_counter() - started
        rate = len(draws) / 2 / seconds          # two views per redraw
        redraw_ms = median(time_calls(lambda: _redraw_both(page, app), 10 if quick else 60))
        page.shutdown()
        page.close()
    return [higher_is_better("course.dots_redraws_per_s (vs the 20/s floor)", rate, DOTS_FLOOR_PER_S, "1/s"),
            BenchResult("course.dots_redraw_ms", round(redraw_ms, 3), "ms")]


def _redraw_both(page, app) -> None:
    """Both boundaries set and painted the way the window paints them (only what changed)."""
    page._outputs = page._last_outputs
    page.redraw()
    app.processEvents()


def bench_optimizer_frames(quick: bool) -> list[BenchResult]:
    app = _application()
    from gui.course.optimizers_page import OptimizersPage

    with temporary_home():
        page = _shown(OptimizersPage())
        page.controls["problem"].set_value("rosenbrock")
        page.controls["steps"].setValue(60 if quick else 300)
        page.start()
        while page.is_running() or not page._steps:
            app.processEvents()
            time.sleep(0.001)
        started, first = time.perf_counter(), page._frame
        while page.frame_timer.isActive():
            app.processEvents()
            time.sleep(0.001)
        rate = (page._frame - first) / (time.perf_counter() - started)
        steps = len(page._steps)
        frame_ms = median(time_calls(lambda: _frame(page, steps), 10 if quick else 60))
        page.shutdown()
        page.close()
    return [higher_is_better("course.optimizer_frames_per_s (vs the 30/s floor)", rate, FRAMES_FLOOR_PER_S, "1/s"),
            BenchResult("course.optimizer_frame_ms", round(frame_ms, 3), "ms")]


def _frame(page, steps: int) -> None:
    """The last frame (the longest paths: the dearest), painted the way the window paints it."""
    page.show_frame(steps)
    _application().processEvents()
