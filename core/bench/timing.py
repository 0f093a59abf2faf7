"""What every benchmark shares: the result record, the timers, and the two ways to turn a measurement
and its baseline into a ratio (lower-is-better times, higher-is-better rates)."""
from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from typing import Callable


@dataclass
class BenchResult:
    name: str
    value: float
    unit: str
    baseline: float | None = None   # the plain way, same unit, same run
    ratio: float | None = None      # how many times better Inkling is (>1 = faster / better)

    def to_dict(self) -> dict:
        return asdict(self)


# A benchmark: called with quick=True for a short smoke run (tests), returns its results.
Benchmark = Callable[[bool], list[BenchResult]]


def time_calls(fn: Callable[[], object], repeats: int, warmup: int = 3) -> list[float]:
    """Milliseconds per call, after warm-up calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def time_side_by_side(inkling: Callable[[], object], baseline: Callable[[], object], repeats: int,
                      baseline_repeats: int | None = None, rounds: int = 5) -> tuple[list[float], list[float]]:
    """Milliseconds per call of both, measured in alternating rounds so that a busy spell of the
    machine falls on both sides alike rather than on one."""
    baseline_repeats = repeats if baseline_repeats is None else baseline_repeats
    ours, theirs = [], []
    for _ in range(rounds):
        ours += time_calls(inkling, max(1, repeats // rounds), warmup=2)
        theirs += time_calls(baseline, max(1, baseline_repeats // rounds), warmup=1)
    return ours, theirs


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100.0 * (len(ordered) - 1))))
    return ordered[index]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def lower_is_better(name: str, value: float, baseline: float, unit: str) -> BenchResult:
    return BenchResult(name, round(value, 4), unit, round(baseline, 4), round(baseline / value, 3) if value else None)


def higher_is_better(name: str, value: float, baseline: float, unit: str) -> BenchResult:
    return BenchResult(name, round(value, 4), unit, round(baseline, 4), round(value / baseline, 3) if baseline else None)
