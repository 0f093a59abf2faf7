"""Iris by hand, the course's first network: one dense layer 4→3 with softmax, trained by a loop
written out in full — forward, loss (MSE, as the course starts, or cross-entropy), gradients,
`w -= lr * grad` — on iris shuffled with the course's seed and split 120/30 as it does.

Both engines start from the same weights (truncated normal, std 0.1) and see the same batches, so their
curves can be laid over each other. The Course tab shows `torch_step`/`keras_step` beside the plots.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np

from core.events import EPOCH, FINISHED, SNAPSHOT, event
from core.labs.common import ENGINES, Every, check_settings, course_split, load_iris, option, truncated_normal

LOSSES = ("mse", "cross_entropy")
OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
SNAPSHOT_EVERY_S = 1 / 30    # the weights' heat map and decision regions need no more


@dataclass(frozen=True)
class Settings:
    epochs: int = option(500, "passes over the 120 training flowers", low=1, high=100_000)
    lr: float = option(0.1, "learning rate: each step moves the weights by lr × gradient", low=1e-6, high=10.0,
                       label="Learning rate")
    batch_size: int = option(32, "flowers per step", low=1, high=120, label="Batch size")
    loss: str = option("mse", "mse (the course's first choice) or cross_entropy", choices=LOSSES)
    optimizer: str = option("sgd", "sgd is the hand-written w -= lr × grad; the others are the framework's "
                            "own, with the course's β values", choices=OPTIMIZERS)
    engine: str = option("torch", "which framework computes the gradients", choices=ENGINES)
    seed: int = option(116, "shuffles iris before the 120/30 split (the course uses 116)", low=0, high=2**31 - 1)


def torch_step(params, x, y, loss_name, update) -> float:
    """One step of the course's loop in PyTorch."""
    import torch
    w, b = params
    y_hat = torch.softmax(x @ w + b, dim=1)                  # forward: y = softmax(x·w + b)
    if loss_name == "mse":
        loss = torch.mean((y - y_hat) ** 2)
    else:
        loss = -torch.mean(torch.sum(y * torch.log(y_hat.clamp_min(1e-7)), dim=1))
    grads = torch.autograd.grad(loss, params)                # gradients of loss w.r.t. w and b
    update(params, grads)                                    # w -= lr * grad
    return loss.item()


def torch_sgd(lr: float) -> Callable:
    import torch

    def update(params, grads) -> None:
        with torch.no_grad():
            for param, grad in zip(params, grads):
                param -= lr * grad                           # w.assign_sub(lr * grad)
    return update


def keras_step(params, x, y, loss_name, update) -> float:
    """The same step in TensorFlow, as the course writes it."""
    import tensorflow as tf
    w, b = params
    with tf.GradientTape() as tape:
        y_hat = tf.nn.softmax(tf.matmul(x, w) + b)           # forward: y = softmax(x·w + b)
        if loss_name == "mse":
            loss = tf.reduce_mean(tf.square(y - y_hat))
        else:
            loss = tf.reduce_mean(tf.keras.losses.categorical_crossentropy(y, y_hat))
    grads = tape.gradient(loss, params)                      # gradients of loss w.r.t. w and b
    update(params, grads)
    return float(loss)


def keras_sgd(lr: float) -> Callable:
    def update(params, grads) -> None:
        for param, grad in zip(params, grads):
            param.assign_sub(lr * grad)                      # w.assign_sub(lr * grad)
    return update


CODE = [torch_step, torch_sgd, keras_step, keras_sgd]
KEY_LINES = {
    "softmax(x @ w + b": "Forward pass: one dense layer, 4 inputs → 3 outputs, softmax turns scores into probabilities",
    "tf.nn.softmax(tf.matmul": "Forward pass: one dense layer, 4 inputs → 3 outputs, softmax turns scores into probabilities",
    "torch.mean((y - y_hat) ** 2)": "Mean squared error between the one-hot label and the probabilities (the course's first loss)",
    "tf.reduce_mean(tf.square": "Mean squared error between the one-hot label and the probabilities (the course's first loss)",
    "torch.autograd.grad": "Autograd: the gradient of the loss with respect to w and b",
    "tape.gradient": "GradientTape recorded the forward pass; now it gives d loss / d w and d loss / d b",
    "param -= lr * grad": "Gradient descent: a step against the gradient, lr long",
    "param.assign_sub": "Gradient descent: a step against the gradient, lr long",
}


