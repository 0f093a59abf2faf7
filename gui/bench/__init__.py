"""The window's benchmarks (they need Qt, so they cannot live in core.bench); `BENCHMARKS` below is
their one declared list, run by `inkling bench` after the Qt-free ones.

- `draw`  a stroke on the Draw tab until its probabilities are painted; the window until first painted;
- `train` training through the Train tab against the CLI's in-process path, and GUI-thread stalls;
- `course_labs` the Course tab's live plots: the L2 lab's boundary redraws, the optimizer race's frames.

Adding one = a `bench_something(quick: bool) -> list[BenchResult]` in the module of its tab + one entry
below. core never imports gui: `main.py` hands this list to the command line (see core.cli.bench).
Importing this package imports no Qt; each benchmark imports PySide6 when it runs.
"""
from __future__ import annotations

from core.bench.timing import Benchmark
from gui.bench.course_labs import bench_dots_redraw, bench_optimizer_frames
from gui.bench.draw import bench_stroke_to_probabilities, bench_window_visible
from gui.bench.train import bench_training_through_the_tab

BENCHMARKS: list[Benchmark] = [
    bench_stroke_to_probabilities,
    bench_window_visible,
    bench_training_through_the_tab,
    bench_dots_redraw,
    bench_optimizer_frames,
]
