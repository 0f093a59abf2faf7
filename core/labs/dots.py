"""Lab 4, overfitting and L2 regularisation: the course's red and blue dots.

The course's network, 2 → hidden (11) → 1 with ReLU, is fitted to 0/1 labels by MSE, twice from the same
starting weights: once plain, once with the L2 penalty `l2 × (l2_loss(w1) + l2_loss(w2))`
(tf.nn.l2_loss(w) = Σw²/2). Both train side by side in one loop (batches of 32, the course's 0.005 and
800 epochs), so their decision boundaries (where the output crosses 0.5) can be drawn together while
they train: the plain one wraps itself around single dots, the penalised one stays a smooth circle.

The data is the course's dot.csv (300 points, x1 and x2 drawn from N(0, 1), y_c = 1 inside the circle
x1² + x2² < 2; `course_dots` makes it from that rule and a seed; resources/data/dot.csv ships it) or any
CSV with two numeric feature columns and a two-valued label column, picked by name. Points clicked in
the window arrive as `extra_points` and join the training set.

The finished event's test_accuracy and train_accuracy are the L2 network's; `plain` and `l2` hold both
networks' accuracies and weight norms.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from core import paths
from core.events import EPOCH, FINISHED, LOG, SNAPSHOT, event
from core.fileio import UserError, atomic_path
from core.labs.common import ENGINES, Every, check_settings, course_split, one_torch_thread, option, read_table

COURSE_DOTS = paths.RESOURCES / "data" / "dot.csv"
COURSE_DOTS_SEED = 2          # the course draws its dots with np.random.RandomState(2)
COURSE_DOTS_COUNT = 300
GRID = 80                     # boundary grid: 80 × 80 points of each network's output per snapshot
SNAPSHOT_SECONDS = 1 / 30     # boundaries are sent at most this often (a plot needs ≥ 20 a second)
MODELS = ("plain", "l2")


@dataclass(frozen=True)
class Settings:
    data: str = option("", "a CSV file with a header row; empty = the course's dot set", label="Data (CSV)")
    x: str = option("x1", "the column of the first feature (plotted across)", label="X column")
    y: str = option("x2", "the column of the second feature (plotted up)", label="Y column")
    label: str = option("y_c", "the column of the label (two values)", label="Label column")
    hidden: int = option(11, "hidden units (the course's 11)", low=1, high=512, label="Hidden units")
    l2: float = option(0.03, "L2 strength of the regularised network (the course's 0.03)", low=0.0, high=10.0,
                       label="L2 strength")
    lr: float = option(0.005, "learning rate (the course's 0.005)", low=1e-6, high=10.0, label="Learning rate")
    epochs: int = option(800, "epochs (the course's 800)", low=1, high=100_000)
    test_size: float = option(0.2, "share of the points kept for testing", low=0.05, high=0.9)
    seed: int = option(1, "seed of the starting weights and of the train/test split", low=0, high=2**31 - 1)
    engine: str = option("torch", "which framework trains", choices=ENGINES)
    # points clicked in the window: (x, y, class index 0 or 1); they join the training set
    extra_points: tuple = option((), "points added by hand", cli=False, gui=False)


# ---- the data --------------------------------------------------------------------------------------

def course_dots(count: int = COURSE_DOTS_COUNT, seed: int = COURSE_DOTS_SEED) -> tuple[np.ndarray, np.ndarray]:
    """The course's rule: x1, x2 ~ N(0, 1); y_c = 1 inside the circle x1² + x2² < 2, else 0."""
    points = np.random.RandomState(seed).randn(count, 2)
    labels = (points[:, 0] ** 2 + points[:, 1] ** 2 < 2).astype(np.int64)
    return points, labels


def write_course_dots(path: str | Path = COURSE_DOTS) -> Path:
    """Write the course's dot set as a CSV (x1, x2, y_c): how resources/data/dot.csv was made."""
    points, labels = course_dots()
    lines = ["x1,x2,y_c"] + [f"{a:.8f},{b:.8f},{c}" for (a, b), c in zip(points, labels)]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)


@dataclass(frozen=True)
class Dots:
    points: np.ndarray        # n × 2 float32
    labels: np.ndarray        # n float32, 0 or 1 (1 = the second of `classes`)
    classes: tuple[str, str]  # the label values as text, in order
    skipped_rows: int


