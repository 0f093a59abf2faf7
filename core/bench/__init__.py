"""Qt-free benchmarks: each hot path measured beside a plain baseline in the same run (`inkling bench`).

One module per area, and `BENCHMARKS` below is the one list the command runs, in this order:
- `timing`  the result record and the timers every benchmark shares; `home` a throw-away INKLING_HOME;
- `engines` training through each engine vs a plain loop, single-picture predict vs the course's way;
- `speedrun` `train --recipe fast` (both engines) beside Keras' mnist_convnet example, time to 99%;
- `vision`  preprocess, the whole-frame pipeline (the demo page, an exercise-book page, a 12 MP photo),
            memory over a long stream;
- `data`    augmentation and the own-dataset cache;
- `labs`    the Course tab's speed promises (decision regions refit within 200 ms of a slider).

A benchmark is a function `bench_something(quick: bool) -> list[BenchResult]` (quick: a smoke run of
seconds, for tests). Adding one = that function in the module of its area + one entry in BENCHMARKS.
The window's benchmarks live in `gui.bench` with their own list (core never imports gui); `main.py`
hands that list to the command line.
"""
from __future__ import annotations

from core.bench.data import bench_augment, bench_folder_cache
from core.bench.engines import bench_predict_latency, bench_training
from core.bench.insight import bench_inside_view
from core.bench.labs import bench_decision_regions, bench_iris_by_hand
from core.bench.sequences import bench_stock_epoch
from core.bench.speedrun import bench_speedrun
from core.bench.timing import Benchmark
from core.bench.vision import bench_exercise_book, bench_memory, bench_pipeline, bench_preprocess

BENCHMARKS: list[Benchmark] = [
    bench_training,
    bench_speedrun,
    bench_predict_latency,
    bench_preprocess,
    bench_pipeline,
    bench_exercise_book,
    bench_memory,
    bench_augment,
    bench_folder_cache,
    bench_inside_view,
    bench_iris_by_hand,
    bench_decision_regions,
    bench_stock_epoch,
]
