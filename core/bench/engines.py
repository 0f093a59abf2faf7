"""Benchmarks of the engines and of single-picture predict, each beside the plain way in the same run.

- training images/second of each engine against a minimal plain loop of the same framework on the
  same model, data and batch size (ratio ≥ 0.95 means Inkling adds at most 5%), and torch against Keras;
- single-picture predict latency (preprocess + classify, p50 and p99) of the default model against the
  course's way: the Keras model's `predict` on each picture.
"""
from __future__ import annotations

import time

import numpy as np

from core.bench.timing import BenchResult, higher_is_better, lower_is_better, percentile, time_side_by_side
from core.config import FitConfig
from core.engines.factory import create_engine

BENCH_ARCHITECTURE = "inkling"
BATCH_SIZE = 128


def _training_images(quick: bool) -> tuple[np.ndarray, np.ndarray]:
    from core.data import load_dataset

    sample = load_dataset("sample")
    count = 1024 if quick else 3000
    return sample.x_train[:count], sample.y_train[:count]


def _inkling_fit_rate(engine, x, y) -> float:
    config = FitConfig(epochs=1, batch_size=BATCH_SIZE, optimizer="adam", learning_rate=1e-3)
    start = time.perf_counter()
    engine.fit((x, y), None, config, lambda event: None)
    return len(x) / (time.perf_counter() - start)


def _plain_torch_rate(engine, x, y) -> float:
    """The textbook PyTorch loop over the same module, data already in tensors."""
    import torch
    from torch.nn import functional as F

    model = engine.model
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    images = torch.from_numpy(x.astype(np.float32) / 255.0).permute(0, 3, 1, 2)
    labels = torch.from_numpy(y.astype(np.int64))
    start = time.perf_counter()
    for first in range(0, len(images), BATCH_SIZE):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images[first:first + BATCH_SIZE]), labels[first:first + BATCH_SIZE])
        loss.backward()
        optimizer.step()
    return len(images) / (time.perf_counter() - start)


def _plain_keras_rate(engine, x, y) -> float:
    """The course's way: compile and model.fit on numpy arrays."""
    import keras

    model = engine.model
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x.astype(np.float32) / 255.0, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
    return len(x) / (time.perf_counter() - start)


def bench_training(quick: bool) -> list[BenchResult]:
    from core.zoo import get_spec

    x, y = _training_images(quick)
    x = x.reshape(len(x), 28, 28, 1)
    warm_x, warm_y = x[:BATCH_SIZE * 2], y[:BATCH_SIZE * 2]
    results, rates = [], {}
    for engine_name, plain in (("torch", _plain_torch_rate), ("keras", _plain_keras_rate)):
        engine = create_engine(engine_name, get_spec(BENCH_ARCHITECTURE), "auto")
        _inkling_fit_rate(engine, warm_x, warm_y)  # first-call costs (graph tracing, allocators) out of the way
        plain(engine, warm_x, warm_y)
        # Interleaved rounds, best of each: a busy machine slows single runs at random.
        inkling_rate = plain_rate = 0.0
        for _ in range(2 if quick else 3):
            inkling_rate = max(inkling_rate, _inkling_fit_rate(engine, x, y))
            plain_rate = max(plain_rate, plain(engine, x, y))
        rates[engine_name] = inkling_rate
        results.append(higher_is_better(f"train {engine_name} {BENCH_ARCHITECTURE} (vs plain {engine_name} loop)",
                                        inkling_rate, plain_rate, "img/s"))
    results.append(higher_is_better(f"train {BENCH_ARCHITECTURE}: torch (vs keras)", rates["torch"], rates["keras"],
                                    "img/s"))
    return results


def course_model_predict(classifier):
    """The course's application: the Keras model of the same architecture, `model.predict` per picture."""
    from core.zoo import ModelSpec

    model = create_engine("keras", ModelSpec.from_dict(classifier.info.spec), "cpu").model
    return lambda batch: model.predict(batch, verbose=0)


def _demo_picture() -> np.ndarray:
    """A photo-like picture of one digit: dark ink on light paper, 200×200, colour."""
    from core.data import load_dataset

    digit = load_dataset("sample").x_test[0, :, :, 0]
    import cv2

    big = cv2.resize(digit, (200, 200), interpolation=cv2.INTER_CUBIC)
    paper = 230 - (big.astype(np.float32) * 0.8)
    return cv2.cvtColor(paper.clip(0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def bench_predict_latency(quick: bool) -> list[BenchResult]:
    """The default model on the backend load_classifier picks (auto), beside the course's way, and
    beside the bundle's native engine (how much the backend choice buys)."""
    from core.inference import load_classifier
    from core.preprocess import to_mnist

    classifier = load_classifier(None, "auto")
    native = load_classifier(None, "auto", "native")
    picture = _demo_picture()
    repeats = 50 if quick else 500
    course_predict = course_model_predict(classifier)
    inkling, course = time_side_by_side(lambda: classifier.predict_one(to_mnist(picture)),
                                        lambda: course_predict(to_mnist(picture)[None, :, :, None]),
                                        repeats, baseline_repeats=max(10, repeats // 10))
    chosen, plain = time_side_by_side(lambda: classifier.predict_one(to_mnist(picture)),
                                      lambda: native.predict_one(to_mnist(picture)), repeats)
    backend = classifier.backend_name
    return [lower_is_better(f"predict one picture p50, {backend} (vs course model.predict)",
                            percentile(inkling, 50), percentile(course, 50), "ms"),
            lower_is_better(f"predict one picture p99, {backend} (vs course model.predict)",
                            percentile(inkling, 99), percentile(course, 99), "ms"),
            lower_is_better(f"predict one picture p50, {backend} (vs {native.backend_name} engine)",
                            percentile(chosen, 50), percentile(plain, 50), "ms")]