def load_dots(settings: Settings) -> Dots:
    """The CSV's chosen columns (or the course's dots): UserError naming the column, or the label
    column when it does not hold exactly two classes."""
    path = Path(settings.data) if settings.data else COURSE_DOTS
    if not settings.data and not path.exists():
        points, labels = course_dots()
        return Dots(points.astype(np.float32), labels.astype(np.float32), ("0", "1"), 0)
    table = read_table(path, numeric=[settings.x, settings.y], text=[settings.label])
    names = np.array([_class_name(value) for value in table.columns[settings.label]])
    classes = _sorted_classes(set(names.tolist()))
    if len(classes) != 2:
        found = ", ".join(classes)
        raise UserError(f"Column '{settings.label}' of {path.name} holds {len(classes)} "
                        f"{'class' if len(classes) == 1 else 'classes'} ({found}); this lab needs exactly two.")
    points = np.column_stack([table.columns[settings.x], table.columns[settings.y]]).astype(np.float32)
    return Dots(points, (names == classes[1]).astype(np.float32), (classes[0], classes[1]), table.skipped_rows)


def _class_name(value: str) -> str:
    """'1', '1.0' and ' 1 ' are one class; text labels stay as they are."""
    try:
        number = float(value)
    except ValueError:
        return value.strip()
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _sorted_classes(names: set[str]) -> list[str]:
    try:
        return sorted(names, key=float)
    except ValueError:
        return sorted(names)


def split(dots: Dots, settings: Settings) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffled train/test split with the settings' seed; clicked points join the training set."""
    test_count = min(len(dots.points) - 1, max(1, round(len(dots.points) * settings.test_size)))
    x_train, y_train, x_test, y_test = course_split(dots.points, dots.labels, settings.seed, test_count)
    if settings.extra_points:
        extra = np.array(settings.extra_points, dtype=np.float32).reshape(-1, 3)
        x_train = np.concatenate([x_train, extra[:, :2]])
        y_train = np.concatenate([y_train, (extra[:, 2] > 0).astype(np.float32)])
    return x_train, y_train, x_test, y_test


# ---- the training steps the Course tab shows ---------------------------------------------------------

def torch_step(params, x, y_, lr, l2):
    """One batch of the course's loop in PyTorch; returns the batch's MSE (without the penalty)."""
    import torch

    w1, b1, w2, b2 = params
    h1 = torch.relu(x @ w1 + b1)
    y = h1 @ w2 + b2
    loss_mse = torch.mean((y_ - y) ** 2)
    loss_regularization = (torch.sum(w1 ** 2) + torch.sum(w2 ** 2)) / 2
    loss = loss_mse + l2 * loss_regularization
    grads = torch.autograd.grad(loss, params)
    with torch.no_grad():
        for variable, grad in zip(params, grads):
            variable -= lr * grad
    return loss_mse.item()


def keras_step(params, x, y_, lr, l2):
    """The same batch with TensorFlow, as the course writes it: GradientTape, tf.nn.l2_loss, assign_sub."""
    import tensorflow as tf

    w1, b1, w2, b2 = params
    with tf.GradientTape() as tape:
        h1 = tf.nn.relu(tf.matmul(x, w1) + b1)
        y = tf.matmul(h1, w2) + b2
        loss_mse = tf.reduce_mean(tf.square(y_ - y))
        loss_regularization = tf.nn.l2_loss(w1) + tf.nn.l2_loss(w2)
        loss = loss_mse + l2 * loss_regularization
    grads = tape.gradient(loss, params)
    for variable, grad in zip(params, grads):
        variable.assign_sub(lr * grad)
    return float(loss_mse)


CODE = [torch_step, keras_step]
KEY_LINES = {
    "h1 = ": "the hidden layer: 11 ReLU units by default",
    "loss_mse = ": "how far the output is from the 0/1 labels",
    "loss_regularization = ": "L2: half the sum of the squared weights (tf.nn.l2_loss), biases left out",
    "loss = loss_mse + l2 * loss_regularization": "the penalty added: large weights now cost loss, so they shrink",
    "variable -= lr * grad": "plain gradient descent, in place",
    "variable.assign_sub(lr * grad)": "plain gradient descent: w.assign_sub as the course writes it",
}
STEPS = {"torch": torch_step, "keras": keras_step}


# ---- engine plumbing (not shown) ---------------------------------------------------------------------