class _Torch:
    """The lab's model in PyTorch: the parameters and the update the settings chose."""

    def __init__(self, w0: np.ndarray, b0: np.ndarray, settings: Settings):
        import torch
        self.params = [torch.tensor(w0, requires_grad=True), torch.tensor(b0, requires_grad=True)]
        if settings.optimizer == "sgd":
            self.update = torch_sgd(settings.lr)
        else:
            self.update = _torch_framework_update(self.params, settings)
        self.loss = settings.loss

    def tensor(self, array: np.ndarray):
        import torch
        return torch.from_numpy(np.ascontiguousarray(array))

    def step(self, x, y) -> float:
        return torch_step(self.params, x, y, self.loss, self.update)

    def probabilities(self, x) -> np.ndarray:
        import torch
        with torch.no_grad():
            return torch.softmax(x @ self.params[0] + self.params[1], dim=1).numpy()

    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        return tuple(param.detach().numpy().copy() for param in self.params)


class _Keras:
    def __init__(self, w0: np.ndarray, b0: np.ndarray, settings: Settings):
        import tensorflow as tf
        self.params = [tf.Variable(w0), tf.Variable(b0)]
        if settings.optimizer == "sgd":
            self.update = keras_sgd(settings.lr)
        else:
            self.update = _keras_framework_update(settings)
        self.loss = settings.loss

    def tensor(self, array: np.ndarray):
        import tensorflow as tf
        return tf.constant(array)

    def step(self, x, y) -> float:
        return keras_step(self.params, x, y, self.loss, self.update)

    def probabilities(self, x) -> np.ndarray:
        import tensorflow as tf
        return tf.nn.softmax(tf.matmul(x, self.params[0]) + self.params[1]).numpy()

    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        return tuple(param.numpy().copy() for param in self.params)


def _torch_framework_update(params, settings: Settings) -> Callable:
    """The framework's own optimizer with the course's hyper-parameters (β = 0.9, β1 = 0.9, β2 = 0.999)."""
    import torch
    make = {"momentum": lambda: torch.optim.SGD(params, lr=settings.lr, momentum=0.9),
            "adagrad": lambda: torch.optim.Adagrad(params, lr=settings.lr),
            "rmsprop": lambda: torch.optim.RMSprop(params, lr=settings.lr, alpha=0.9),
            "adam": lambda: torch.optim.Adam(params, lr=settings.lr, betas=(0.9, 0.999))}
    optimizer = make[settings.optimizer]()

    def update(params, grads) -> None:
        for param, grad in zip(params, grads):
            param.grad = grad
        optimizer.step()
    return update


def _keras_framework_update(settings: Settings) -> Callable:
    import keras
    make = {"momentum": lambda: keras.optimizers.SGD(settings.lr, momentum=0.9),
            "adagrad": lambda: keras.optimizers.Adagrad(settings.lr, initial_accumulator_value=0.0),
            "rmsprop": lambda: keras.optimizers.RMSprop(settings.lr, rho=0.9),
            "adam": lambda: keras.optimizers.Adam(settings.lr, beta_1=0.9, beta_2=0.999)}
    optimizer = make[settings.optimizer]()

    def update(params, grads) -> None:
        optimizer.apply_gradients(zip(grads, params))
    return update


MODELS = {"torch": _Torch, "keras": _Keras}


def initial_weights() -> tuple[np.ndarray, np.ndarray]:
    """The course's tf.random.truncated_normal([4, 3], stddev=0.1) and ([3], stddev=0.1), drawn by numpy
    so both engines start from the same numbers."""
    return truncated_normal((4, 3), 0.1, seed=1), truncated_normal((3,), 0.1, seed=2)


