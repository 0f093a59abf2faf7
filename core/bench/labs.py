"""The Course tab's labs against the same loop written in plain framework code, in the same run."""
from __future__ import annotations

import time

import numpy as np

from core.bench.timing import BenchResult, lower_is_better, median, time_calls

IRIS_EPOCHS, IRIS_QUICK_EPOCHS = 500, 30
SIX_MODELS = ("logreg", "svm", "knn", "tree", "forest", "xgboost")
PAGE_GRID = 50       # the classic page's region grid (gui/course/classic_page.py REGION_GRID)
PLAIN_GRID = 100     # sklearn's DecisionBoundaryDisplay default grid_resolution


def bench_iris_by_hand(quick: bool) -> list[BenchResult]:
    """Iris by hand, both engines: the lab's generator (events, snapshots, per-epoch test accuracy)
    vs the course's script as plain code (the same batches, update and per-epoch test accuracy)."""
    from core.labs import iris

    epochs, rounds = (IRIS_QUICK_EPOCHS, 1) if quick else (IRIS_EPOCHS, 3)
    results = []
    for engine, plain in (("torch", _plain_torch_iris), ("keras", _plain_keras_iris)):
        settings = iris.Settings(epochs=epochs, engine=engine)
        ours, theirs = [], []
        for _ in range(rounds):   # alternating, so a busy spell of the machine falls on both alike
            ours.append(_seconds(lambda: list(iris.run(settings))))
            theirs.append(_seconds(lambda: plain(epochs)))
        results.append(lower_is_better(f"iris by hand, {epochs} epochs, {engine} (vs plain loop)",
                                       median(ours), median(theirs), "s"))
    return results


def _seconds(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _iris_arrays():
    from core.labs.common import course_split, load_iris
    from core.labs.iris import initial_weights, one_hot

    data = load_iris()
    x_train, y_train, x_test, y_test = course_split(data.x, data.y)
    return x_train, one_hot(y_train), x_test, y_test, initial_weights()


def _plain_torch_iris(epochs: int) -> float:
    import torch

    x_train, y_train, x_test, y_test, (w0, b0) = _iris_arrays()
    x_train, y_train, x_test = map(torch.from_numpy, (x_train, y_train, x_test))
    w, b = torch.tensor(w0, requires_grad=True), torch.tensor(b0, requires_grad=True)
    accuracy = 0.0
    for _ in range(epochs):
        for i in range(0, len(x_train), 32):
            y = torch.softmax(x_train[i:i + 32] @ w + b, dim=1)
            loss = torch.mean((y_train[i:i + 32] - y) ** 2)
            w_grad, b_grad = torch.autograd.grad(loss, [w, b])
            with torch.no_grad():
                w -= 0.1 * w_grad
                b -= 0.1 * b_grad
        with torch.no_grad():
            accuracy = float((torch.argmax(x_test @ w + b, dim=1).numpy() == y_test).mean())
    return accuracy


def _plain_keras_iris(epochs: int) -> float:
    import tensorflow as tf

    x_train, y_train, x_test, y_test, (w0, b0) = _iris_arrays()
    w, b = tf.Variable(w0), tf.Variable(b0)
    accuracy = 0.0
    for _ in range(epochs):
        for i in range(0, len(x_train), 32):
            with tf.GradientTape() as tape:
                y = tf.nn.softmax(tf.matmul(x_train[i:i + 32], w) + b)
                loss = tf.reduce_mean(tf.square(y_train[i:i + 32] - y))
            w_grad, b_grad = tape.gradient(loss, [w, b])
            w.assign_sub(0.1 * w_grad)
            b.assign_sub(0.1 * b_grad)
        accuracy = float(np.mean(tf.argmax(tf.matmul(x_test, w) + b, axis=1).numpy() == y_test))
    return accuracy


def bench_decision_regions(quick: bool) -> list[BenchResult]:
    """The classic page's decision regions on the course's 300 dots: all six models refit and mapped
    (a new data set), and a slider change, which refits only the model it belongs to (the slowest one
    counted), each beside the plain way: every model refit on sklearn's default 100 × 100 grid."""
    from core.labs.classic import Settings, load_data, region_maps
    settings = Settings(data="dots")
    data = load_data(settings)
    repeats = 2 if quick else 10

    def ours(models=SIX_MODELS, grid=PAGE_GRID):
        return lambda: region_maps(models, settings, data.x, data.y, grid, 2)

    plain = median(time_calls(ours(grid=PLAIN_GRID), repeats, warmup=1))
    six = median(time_calls(ours(), repeats, warmup=1))
    one = max(median(time_calls(ours((name,)), repeats, warmup=1)) for name in SIX_MODELS)
    return [lower_is_better("decision regions: six models refit + mapped, 300 points", six, plain, "ms"),
            lower_is_better("decision regions: a slider change (slowest single model)", one, plain, "ms")]