def initial_weights(hidden: int, seed: int) -> list[np.ndarray]:
    """The course's start: w ~ N(0, 1), b = 0.01; the same numbers for both networks and both engines."""
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(2, hidden)).astype(np.float32), np.full(hidden, 0.01, np.float32),
            rng.normal(size=(hidden, 1)).astype(np.float32), np.full(1, 0.01, np.float32)]


def _variables(engine: str, arrays: list[np.ndarray]) -> list:
    if engine == "torch":
        import torch
        return [torch.tensor(array, requires_grad=True) for array in arrays]
    import tensorflow as tf
    return [tf.Variable(array) for array in arrays]


def _tensor(engine: str, array: np.ndarray):
    if engine == "torch":
        import torch
        return torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))
    import tensorflow as tf
    return tf.constant(array, dtype=tf.float32)


def _numpy(variables: list) -> list[np.ndarray]:
    return [v.detach().numpy() if hasattr(v, "detach") else v.numpy() for v in variables]


def predict(weights: list[np.ndarray], points: np.ndarray) -> np.ndarray:
    """The network's output for each point (numpy: the same numbers for both engines, and cheap)."""
    w1, b1, w2, b2 = weights
    return (np.maximum(points @ w1 + b1, 0.0) @ w2 + b2)[:, 0]


def mse(weights, points, labels) -> float:
    return float(np.mean((labels - predict(weights, points)) ** 2))


def accuracy(weights, points, labels) -> float:
    return float(np.mean((predict(weights, points) > 0.5) == (labels > 0.5)))


def weight_norm(weights) -> float:
    """‖(w1, w2)‖: the size L2 regularisation pushes down (biases are not penalised)."""
    return float(math.sqrt(np.sum(weights[0] ** 2) + np.sum(weights[2] ** 2)))


def plot_area(points: np.ndarray) -> list[float]:
    """x_min, x_max, y_min, y_max around every point with a 10 % margin."""
    low, high = points.min(axis=0), points.max(axis=0)
    margin = np.maximum((high - low) * 0.1, 1e-3)
    return [float(low[0] - margin[0]), float(high[0] + margin[0]), float(low[1] - margin[1]), float(high[1] + margin[1])]


def boundary_grid(area: list[float], size: int = GRID) -> np.ndarray:
    """size² points covering area, row by row from the bottom (row = y index, column = x index)."""
    xs, ys = np.linspace(area[0], area[1], size), np.linspace(area[2], area[3], size)
    grid_x, grid_y = np.meshgrid(xs, ys)
    return np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype(np.float32)


def contour_segments(values: np.ndarray, level: float, area: list[float]) -> np.ndarray:
    """Line segments (n × 4: x0, y0, x1, y1) where values (rows = y, columns = x, spread over area)
    cross level: marching squares, vectorised, run on the lab's thread. Measured on 80 × 80 in one run:
    1.2 ms, where pyqtgraph's pure-Python isocurve took 4-5 ms twice per redraw on the GUI thread."""
    ys, xs = np.linspace(area[2], area[3], values.shape[0]), np.linspace(area[0], area[1], values.shape[1])
    a, b, c, d = values[:-1, :-1], values[:-1, 1:], values[1:, 1:], values[1:, :-1]   # corners ↙ ↘ ↗ ↖
    x0, x1, y0, y1 = xs[None, :-1], xs[None, 1:], ys[:-1, None], ys[1:, None]
    edges = [_crossing(a, b, level, (x0, y0), (x1, y0)), _crossing(b, c, level, (x1, y0), (x1, y1)),
             _crossing(d, c, level, (x0, y1), (x1, y1)), _crossing(a, d, level, (x0, y0), (x0, y1))]
    points = np.stack(edges, axis=2)                        # cells × 4 edges (↓ → ↑ ←) × (x, y), nan: none
    crossed = ~np.isnan(points[..., 0])
    count = crossed.sum(axis=2)
    two = count == 2
    pairs = points[two][crossed[two]]                       # the two crossings of each cell, in order
    saddle = count == 4       # two segments; which corners they cut off depends on the cell's centre
    centre_like_a = ((a + b + c + d) / 4 > level) == (a > level)
    order = np.where(centre_like_a[saddle][:, None], [0, 1, 2, 3], [0, 3, 1, 2])
    four = np.take_along_axis(points[saddle], order[..., None], axis=1).reshape(-1, 2, 2)
    return np.concatenate([pairs.reshape(-1, 4), four.reshape(-1, 4)])


