"""Activations and losses: sigmoid, tanh, ReLU and Leaky ReLU with their derivatives and the course's
advice; MSE, cross-entropy, softmax with cross-entropy and the course's custom asymmetric loss, which
this lab trains on the course's yoghurt data (sales y = x1 + x2 + noise; a yoghurt too many costs COST,
one too few loses PROFIT), so the learned weights lean above 1 when profit outweighs cost, below when not.

The curves are plain numpy (they are pictures, not training); the training is the course's loop in
either engine.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np

from core.events import EPOCH, FINISHED, event
from core.labs.common import ENGINES, check_settings, option

REPORT_EVERY = 100   # steps per EPOCH event (the course prints every 500)
LOSSES = ("custom", "mse")


@dataclass(frozen=True)
class Activation:
    name: str
    function: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    advice: str


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


ACTIVATIONS = {
    "sigmoid": Activation(
        "Sigmoid  f(x) = 1 / (1 + e^-x)", _sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x)),
        "Its derivative is at most 0.25, so gradients shrink layer after layer and vanish in deep networks; "
        "its output is not zero-centred, which slows convergence; and exp is slow to compute. Rarely used in "
        "hidden layers today."),
    "tanh": Activation(
        "tanh  f(x) = (1 - e^-2x) / (1 + e^-2x)", np.tanh, lambda x: 1 - np.tanh(x) ** 2,
        "Its output is zero-centred, but its gradient still vanishes for large inputs, and exp is slow."),
    "relu": Activation(
        "ReLU  f(x) = max(x, 0)", lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(float),
        "The first choice for hidden layers: no vanishing gradient for positive inputs, fast to compute, "
        "converges much faster than sigmoid and tanh. Its output is not zero-centred, and a neuron whose "
        "input stays negative never activates again (dead ReLU): avoid feeding it many negative features "
        "and keep the learning rate small."),
    "leaky_relu": Activation(
        "Leaky ReLU  f(x) = max(αx, x), α = 0.01", lambda x: np.where(x > 0, x, 0.01 * x),
        lambda x: np.where(x > 0, 1.0, 0.01),
        "Gives negative inputs a small slope, so no neuron dies. In theory better than ReLU; in practice it "
        "has not clearly proved so."),
}
BEGINNER_ADVICE = ("The course's advice for beginners: prefer ReLU; use a small learning rate; standardise the "
                   "input features (mean 0, standard deviation 1); start the weights centred on 0 with "
                   "standard deviation √(2 / inputs).")

LOSS_NOTES = {
    "mse": "Mean squared error: mean((y_ - y)²). For regression; the course also uses it on iris.",
    "cross_entropy": "Cross-entropy H(y_, y) = -Σ y_ ln y: how far a predicted distribution is from the "
                     "label's. H([1, 0], [0.6, 0.4]) = 0.511 is worse than H([1, 0], [0.8, 0.2]) = 0.223.",
    "softmax_cross_entropy": "Softmax then cross-entropy in one step (tf.nn.softmax_cross_entropy_with_logits): "
                             "from raw scores, numerically safe.",
    "custom": "The course's custom loss: a prediction above the sales costs COST per yoghurt, one below "
              "loses PROFIT per yoghurt: sum(where(y > y_, COST (y - y_), PROFIT (y_ - y))).",
}


def activation_curves(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    activation = ACTIVATIONS[name]
    return activation.function(x), activation.derivative(x)


def loss_curves(cost: float, profit: float, points: int = 201) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each loss for one example whose answer is 1 (custom, mse: against the prediction y; cross-entropy:
    against the probability given to the right class; softmax + cross-entropy: against the right class's
    raw score, the other two scores 0)."""
    y = np.linspace(-1.0, 3.0, points)
    p = np.linspace(0.01, 1.0, points)
    z = np.linspace(-4.0, 6.0, points)
    return {"mse": (y, (1 - y) ** 2),
            "custom": (y, np.where(y > 1, cost * (y - 1), profit * (1 - y))),
            "cross_entropy": (p, -np.log(p)),
            "softmax_cross_entropy": (z, -(z - np.log(np.exp(z) + 2)))}


@dataclass(frozen=True)
class Settings:
    cost: float = option(1.0, "what one yoghurt too many costs", low=0.0, high=1000.0)
    profit: float = option(99.0, "what one yoghurt too few loses", low=0.0, high=1000.0)
    loss: str = option("custom", "custom (the asymmetric cost/profit loss) or mse (symmetric)", choices=LOSSES)
    epochs: int = option(10_000, "training steps over the 32 days (full batch)", low=1, high=1_000_000)
    lr: float = option(0.002, "learning rate", low=1e-6, high=1.0, label="Learning rate")
    engine: str = option("torch", "which framework computes the gradients", choices=ENGINES)
    seed: int = option(23455, "seeds the generated sales (the course uses 23455)", low=0, high=2**31 - 1)


