"""gui.bench: the window's declared benchmark list and how `inkling bench` gets it (through main.py)."""
from __future__ import annotations

import subprocess
import sys

from core.bench import BENCHMARKS as CORE_BENCHMARKS
from core.cli.bench import collect
from core.paths import PROJECT_ROOT
from gui.bench import BENCHMARKS as WINDOW_BENCHMARKS


def test_the_window_list_holds_the_window_benchmarks_once():
    names = [benchmark.__name__ for benchmark in WINDOW_BENCHMARKS]
    assert names == ["bench_stroke_to_probabilities", "bench_window_visible", "bench_training_through_the_tab",
                     "bench_dots_redraw", "bench_optimizer_frames"]
    assert all(benchmark.__module__.startswith("gui.bench.") for benchmark in WINDOW_BENCHMARKS)


def test_the_bench_command_runs_the_core_list_then_the_window_list_handed_over_by_main():
    import main

    everything = collect(main._window_benchmarks)
    assert everything == list(CORE_BENCHMARKS) + list(WINDOW_BENCHMARKS)
    assert len({benchmark.__name__ for benchmark in everything}) == len(everything)
    assert collect(None) == list(CORE_BENCHMARKS)


def test_importing_the_window_benchmarks_imports_no_qt():
    code = "import sys, gui.bench; assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'"
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=True, timeout=120)