def _crossing(p, q, level, start, end):
    """Where the edge from corner p (at start) to corner q (at end) crosses level; nan where it does not."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where((p > level) != (q > level), (level - p) / (q - p), np.nan)
    x = start[0] + t * (end[0] - start[0])
    y = start[1] + t * (end[1] - start[1])
    return np.stack(np.broadcast_arrays(x, y), axis=-1)


# ---- the lab -----------------------------------------------------------------------------------------

def run(settings: Settings, should_stop: Callable[[], bool] = lambda: False) -> Iterator[dict]:
    """Train the plain and the L2 network side by side; stream losses, boundaries, then the results."""
    check_settings(settings)
    with one_torch_thread(settings.engine):
        yield from _side_by_side(settings, should_stop)


def _side_by_side(settings: Settings, should_stop: Callable[[], bool]) -> Iterator[dict]:
    dots = load_dots(settings)
    if dots.skipped_rows:
        yield event(LOG, message=f"skipped {dots.skipped_rows} rows with a missing or non-numeric cell")
    x_train, y_train, x_test, y_test = split(dots, settings)
    area = plot_area(np.concatenate([x_train, x_test]))
    yield event(SNAPSHOT, view="data", classes=list(dots.classes), area=area, grid=GRID,
                train=np.column_stack([x_train, y_train]).tolist(), test=np.column_stack([x_test, y_test]).tolist())
    nets = {name: _variables(settings.engine, initial_weights(settings.hidden, settings.seed)) for name in MODELS}
    strengths = {"plain": 0.0, "l2": settings.l2}
    batches = [(_tensor(settings.engine, x_train[i:i + 32]), _tensor(settings.engine, y_train[i:i + 32, None]))
               for i in range(0, len(x_train), 32)]
    step, grid, redraw = STEPS[settings.engine], boundary_grid(area), Every(SNAPSHOT_SECONDS)
    started, epoch = time.perf_counter(), 0
    for epoch in range(1, settings.epochs + 1):
        if should_stop():
            break
        for x, y_ in batches:
            for name in MODELS:
                step(nets[name], x, y_, settings.lr, strengths[name])
        weights = {name: _numpy(nets[name]) for name in MODELS}
        yield _epoch_event(epoch, settings.epochs, weights, x_train, y_train, x_test, y_test)
        if redraw(force=epoch in (1, settings.epochs)):
            yield _boundary_event(epoch, weights, grid, area)
    weights = {name: _numpy(nets[name]) for name in MODELS}
    yield _boundary_event(epoch, weights, grid, area)
    yield _finished(weights, dots, x_train, y_train, x_test, y_test, settings, time.perf_counter() - started,
                    should_stop())


def _epoch_event(epoch, epochs, weights, x_train, y_train, x_test, y_test) -> dict:
    losses = {}
    for name in MODELS:
        losses[f"{name}_train_loss"] = mse(weights[name], x_train, y_train)
        losses[f"{name}_test_loss"] = mse(weights[name], x_test, y_test)
    if not all(math.isfinite(value) for value in losses.values()):
        raise UserError(f"Training diverged at epoch {epoch} (the loss is no longer a finite number); "
                        f"try a smaller learning rate.")
    return event(EPOCH, epoch=epoch, epochs=epochs, **losses)


def _boundary_event(epoch, weights, grid, area) -> dict:
    outputs = {name: predict(weights[name], grid).reshape(GRID, GRID) for name in MODELS}
    return event(SNAPSHOT, view="boundary", epoch=epoch, outputs={k: v.tolist() for k, v in outputs.items()},
                 contours={k: contour_segments(v, 0.5, area).tolist() for k, v in outputs.items()})


def _finished(weights, dots, x_train, y_train, x_test, y_test, settings, seconds, stopped) -> dict:
    per_model = {name: {"train_accuracy": accuracy(weights[name], x_train, y_train),
                        "test_accuracy": accuracy(weights[name], x_test, y_test),
                        "weight_norm": weight_norm(weights[name])} for name in MODELS}
    return event(FINISHED, test_accuracy=per_model["l2"]["test_accuracy"],
                 train_accuracy=per_model["l2"]["train_accuracy"], classes=list(dots.classes),
                 skipped_rows=dots.skipped_rows, train_points=len(x_train), test_points=len(x_test),
                 plain=per_model["plain"], l2=per_model["l2"], engine=settings.engine, seconds=round(seconds, 3),
                 **({"stopped": True} if stopped else {}))
