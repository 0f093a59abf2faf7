"""`bench`: each hot path measured beside a plain baseline in the same run, printed as ratios.

The benchmarks come from two declared lists: `core.bench.BENCHMARKS` (Qt-free) and the window's,
`gui.bench.BENCHMARKS`. core never imports gui, so the window's list reaches this command as data:
`main.py`, the one module that knows both layers, passes `extra_benchmarks`, a function returning that
list. It is a function rather than the list itself so that other commands (`predict`, `detect`…) do not
pay for importing the window's benchmarks; without it (`python -m`-style use of core.cli, tests) only the
Qt-free benchmarks run.
"""
from __future__ import annotations

import argparse
from typing import Callable

from core.cli.output import emit, say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="a short smoke run (seconds, not minutes)")
    parser.add_argument("--only", default=None, metavar="TEXT", help="run only benchmarks whose name contains TEXT")


def collect(extra_benchmarks: Callable[[], list] | None) -> list:
    """The Qt-free benchmarks, then the window's (when main.py handed them over)."""
    from core.bench import BENCHMARKS

    return list(BENCHMARKS) + (list(extra_benchmarks()) if extra_benchmarks is not None else [])


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