def one_hot(labels: np.ndarray, classes: int = 3) -> np.ndarray:
    return np.eye(classes, dtype=np.float32)[labels]


def run(settings: Settings, should_stop: Callable[[], bool] = lambda: False) -> Iterator[dict]:
    """Train; per epoch an EPOCH (loss, test loss and accuracy) and, at most ~30 a second, a SNAPSHOT of
    the weights; the first SNAPSHOT also carries the data (for the decision regions)."""
    check_settings(settings)
    iris = load_iris()
    x_train, y_train, x_test, y_test = course_split(iris.x, iris.y, settings.seed)
    model = MODELS[settings.engine](*initial_weights(), settings)
    batches = [(model.tensor(x_train[i:i + settings.batch_size]),
                model.tensor(one_hot(y_train[i:i + settings.batch_size])))
               for i in range(0, len(x_train), settings.batch_size)]
    x_test_t = model.tensor(x_test)
    yield _first_snapshot(iris, model, x_train, y_train, x_test, y_test)
    snapshot_due = Every(SNAPSHOT_EVERY_S)
    started, epoch, test_accuracy, loss, stopped = time.perf_counter(), 0, 0.0, float("nan"), False
    while epoch < settings.epochs:
        losses = []
        for x, y in batches:
            if should_stop():
                stopped = True
                break
            losses.append(model.step(x, y))
        if stopped:
            break
        epoch += 1
        loss = float(np.mean(losses))
        test_loss, test_accuracy = _evaluate(model.probabilities(x_test_t), y_test, settings.loss)
        yield event(EPOCH, epoch=epoch, epochs=settings.epochs, loss=loss, test_loss=test_loss,
                    test_accuracy=test_accuracy, lr=settings.lr, seconds=time.perf_counter() - started)
        if snapshot_due(force=epoch == settings.epochs):
            yield _weights_snapshot(model, epoch)
    if stopped:
        yield _weights_snapshot(model, epoch)
    w, b = model.weights()
    yield event(FINISHED, test_accuracy=test_accuracy, loss=loss, epochs_run=epoch,
                train_seconds=time.perf_counter() - started, engine=settings.engine,
                weights=w.tolist(), biases=b.tolist(), stopped=stopped)


def _evaluate(probabilities: np.ndarray, labels: np.ndarray, loss_name: str) -> tuple[float, float]:
    """Test loss (the training loss's kind) and accuracy, in numpy."""
    target = one_hot(labels)
    if loss_name == "mse":
        loss = float(np.mean((target - probabilities) ** 2))
    else:
        loss = float(-np.mean(np.sum(target * np.log(np.clip(probabilities, 1e-7, 1)), axis=1)))
    return loss, float(np.mean(probabilities.argmax(axis=1) == labels))


def _weights_snapshot(model, epoch: int) -> dict:
    w, b = model.weights()
    return event(SNAPSHOT, epoch=epoch, weights=w, biases=b)


def _first_snapshot(iris, model, x_train, y_train, x_test, y_test) -> dict:
    w, b = model.weights()
    return event(SNAPSHOT, epoch=0, weights=w, biases=b, feature_names=list(iris.feature_names),
                 class_names=list(iris.class_names), feature_means=iris.x.mean(axis=0),
                 x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)


def decision_regions(weights: np.ndarray, biases: np.ndarray, features: tuple[int, int], means: np.ndarray,
                     x_range: tuple[float, float], y_range: tuple[float, float], size: int = 120) -> np.ndarray:
    """The predicted class on a size × size grid over two features, the other two held at their mean:
    what the decision-regions plot draws (rows follow the second feature)."""
    xs, ys = np.linspace(*x_range, size), np.linspace(*y_range, size)
    grid = np.tile(np.asarray(means, dtype=np.float32), (size * size, 1))
    gx, gy = np.meshgrid(xs, ys)
    grid[:, features[0]], grid[:, features[1]] = gx.ravel(), gy.ravel()
    scores = grid @ np.asarray(weights) + np.asarray(biases)
    return scores.argmax(axis=1).reshape(size, size)
