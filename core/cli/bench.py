"""`bench`: each hot path measured beside a plain baseline in the same run, printed as ratios."""
from __future__ import annotations

import argparse
import importlib

from core.cli.output import emit, say

# Modules with a BENCHMARKS list; the window's own benchmarks come from main.py (core never imports gui).
CORE_BENCHMARK_MODULES = ("core.engine_bench", "core.vision_bench", "core.data.benchmarks")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="a short smoke run (seconds, not minutes)")
    parser.add_argument("--only", default=None, metavar="TEXT", help="run only benchmarks whose name contains TEXT")


def collect(extra_benchmarks) -> list:
    benchmarks = []
    for module_name in CORE_BENCHMARK_MODULES:
        benchmarks += importlib.import_module(module_name).BENCHMARKS
    if extra_benchmarks is not None:
        benchmarks += extra_benchmarks()
    return benchmarks


def run(args) -> int:
    benchmarks = [b for b in collect(args.extra_benchmarks) if not args.only or args.only in b.__name__]
    if not args.json:
        print(f"{'benchmark':52} {'inkling':>12} {'baseline':>12}  {'unit':8} {'ratio':>7}")
    for benchmark in benchmarks:
        say(f"running {benchmark.__name__}…")
        for result in benchmark(args.quick):
            if args.json:
                emit(result.to_dict())
            else:
                baseline = "—" if result.baseline is None else f"{result.baseline:.4g}"
                ratio = "—" if result.ratio is None else f"{result.ratio:.2f}×"
                print(f"{result.name:52} {result.value:>12.4g} {baseline:>12}  {result.unit:8} {ratio:>7}", flush=True)
    return 0
