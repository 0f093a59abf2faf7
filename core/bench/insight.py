"""Benchmark of the Draw tab's inside view: a drawn stroke → every layer's maps + the saliency of the
top answer (core.insight.look_inside), against the plain forward pass of the same stroke (digit input +
predict) in the same run. For the shipped default model, and untrained LeNet5 and ResNet18 builds
(the weights do not change the time). Targets: ≤ 50 ms for the default and LeNet5, ≤ 150 ms for ResNet18."""
from __future__ import annotations

import numpy as np

from core.bench.timing import BenchResult, lower_is_better, percentile, time_side_by_side

# A 7 drawn on the 560-pixel canvas, as the canvas records it (points and brush widths).
_SEVEN = (((150, 120), (400, 120), (250, 450)), 30)


def _stroke():
    from core.reading import Stroke

    points, width = _SEVEN
    return [Stroke.of(np.array(points, np.float32), width)]


def _models(quick: bool) -> list[tuple[str, object]]:
    from core.engines.factory import create_engine
    from core.registry import find_bundle, load_engine
    from core.zoo import get_spec

    models = [("default", load_engine(find_bundle(None), "cpu")),
              ("lenet5", create_engine("torch", get_spec("lenet5"), "cpu"))]
    return models if quick else models + [("resnet18", create_engine("torch", get_spec("resnet18"), "cpu"))]


def bench_inside_view(quick: bool) -> list[BenchResult]:
    from core.insight import look_inside
    from core.reading import digit_input

    strokes = _stroke()
    repeats = 10 if quick else 60
    results = []
    for name, engine in _models(quick):
        def inside():
            return look_inside(engine, digit_input(strokes))

        def forward():
            return engine.predict(digit_input(strokes)[None, :, :, None])

        ours, plain = time_side_by_side(inside, forward, repeats)
        results.append(lower_is_better(f"stroke → all maps + saliency, {name} p50 (vs plain forward pass)",
                                       percentile(ours, 50), percentile(plain, 50), "ms"))
    return results
