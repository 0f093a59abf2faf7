"""Lab 5, optimizers: SGD, SGD with momentum, Adagrad, RMSProp and Adam written out with the course's
formulas and hyper-parameters (β = 0.9, β1 = 0.9, β2 = 0.999), raced

- on iris as the course does it: the 4→3 softmax network, MSE against one-hot labels, batches of 32,
  500 epochs, one run per optimizer from the same starting weights (torch autograd or TensorFlow's
  GradientTape, chosen by `engine`), each epoch's loss and test accuracy streamed;
- on a 2-D surface (core.labs.surfaces): every optimizer takes one step per STEP event from the same
  start, so a plot can animate all the paths together.

Each update rule is one small function on whatever array type it is given (numpy, torch or TensorFlow
tensors: only +, -, *, / and ** are used), returning the amount to subtract from the variable; `state`
is the optimizer's memory of one variable (its m and v). `tune=True` first runs a small learning-rate
grid per optimizer on the same problem and races each with the rate that gave its lowest mean loss.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from core.events import EPOCH, FINISHED, LOG, SNAPSHOT, STEP, event
from core.labs.common import (ENGINES, check_settings, course_split, load_iris, one_torch_thread, option,
                              truncated_normal)
from core.labs.surfaces import SURFACES, Surface, gradient, surface_for, surface_grid, value_at

OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
PROBLEMS = ("iris",) + tuple(SURFACES)
BETA = 0.9                 # momentum's and RMSProp's β, as the course sets them
BETA1, BETA2 = 0.9, 0.999  # Adam's β1 and β2
# The course divides by sqrt(v) alone; a gradient of exactly zero (the bottom of the bowl, the first
# step on a flat formula) would then give 0/0, so a tiny ε is added as every library does.
EPS = 1e-7
IRIS_LR = 0.1              # the course's learning rate for every optimizer on iris
IRIS_LR_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
SURFACE_LR_GRID = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
ESCAPE_FACTOR = 10.0       # a path this many area-widths away from the plot has diverged


@dataclass(frozen=True)
class Settings:
    problem: str = option("iris", "what to race on: iris, or a surface (bowl, ravine, saddle, rosenbrock) "
                          "or a formula in x and y such as 'x**2 + 3*y**2'")
    optimizers: tuple = option(OPTIMIZERS, "which optimizers race", choices=OPTIMIZERS)
    epochs: int = option(500, "epochs on iris (the course's 500)", low=1, high=100_000)
    steps: int = option(200, "steps on a surface", low=1, high=100_000)
    lr: float = option(0.0, "learning rate for every optimizer; 0 = the problem's own (iris: the course's 0.1)",
                       low=0.0, high=100.0, label="Learning rate")
    tune: bool = option(False, "first tune each optimizer's learning rate by a small grid search")
    engine: str = option("torch", "which framework trains on iris", choices=ENGINES)


# The update rules: each returns what is subtracted from the variable (w -= rule(grad, state, lr)).

def sgd(grad, state, lr):
    return lr * grad


def momentum(grad, state, lr):
    state["m"] = BETA * state.get("m", 0.0) + (1 - BETA) * grad
    return lr * state["m"]


def adagrad(grad, state, lr):
    state["v"] = state.get("v", 0.0) + grad * grad
    return lr * grad / (state["v"] ** 0.5 + EPS)


def rmsprop(grad, state, lr):
    state["v"] = BETA * state.get("v", 0.0) + (1 - BETA) * grad * grad
    return lr * grad / (state["v"] ** 0.5 + EPS)


def adam(grad, state, lr):
    state["t"] = t = state.get("t", 0) + 1
    state["m"] = BETA1 * state.get("m", 0.0) + (1 - BETA1) * grad
    state["v"] = BETA2 * state.get("v", 0.0) + (1 - BETA2) * grad * grad
    m_hat = state["m"] / (1 - BETA1 ** t)
    v_hat = state["v"] / (1 - BETA2 ** t)
    return lr * m_hat / (v_hat ** 0.5 + EPS)


RULES: dict[str, Callable] = {"sgd": sgd, "momentum": momentum, "adagrad": adagrad, "rmsprop": rmsprop,
                              "adam": adam}


def torch_epoch(w1, b1, batches, rule, states, lr):
    """One epoch of the course's iris loop in PyTorch; returns the epoch's mean loss."""
    import torch

    total = 0.0
    for x, y_ in batches:
        y = torch.softmax(x @ w1 + b1, dim=1)
        loss = torch.mean((y_ - y) ** 2)
        grads = torch.autograd.grad(loss, [w1, b1])
        with torch.no_grad():
            for variable, grad, state in zip([w1, b1], grads, states):
                variable -= rule(grad, state, lr)
        total += loss.item()
    return total / len(batches)


def keras_epoch(w1, b1, batches, rule, states, lr):
    """The same epoch with TensorFlow: GradientTape, then w.assign_sub as the course writes it."""
    import tensorflow as tf

    total = 0.0
    for x, y_ in batches:
        with tf.GradientTape() as tape:
            y = tf.nn.softmax(tf.matmul(x, w1) + b1)
            loss = tf.reduce_mean(tf.square(y_ - y))
        grads = tape.gradient(loss, [w1, b1])
        for variable, grad, state in zip([w1, b1], grads, states):
            variable.assign_sub(rule(grad, state, lr))
        total += float(loss)
    return total / len(batches)


def surface_step(function, point, rule, state, lr):
    """One step on a 2-D surface: the gradient at the point, then the same update rule as on iris."""
    grad = gradient(function, point)
    return point - rule(grad, state, lr)


CODE = [sgd, momentum, adagrad, rmsprop, adam, torch_epoch, keras_epoch, surface_step]
KEY_LINES = {
    "return lr * grad\n": "SGD: a step against the gradient, its size the learning rate",
    'state["m"] = BETA * state': "momentum: m remembers the recent gradients (β = 0.9)",
    'state["v"] = state.get("v", 0.0) + grad * grad': "Adagrad: v sums every squared gradient, so steps only shrink",
    'state["v"] = BETA * state': "RMSProp: v is a moving average of squared gradients instead of their sum",
    "m_hat = ": "Adam: bias correction, since m and v start at zero",
    "lr * m_hat / (v_hat ** 0.5 + EPS)": "Adam: momentum's direction, RMSProp's step size",
    "torch.autograd.grad(loss": "autograd: the gradients of the loss with respect to w1 and b1",
    "variable -= rule(": "the optimizer's update, in place",
    "tape.gradient(loss": "GradientTape: the gradients of the loss with respect to w1 and b1",
    "variable.assign_sub(rule(": "w.assign_sub(update): the course's way to change a tf.Variable",
    "grad = gradient(function, point)": "the slope of the surface where the optimizer stands",
}


def run(settings: Settings, should_stop: Callable[[], bool] = lambda: False) -> Iterator[dict]:
    """Race the chosen optimizers on settings.problem; ends with FINISHED holding `results`."""
    check_settings(settings)
    if settings.problem.strip().lower() == "iris":
        with one_torch_thread(settings.engine):
            yield from race_on_iris(settings, should_stop)
    else:
        yield from race_on_surface(settings, should_stop)


# ---- iris ------------------------------------------------------------------------------------------

@dataclass
class IrisTensors:
    """The course's iris, as one engine's tensors: four fixed batches of 32 (the last 24) and the test set."""
    batches: list
    x_test: object
    y_test: np.ndarray
    engine: str


def iris_tensors(engine: str) -> IrisTensors:
    iris = load_iris()
    x_train, y_train, x_test, y_test = course_split(iris.x, iris.y)
    one_hot = np.eye(3, dtype=np.float32)[y_train]
    pairs = [(x_train[i:i + 32], one_hot[i:i + 32]) for i in range(0, len(x_train), 32)]
    convert = _converter(engine)
    return IrisTensors([(convert(x), convert(y)) for x, y in pairs], convert(x_test), y_test, engine)


def _converter(engine: str):
    if engine == "torch":
        import torch
        return lambda array: torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))
    import tensorflow as tf
    return lambda array: tf.constant(array, dtype=tf.float32)


def iris_weights(engine: str) -> tuple:
    """w1 (4×3) and b1 (3) as the course starts them (truncated normal, σ 0.1, seed 1), as variables."""
    w1, b1 = truncated_normal((4, 3), 0.1, seed=1), truncated_normal((3,), 0.1, seed=1)
    if engine == "torch":
        import torch
        return torch.tensor(w1, requires_grad=True), torch.tensor(b1, requires_grad=True)
    import tensorflow as tf
    return tf.Variable(w1), tf.Variable(b1)


def iris_accuracy(data: IrisTensors, w1, b1) -> float:
    if data.engine == "torch":
        import torch
        with torch.no_grad():
            predicted = (data.x_test @ w1 + b1).argmax(dim=1).numpy()
    else:
        import tensorflow as tf
        predicted = tf.argmax(tf.matmul(data.x_test, w1) + b1, axis=1).numpy()
    return float(np.mean(predicted == data.y_test))


def race_on_iris(settings: Settings, should_stop) -> Iterator[dict]:
    data = iris_tensors(settings.engine)
    train_epoch = torch_epoch if settings.engine == "torch" else keras_epoch
    rates = yield from _rates(settings, should_stop, lambda name, lr, count: _iris_losses(
        data, train_epoch, name, lr, count, should_stop), IRIS_LR, IRIS_LR_GRID, max(5, settings.epochs // 5))
    results = []
    for name in settings.optimizers:
        if should_stop():
            break
        w1, b1 = iris_weights(settings.engine)
        states, seconds, loss = ({}, {}), 0.0, math.nan
        for epoch in range(1, settings.epochs + 1):
            if should_stop():
                break
            started = time.perf_counter()
            loss = train_epoch(w1, b1, data.batches, RULES[name], states, rates[name])
            seconds += time.perf_counter() - started
            yield event(EPOCH, optimizer=name, epoch=epoch, epochs=settings.epochs, loss=loss,
                        test_accuracy=iris_accuracy(data, w1, b1), seconds=round(seconds, 4))
        results.append({"optimizer": name, "lr": rates[name], "final_loss": loss,
                        "test_accuracy": iris_accuracy(data, w1, b1), "seconds": round(seconds, 4)})
    yield event(FINISHED, problem="iris", engine=settings.engine, results=results, tuned=settings.tune,
                **({"stopped": True} if should_stop() else {}))


def _iris_losses(data, train_epoch, name, lr, epochs, should_stop) -> list[float]:
    w1, b1 = iris_weights(data.engine)
    states, losses = ({}, {}), []
    for _ in range(epochs):
        if should_stop():
            break
        losses.append(train_epoch(w1, b1, data.batches, RULES[name], states, lr))
    return losses


# ---- surfaces --------------------------------------------------------------------------------------

@dataclass
class Racer:
    """One optimizer on a surface: where it stands, its memory, its clock."""
    name: str
    lr: float
    point: np.ndarray
    loss: float
    state: dict = field(default_factory=dict)
    seconds: float = 0.0
    diverged: bool = False


def race_on_surface(settings: Settings, should_stop) -> Iterator[dict]:
    surface = surface_for(settings.problem.strip().lower() if settings.problem.strip().lower() in SURFACES
                          else settings.problem)
    function = surface.function()
    xs, ys, values = surface_grid(surface)
    yield event(SNAPSHOT, surface=surface.name, formula=surface.formula, area=list(surface.area),
                start=list(surface.start), xs=xs.tolist(), ys=ys.tolist(), values=values.tolist())
    rates = yield from _rates(settings, should_stop, lambda name, lr, count: _surface_losses(
        surface, function, name, lr, count), surface.lr, SURFACE_LR_GRID, settings.steps)
    start = np.array(surface.start, dtype=np.float64)
    racers = [Racer(name, rates[name], start.copy(), value_at(function, start)) for name in settings.optimizers]
    for step in range(1, settings.steps + 1):
        if should_stop():
            break
        for racer in racers:
            _advance(racer, surface, function)
        yield event(STEP, step=step, steps=settings.steps,
                    points={r.name: [float(r.point[0]), float(r.point[1])] for r in racers},
                    losses={r.name: r.loss for r in racers})
    results = [{"optimizer": r.name, "lr": r.lr, "final_loss": r.loss, "seconds": round(r.seconds, 6),
                "x": float(r.point[0]), "y": float(r.point[1]), "diverged": r.diverged} for r in racers]
    yield event(FINISHED, problem=surface.name, formula=surface.formula, results=results, tuned=settings.tune,
                **({"stopped": True} if should_stop() else {}))


def _advance(racer: Racer, surface: Surface, function) -> None:
    if racer.diverged:
        return
    started = time.perf_counter()
    try:
        point = surface_step(function, racer.point, RULES[racer.name], racer.state, racer.lr)
        loss = value_at(function, point)
    except (FloatingPointError, OverflowError, ZeroDivisionError):
        racer.diverged = True
        return
    finally:
        racer.seconds += time.perf_counter() - started
    if not (np.all(np.isfinite(point)) and math.isfinite(loss)) or _escaped(point, surface, ESCAPE_FACTOR):
        racer.diverged = True
        return
    racer.point, racer.loss = point, loss


def _escaped(point: np.ndarray, surface: Surface, factor: float) -> bool:
    """Is point outside the plotted area blown up `factor` times around its centre?"""
    x_min, x_max, y_min, y_max = surface.area
    cx, cy = (x_min + x_max) / 2, (y_min + y_max) / 2
    return abs(point[0] - cx) > factor * (x_max - x_min) / 2 or abs(point[1] - cy) > factor * (y_max - y_min) / 2


def _surface_losses(surface: Surface, function, name: str, lr: float, steps: int) -> list[float]:
    """The loss after each step of one optimizer alone; [nan] once it diverges."""
    racer = Racer(name, lr, np.array(surface.start, dtype=np.float64), math.nan)
    losses = []
    for _ in range(steps):
        _advance(racer, surface, function)
        if racer.diverged:
            return [math.nan]
        losses.append(racer.loss)
    return losses


# ---- tuning ----------------------------------------------------------------------------------------

def _rates(settings: Settings, should_stop, losses_for, default_lr: float, grid: tuple, count: int):
    """Each optimizer's learning rate: settings.lr (or the problem's own) for all, or, with tune, the
    grid value whose run gave the lowest mean loss (a fast descent wins, not only the last point).
    A generator: it yields LOG events while tuning, and returns {optimizer: lr}."""
    fixed = settings.lr or default_lr
    if not settings.tune:
        return {name: fixed for name in settings.optimizers}
    yield event(LOG, message=f"tuning the learning rates: {len(grid)} rates × {len(settings.optimizers)} "
                             f"optimizers, {count} {'epochs' if settings.problem == 'iris' else 'steps'} each")
    chosen = {}
    for name in settings.optimizers:
        scores = {}
        for lr in grid:
            if should_stop():
                return {name: chosen.get(name, fixed) for name in settings.optimizers}
            losses = losses_for(name, lr, count)
            scores[lr] = float(np.mean(losses)) if losses and np.all(np.isfinite(losses)) else math.inf
        best = min(scores, key=scores.get)
        chosen[name] = best if math.isfinite(scores[best]) else fixed
        yield event(LOG, message=f"{name}: learning rate {chosen[name]:g}"
                                 + ("" if math.isfinite(scores[best]) else " (no rate in the grid converged)"))
    return chosen
