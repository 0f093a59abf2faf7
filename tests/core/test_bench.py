"""core.bench: the one declared list, the shared timers, the throw-away INKLING_HOME, and the data
benchmarks run for real (quick)."""
from __future__ import annotations

import importlib
import inspect
import os
import pkgutil

import pytest

import core.bench
from core import paths
from core.bench import BENCHMARKS
from core.bench.data import bench_augment, bench_folder_cache
from core.bench.home import temporary_home
from core.bench.timing import BenchResult, higher_is_better, lower_is_better, percentile


def test_the_declared_list_holds_each_benchmark_function_of_the_package_once():
    names = [benchmark.__name__ for benchmark in BENCHMARKS]
    assert len(names) == len(set(names)) and {"bench_training", "bench_augment"} <= set(names)
    for benchmark in BENCHMARKS:
        assert benchmark.__module__.startswith("core.bench.") and benchmark.__name__.startswith("bench_")
        assert list(inspect.signature(benchmark).parameters) == ["quick"]
    declared = {(b.__module__, b.__name__) for b in BENCHMARKS}
    for module_info in pkgutil.iter_modules(core.bench.__path__, "core.bench."):
        module = importlib.import_module(module_info.name)
        defined = {(module.__name__, name) for name, value in vars(module).items()
                   if name.startswith("bench_") and inspect.isfunction(value) and value.__module__ == module.__name__}
        assert defined <= declared, f"{module.__name__} defines a benchmark that BENCHMARKS does not list"


def test_ratios_say_how_many_times_better_inkling_is():
    assert lower_is_better("t", 2.0, 6.0, "ms") == BenchResult("t", 2.0, "ms", 6.0, 3.0)
    assert higher_is_better("r", 300.0, 100.0, "img/s").ratio == 3.0
    assert lower_is_better("t", 0.0, 6.0, "ms").ratio is None
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0 and percentile([1.0, 9.0], 99) == 9.0
    assert set(lower_is_better("t", 1, 2, "ms").to_dict()) == {"name", "value", "unit", "baseline", "ratio"}


@pytest.mark.parametrize("before", [None, "/somewhere/else"])
def test_temporary_home_moves_the_user_folders_and_puts_back_what_was_there(monkeypatch, before):
    if before is None:
        monkeypatch.delenv("INKLING_HOME", raising=False)
    else:
        monkeypatch.setenv("INKLING_HOME", before)
    with temporary_home() as home:
        assert os.environ["INKLING_HOME"] == str(home) and home.is_dir()
        assert paths.user_data_dir() == home and paths.runs_dir().is_relative_to(home)
    assert os.environ.get("INKLING_HOME") == before
    assert not home.exists()


def test_temporary_home_is_put_back_when_the_benchmark_fails(monkeypatch):
    monkeypatch.setenv("INKLING_HOME", "/kept")
    with pytest.raises(RuntimeError), temporary_home():
        raise RuntimeError("a benchmark broke")
    assert os.environ["INKLING_HOME"] == "/kept"


def test_data_benchmarks_run_quickly_and_report():
    for benchmark in (bench_augment, bench_folder_cache):
        for result in benchmark(True):
            assert isinstance(result, BenchResult) and result.value > 0 and result.baseline > 0
