"""Training, augmentation and fit configuration: the types, their presets and the choices they allow.

The one owner of these facts. `core.data` (augmentation), `core.engines` (the fit loop), `core.training`,
the CLI and the Train tab all import them from here; this module imports nothing of Inkling's, so it
can sit below all of them without making a cycle. Plain dataclasses that round-trip through JSON
(a run's config.json, a bundle's manifest).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace

ENGINES = ("torch", "keras")
BACKENDS = ("auto", "native", "onnx", "int8")      # where a loaded model predicts (core.inference)
OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam", "adadelta")
SCHEDULES = ("constant", "exponential", "step", "cosine", "onecycle")
DEVICES = ("auto", "cpu", "cuda")
# A fit's loss and the metric reported beside it (and that picks the best epoch): classification by
# cross-entropy with accuracy (higher is better), regression by mean squared error with MAE (lower is better).
LOSSES = {"cross_entropy": "accuracy", "mse": "mae"}


@dataclass
class AugmentConfig:
    """The course's ImageDataGenerator knobs, plus ways digits vary beyond them: stroke width, an even pen,
    a cut between touching digits a little off."""
    rotation_range: float = 0.0      # degrees, uniform in [-r, r]
    width_shift_range: float = 0.0   # fraction of width
    height_shift_range: float = 0.0  # fraction of height
    zoom_range: float = 0.0          # scale uniform in [1-z, 1+z]
    shear_range: float = 0.0         # degrees (slant)
    stroke_range: int = 0            # pixels of random dilation/erosion (0 = off)
    even_pen_share: float = 0.0      # share of digits redrawn along their centre lines with an even pen
    cut_share: float = 0.0           # share of digits cut from a touching pair a little off (see augment)

    @property
    def enabled(self) -> bool:
        return any((self.rotation_range, self.width_shift_range, self.height_shift_range,
                    self.zoom_range, self.shear_range, self.stroke_range, self.even_pen_share,
                    self.cut_share))


# The course's augmentation settings (tf.keras ImageDataGenerator in the MNIST lesson).
COURSE_AUGMENT = AugmentConfig(rotation_range=45, width_shift_range=0.15, height_shift_range=0.15,
                               zoom_range=0.5)

# How handwriting varies in shape after core.preprocess has centred the digit: a little rotation and slant,
# small shifts, size changes, thinner or thicker strokes. The touching network learns from these, and a
# fine-tune to one writer varies the writer's digits by them (more moved MNIST's accuracy in a fine-tune).
DIGIT_SHAPES_AUGMENT = AugmentConfig(rotation_range=12, width_shift_range=0.08, height_shift_range=0.08,
                                     zoom_range=0.12, shear_range=15, stroke_range=1)

# Augmentation tuned to how people really write and draw (the default reader learns from these): the
# shapes above, some digits drawn with an even pen (as on the Draw tab's canvas) and some cut from a
# touching pair a little off.
DIGITS_AUGMENT = replace(DIGIT_SHAPES_AUGMENT, even_pen_share=0.25, cut_share=0.15)


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
    target_accuracy: float | None = None  # stop after the epoch whose val_accuracy reaches it (None = off)
    label_smoothing: float = 0.0     # cross-entropy against (1-s)·one-hot + s/classes
    loss: str = "cross_entropy"      # one of LOSSES: cross_entropy (labels) or mse (numbers to predict)
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
    if config.schedule == "onecycle":
        return _one_cycle(base, config.warmup_epochs, config.epochs, epoch_progress)
    raise ValueError(f"unknown learning-rate schedule {config.schedule!r}")


def _one_cycle(peak: float, rise_epochs: float, epochs: float, epoch_progress: float) -> float:
    """Linear from peak/10 up to peak over rise_epochs, then linear down to peak/1000 at the end
    (Smith's one-cycle, with linear ramps as fast MNIST/CIFAR runs use it)."""
    start, end = peak / 10.0, peak / 1000.0
    if rise_epochs > 0 and epoch_progress < rise_epochs:
        return start + (peak - start) * epoch_progress / rise_epochs
    done = min(max((epoch_progress - rise_epochs) / max(epochs - rise_epochs, 1e-9), 0.0), 1.0)
    return peak + (end - peak) * done


@dataclass
class TrainConfig:
    model: str = "lenet5"
    engine: str = "torch"
    data: str = "mnist"
    fit: FitConfig = field(default_factory=FitConfig)
    limit: int | None = None
    validation_split: float = 0.0    # 0: the dataset's test set validates (as the course does)
    device: str = "auto"
    name: str | None = None          # bundle name; default "<model>-<engine>"
    out: str | None = None           # bundle folder; default: a new folder in the user's models
    resume: bool = False
    run_dir: str | None = None       # the run to resume, or where this run keeps its files
    keep: str = "last"               # the bundle gets the "last" epoch's weights or the "best" one's (val accuracy)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        data = dict(data)
        data["fit"] = FitConfig.from_dict(data.get("fit", {}))
        return cls(**data)


# ---- recipes: named, tuned settings -------------------------------------------------------------

@dataclass(frozen=True)
class Recipe:
    """A named set of settings that was tuned and measured together; the options given beside it win."""
    name: str
    title: str
    description: str
    model: str
    fit: dict                        # FitConfig fields
    validation_split: float = 0.0

    def fit_config(self, **overrides) -> FitConfig:
        return FitConfig(**{**self.fit, **overrides})


# fast, measured on the team's 2-core CPU (validation accuracy on the last 5000 training digits, 2 epochs):
# batch 128 at 0.01 gave 99.36% where batch 256 gave 99.10% for the same CPU time (bigger batches did not
# run faster per image here); three 3×3 stages, or twice the width, cost 30-60% more CPU time for <0.1 point.
# Command to bundle: 21.4 s at load 1.4 (99.14% test), 40-52 s while other jobs held the CPU (load 4-8).
RECIPES = {recipe.name: recipe for recipe in (
    Recipe("fast", "Speedrun (99% in 30 s)",
           "From scratch to 99% MNIST test accuracy in about half a minute on a 2-core laptop CPU: the "
           "small 'speedrun' network, Adam under a one-cycle learning rate, label smoothing, "
           "two passes; 8% of the training set validates (the test set is only for the final score).",
           model="speedrun",
           fit={"epochs": 2, "batch_size": 128, "optimizer": "adam", "learning_rate": 0.01,
                "schedule": "onecycle", "warmup_epochs": 0.5, "label_smoothing": 0.1},
           validation_split=0.08),
)}


def recipe(name: str) -> Recipe:
    if name not in RECIPES:
        raise ValueError(f"unknown recipe {name!r} (use {', '.join(RECIPES)})")
    return RECIPES[name]
