"""The learning-rate toy: minimise loss = (w + 1)² from w = 5 by gradient descent, step by step, with a
constant rate and, beside it, the course's exponential decay lr = base × rate^(step / decay_steps).

The gradient is 2(w + 1), so each step multiplies the distance to the minimum (w = -1) by (1 - 2·lr):
below lr = 0.5 it creeps in, between 0.5 and 1 it overshoots and oscillates inwards, at exactly 1 it
bounces between 5 and -7 for ever, and above 1 (the critical rate) it diverges.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable, Iterator

from core.events import FINISHED, STEP, event
from core.labs.common import ENGINES, check_settings, option

CRITICAL_RATE = 1.0
DIVERGED_AT = 1e12   # |w| beyond this (or not finite) counts as diverged, and the run ends there


@dataclass(frozen=True)
class Settings:
    lr: float = option(0.2, "the constant learning rate (and the decaying one's base)", low=1e-4, high=5.0,
                       label="Learning rate")
    steps: int = option(40, "gradient-descent steps", low=1, high=100_000)
    w0: float = option(5.0, "where w starts", low=-1e6, high=1e6, label="Start w")
    decay_rate: float = option(0.99, "the decaying rate is lr × decay_rate^(step / decay_steps)", low=0.01,
                               high=1.0, label="Decay rate")
    decay_steps: int = option(1, "steps per decay", low=1, high=100_000, label="Decay steps")
    engine: str = option("torch", "which framework computes the gradient", choices=ENGINES)
    step_delay: float = option(0.0, "seconds to wait after each step, to watch it happen", low=0.0, high=2.0,
                               label="Pause per step (s)", cli=False)


def exponential_decay(base: float, rate: float, decay_steps: int) -> Callable[[int], float]:
    """The course's schedule: lr = base × rate^(step / decay_steps)."""
    return lambda step: base * rate ** (step / decay_steps)


def torch_descent(w0: float, lr_at: Callable[[int], float], steps: int) -> Iterator[tuple[float, float, float]]:
    """Gradient descent on (w + 1)² in PyTorch; yields (lr, w after the step, loss before it)."""
    import torch
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    for step in range(steps):
        loss = (w + 1) ** 2                    # the loss to minimise
        loss.backward()                        # d loss / d w = 2 (w + 1)
        with torch.no_grad():
            w -= lr_at(step) * w.grad          # one step against the gradient
        w.grad.zero_()
        yield lr_at(step), w.item(), loss.item()


def keras_descent(w0: float, lr_at: Callable[[int], float], steps: int) -> Iterator[tuple[float, float, float]]:
    """The same in TensorFlow, as the course writes it."""
    import tensorflow as tf
    w = tf.Variable(w0, dtype=tf.float64)
    for step in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.square(w + 1)            # the loss to minimise
        grad = tape.gradient(loss, w)          # d loss / d w = 2 (w + 1)
        w.assign_sub(lr_at(step) * grad)       # one step against the gradient
        yield lr_at(step), float(w.numpy()), float(loss)


CODE = [torch_descent, keras_descent, exponential_decay]
KEY_LINES = {
    "loss = (w + 1) ** 2": "The toy's loss: smallest (0) at w = -1",
    "loss = tf.square(w + 1)": "The toy's loss: smallest (0) at w = -1",
    "loss.backward()": "Autograd fills w.grad with 2 (w + 1)",
    "tape.gradient": "GradientTape gives 2 (w + 1)",
    "w -= lr_at(step) * w.grad": "The update: the distance to -1 is multiplied by (1 - 2 lr) each step",
    "w.assign_sub(lr_at(step) * grad)": "The update: the distance to -1 is multiplied by (1 - 2 lr) each step",
    "base * rate ** (step / decay_steps)": "Exponential decay: the rate shrinks by decay_rate every decay_steps",
}
DESCENTS = {"torch": torch_descent, "keras": keras_descent}


def regime(lr: float) -> str:
    """What a constant rate does on this toy, in words."""
    if lr < 0.5:
        return "converges smoothly"
    if lr == 0.5:
        return "jumps to the minimum in one step"
    if lr < CRITICAL_RATE:
        return "oscillates while converging"
    if lr == CRITICAL_RATE:
        return "oscillates for ever"
    return "diverges"


def run(settings: Settings, should_stop: Callable[[], bool] = lambda: False) -> Iterator[dict]:
    """One STEP per step carrying both runs (w, loss, lr; the decaying one's as *_decay); FINISHED holds
    the last values and whether the constant rate diverged."""
    check_settings(settings)
    descend = DESCENTS[settings.engine]
    constant = descend(settings.w0, lambda step: settings.lr, settings.steps)
    decaying = descend(settings.w0, exponential_decay(settings.lr, settings.decay_rate, settings.decay_steps),
                       settings.steps)
    last = {"w": settings.w0, "w_decay": settings.w0, "loss": (settings.w0 + 1) ** 2, "loss_decay": None}
    step, stopped, diverged = 0, False, False
    for (lr, w, loss), (lr_decay, w_decay, loss_decay) in zip(constant, decaying):
        step += 1
        last = {"w": w, "loss": loss, "w_decay": w_decay, "loss_decay": loss_decay}
        yield event(STEP, step=step, steps=settings.steps, lr=lr, lr_decay=lr_decay, **last)
        diverged = _diverged(w)
        if diverged or should_stop():
            stopped = not diverged
            break
        if settings.step_delay:
            time.sleep(settings.step_delay)
    yield event(FINISHED, steps_run=step, **last, diverged=diverged or _growing(settings.w0, last["w"]),
                regime=regime(settings.lr), stopped=stopped)


def _diverged(w: float) -> bool:
    return not math.isfinite(w) or abs(w) > DIVERGED_AT


def _growing(w0: float, w: float) -> bool:
    """Further from the minimum than where it started (a divergence not yet past DIVERGED_AT)."""
    return not math.isfinite(w) or abs(w + 1) > abs(w0 + 1)