def yoghurt_data(seed: int, days: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """The course's data: x = two factors per day in [0, 1), sales y_ = x1 + x2 + noise in ±0.05."""
    rdm = np.random.RandomState(seed=seed)
    x = rdm.rand(days, 2)
    y_ = [[x1 + x2 + (rdm.rand() / 10.0 - 0.05)] for (x1, x2) in x]
    return x.astype(np.float32), np.array(y_, dtype=np.float32)


def torch_custom_step(w, x, y_, cost, profit, lr, loss_name) -> float:
    """One step of the course's loop in PyTorch."""
    import torch
    y = x @ w                                                          # predicted sales
    if loss_name == "custom":
        loss = torch.sum(torch.where(y > y_, cost * (y - y_), profit * (y_ - y)))
    else:
        loss = torch.mean((y_ - y) ** 2)
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()
    return loss.item()


def keras_custom_step(w, x, y_, cost, profit, lr, loss_name) -> float:
    """The same step in TensorFlow, as the course writes it."""
    import tensorflow as tf
    with tf.GradientTape() as tape:
        y = tf.matmul(x, w)                                            # predicted sales
        if loss_name == "custom":
            loss = tf.reduce_sum(tf.where(tf.greater(y, y_), cost * (y - y_), profit * (y_ - y)))
        else:
            loss = tf.reduce_mean(tf.square(y_ - y))
    grad = tape.gradient(loss, w)
    w.assign_sub(lr * grad)
    return float(loss)


CODE = [torch_custom_step, keras_custom_step, yoghurt_data]
KEY_LINES = {
    "torch.where(y > y_": "Too many costs COST per yoghurt, too few loses PROFIT: the loss leans the answer",
    "tf.where(tf.greater(y, y_)": "Too many costs COST per yoghurt, too few loses PROFIT: the loss leans the answer",
    "y = x @ w": "The model: sales = w1·x1 + w2·x2 (the truth is w1 = w2 = 1)",
    "y = tf.matmul(x, w)": "The model: sales = w1·x1 + w2·x2 (the truth is w1 = w2 = 1)",
    "w -= lr * w.grad": "Gradient descent",
    "w.assign_sub(lr * grad)": "Gradient descent",
    "rdm.rand() / 10.0 - 0.05": "Noise of ±0.05 on top of x1 + x2",
}


def _torch_model(w0: np.ndarray, x: np.ndarray, y_: np.ndarray):
    import torch
    w = torch.tensor(w0, requires_grad=True)
    return (lambda s: torch_custom_step(w, torch.from_numpy(x), torch.from_numpy(y_), s.cost, s.profit, s.lr,
                                        s.loss),
            lambda: w.detach().numpy().ravel().copy())


def _keras_model(w0: np.ndarray, x: np.ndarray, y_: np.ndarray):
    import tensorflow as tf
    w = tf.Variable(w0)
    x_t, y_t = tf.constant(x), tf.constant(y_)
    return (lambda s: keras_custom_step(w, x_t, y_t, s.cost, s.profit, s.lr, s.loss),
            lambda: w.numpy().ravel().copy())


MODELS = {"torch": _torch_model, "keras": _keras_model}


def run(settings: Settings, should_stop: Callable[[], bool] = lambda: False) -> Iterator[dict]:
    """Train w (2 × 1) on the yoghurt data; an EPOCH every REPORT_EVERY steps with the loss and the two
    weights; FINISHED with the weights and how far the predictions lean above the sales on average."""
    check_settings(settings)
    x, y_ = yoghurt_data(settings.seed)
    w0 = np.random.default_rng(1).normal(0.0, 1.0, size=(2, 1)).astype(np.float32)  # tf.random.normal([2, 1])
    step, weights = MODELS[settings.engine](w0, x, y_)
    started, epoch, loss, stopped = time.perf_counter(), 0, float("nan"), False
    while epoch < settings.epochs:
        if should_stop():
            stopped = True
            break
        loss = step(settings)
        epoch += 1
        if epoch % REPORT_EVERY == 0 or epoch == settings.epochs:
            w = weights()
            yield event(EPOCH, epoch=epoch, epochs=settings.epochs, loss=loss, w1=float(w[0]), w2=float(w[1]),
                        seconds=time.perf_counter() - started)
    w = weights()
    lean = float(np.mean(x @ w - y_.ravel()))
    yield event(FINISHED, w1=float(w[0]), w2=float(w[1]), loss=loss, lean=lean, epochs_run=epoch,
                train_seconds=time.perf_counter() - started, stopped=stopped)
