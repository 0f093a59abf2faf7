"""The one protocol every engine (PyTorch, TensorFlow/Keras) implements, and what they share.

Framework-free: importing this module imports neither torch nor TensorFlow.
Arrays crossing the protocol are numpy: images uint8 or float32 in NHWC (N, H, W, C), values
0..255 (uint8) or 0..1 (float32); labels int64 (N,). Probabilities float32 (N, classes).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

import numpy as np

from core.fileio import UserError

ENGINES = ("torch", "keras")
OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam", "adadelta")
SCHEDULES = ("constant", "exponential", "step", "cosine")

# Events are plain dicts (they cross process boundaries and become JSON lines). Kinds:
#   {"event": "batch", "epoch", "batch", "batches", "loss", "accuracy", "lr", "images_per_second"}
#   {"event": "epoch", "epoch", "epochs", "loss", "accuracy", "val_loss", "val_accuracy", "lr",
#    "seconds", "images_per_second"}
#   {"event": "checkpoint", "epoch", "path", "best": bool}
#   {"event": "stopped", "epoch", "batch"}          stop requested, honoured at a batch boundary
# Epoch numbers are 1-based; "epoch" in a batch event is the epoch in progress.
Event = dict[str, Any]
EventCallback = Callable[[Event], None]


@dataclass
class AugmentConfig:
    """The course's ImageDataGenerator knobs, plus stroke-width change for digits."""
    rotation_range: float = 0.0      # degrees, uniform in [-r, r]
    width_shift_range: float = 0.0   # fraction of width
    height_shift_range: float = 0.0  # fraction of height
    zoom_range: float = 0.0          # scale uniform in [1-z, 1+z]
    shear_range: float = 0.0         # degrees (slant)
    stroke_range: int = 0            # pixels of random dilation/erosion (0 = off)

    @property
    def enabled(self) -> bool:
        return any((self.rotation_range, self.width_shift_range, self.height_shift_range,
                    self.zoom_range, self.shear_range, self.stroke_range))


# The course's augmentation settings (tf.keras ImageDataGenerator in the MNIST lesson).
COURSE_AUGMENT = AugmentConfig(rotation_range=45, width_shift_range=0.15, height_shift_range=0.15,
                               zoom_range=0.5)


@dataclass
class FitConfig:
    epochs: int = 5
    batch_size: int = 32
    optimizer: str = "adam"          # one of OPTIMIZERS
    learning_rate: float = 0.001
    momentum: float = 0.9            # used by "momentum" (and rmsprop's rho stays default)
    schedule: str = "constant"       # one of SCHEDULES
    decay_rate: float = 0.99         # exponential: lr * decay_rate ** (epoch / decay_epochs)
    decay_epochs: float = 1.0        # exponential and step: epochs per decay
    step_factor: float = 0.1         # step: lr * step_factor ** floor(epoch / decay_epochs)
    warmup_epochs: float = 0.0       # cosine: linear warm-up before the cosine decay
    l2: float = 0.0                  # weight decay as an L2 penalty on kernels
    early_stopping_patience: int = 0  # 0 = off; epochs without val_accuracy improvement
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    seed: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "FitConfig":
        data = dict(data)
        data["augment"] = AugmentConfig(**data.get("augment", {}))
        return cls(**data)


def learning_rate_at(config: FitConfig, epoch_progress: float) -> float:
    """Learning rate at a point of training; epoch_progress counts epochs done, fractional (0 = start)."""
    base = config.learning_rate
    if config.schedule == "constant":
        return base
    if config.schedule == "exponential":
        return base * config.decay_rate ** (epoch_progress / max(config.decay_epochs, 1e-9))
    if config.schedule == "step":
        return base * config.step_factor ** math.floor(epoch_progress / max(config.decay_epochs, 1e-9))
    if config.schedule == "cosine":
        warmup = config.warmup_epochs
        if warmup > 0 and epoch_progress < warmup:
            return base * (epoch_progress + 1e-3) / warmup
        span = max(config.epochs - warmup, 1e-9)
        done = min(max((epoch_progress - warmup) / span, 0.0), 1.0)
        return base * 0.5 * (1.0 + math.cos(math.pi * done))
    raise ValueError(f"unknown learning-rate schedule {config.schedule!r}")


@dataclass
class LayerSummary:
    name: str
    kind: str
    output_shape: tuple
    parameters: int


class Engine(Protocol):
    """One framework's build of one zoo spec. Construct with `create_engine`."""
    name: str            # "torch" or "keras"
    device_name: str     # "CPU" or "CUDA: <GPU name>"

    def parameter_count(self) -> int: ...
    def summary(self) -> list[LayerSummary]: ...

    def fit(self, train: tuple[np.ndarray, np.ndarray], val: tuple[np.ndarray, np.ndarray] | None,
            config: FitConfig, on_event: EventCallback, should_stop: Callable[[], bool] = lambda: False,
            checkpoint_dir: Path | None = None, resume: bool = False) -> list[Event]:
        """Train; returns the epoch events. Checkpoints (last and best by val_accuracy) go to
        checkpoint_dir after every epoch, written atomically; resume=True continues exactly from the
        last checkpoint there (epoch, weights, optimizer state). should_stop is polled between batches;
        when it returns True the engine checkpoints and returns after emitting a "stopped" event."""
        ...

    def evaluate(self, x: np.ndarray, y: np.ndarray, batch_size: int = 256) -> tuple[float, float]: ...
    def predict(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray: ...
    def save_weights(self, path: Path) -> None: ...
    def load_weights(self, path: Path) -> None: ...
    def weight_arrays(self) -> list[tuple[str, np.ndarray]]: ...


WEIGHTS_FILENAMES = {"torch": "weights.pt", "keras": "weights.weights.h5"}


def resolve_device(requested: str = "auto") -> str:
    """'auto' | 'cpu' | 'cuda' → 'cpu' or 'cuda' (framework-free: asks torch only if it is loaded)."""
    if requested not in ("auto", "cpu", "cuda"):
        raise ValueError(f"unknown device {requested!r} (use auto, cpu or cuda)")
    return requested


def create_engine(engine: str, spec, device: str = "auto") -> Engine:
    """Build `spec` (a core.zoo.ModelSpec) in the named framework on the device."""
    if engine == "torch":
        from core.engines.torch_engine import TorchEngine
        return TorchEngine(spec, device)
    if engine == "keras":
        from core.engines.keras_engine import KerasEngine
        return KerasEngine(spec, device)
    raise ValueError(f"unknown engine {engine!r} (use torch or keras)")


class ModelError(UserError):
    """A model or weights file that cannot be used (wrong architecture, corrupt, unsafe)."""
