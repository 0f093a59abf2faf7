"""Fine-tuning a digit model to one writer: the personal digits with augmentation, mixed with a replay
sample of MNIST so the model does not forget, at a small learning rate.

A held-out share of the writer's digits measures the gain; the MNIST test set (the shipped sample when
MNIST is not on the machine) measures what was lost. The original bundle is never touched: the result
is a new bundle in the registry, and only a finished fine-tune writes one (a stop leaves nothing).
`run_finetune` works in this process (the CLI); `FinetuneJob` runs it in its own process, as
core.training's TrainingJob does for training, so the window never trains on its GUI thread.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from core.config import DIGIT_SHAPES_AUGMENT, FitConfig
from core.events import FAILED, FINISHED, STARTED, STOPPED, Event, EventCallback
from core.fileio import UserError, first_line
from core.process_job import ProcessJob

MIN_DIGITS = 4                 # fewer leave nothing to learn from once some are held out
DIGIT_SHAPE = (28, 28, 1)
DIGIT_DATASETS = ("mnist", "sample", "emnist-digits")
# Measured on the default model with a simulated writer (20 digits to learn, 2-core CPU): 64 personal
# images per epoch (the writer's digits repeated, each augmented differently) beside twice as many MNIST
# replay images, 6 epochs at Adam 3e-4, reach the writer's held-out digits without moving MNIST.
PERSONAL_PER_EPOCH = 64
REPLAY_RATIO = 2.0
_EXPORT_SUFFIXES = (".onnx", ".pt", ".pth", ".keras", ".h5", ".txt", ".json")


class FinetuneError(UserError):
    pass


@dataclass
class FinetuneSettings:
    model: str | None = None          # bundle name or folder; None: the shipped default
    data: str | None = None           # own-dataset folder or label file; None: the personal dataset
    holdout: float = 0.25             # share of the writer's digits kept out of training, to measure
    epochs: int = 6
    learning_rate: float = 3e-4
    replay_ratio: float = REPLAY_RATIO
    batch_size: int = 32
    device: str = "auto"
    seed: int = 0
    name: str | None = None           # the new bundle's name; default MODEL-personal (made unique)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "FinetuneSettings":
        return cls(**data)


@dataclass
class WriterDigits:
    x_train: np.ndarray
    y_train: np.ndarray
    x_holdout: np.ndarray
    y_holdout: np.ndarray
    source: str
    skipped: int


# --- checks -------------------------------------------------------------------------------------

def finetunable_bundle(name_or_path: str | None):
    """The bundle to start from, or a FinetuneError in plain words when it cannot be fine-tuned."""
    from core.registry import find_bundle

    if name_or_path:
        path = Path(name_or_path).expanduser()
        if path.is_file() or path.suffix.lower() in _EXPORT_SUFFIXES:
            raise FinetuneError(f"{path.name} is an exported model file; fine-tuning needs a model bundle "
                                "(a name from `inkling models` or a bundle folder).")
    bundle = find_bundle(name_or_path)
    if tuple(bundle.input_shape) != DIGIT_SHAPE or int(bundle.spec.get("num_classes", 0)) != 10:
        raise FinetuneError(f"{bundle.name} reads {tuple(bundle.input_shape)} pictures in "
                            f"{bundle.spec.get('num_classes')} classes, not 28×28 digits 0-9; "
                            "only a digit model can be fine-tuned to handwriting.")
    if bundle.dataset.lower() not in DIGIT_DATASETS and not bundle.dataset.lower().startswith("mnist"):
        raise FinetuneError(f"{bundle.name} was trained on {bundle.dataset}, not on digits; "
                            "only a digit model can be fine-tuned to handwriting.")
    return bundle


def writer_digits(data: str | None, holdout: float, seed: int = 0) -> WriterDigits:
    """The writer's digits as network inputs, split into training and held-out parts (stratified)."""
    x, y, source, skipped = _read_writer_digits(data)
    if len(x) < MIN_DIGITS:
        raise FinetuneError(f"There are only {len(x)} digits to learn from; label at least {MIN_DIGITS} "
                            "(20 or more work best).")
    classes = np.unique(y)
    if len(classes) < 2:
        raise FinetuneError(f"All {len(x)} digits are labelled {int(classes[0])}; fine-tuning needs at least "
                            "two different digits, or the model would learn to answer only that one.")
    if holdout <= 0:
        return WriterDigits(x, y, x[:0], y[:0], source, skipped)
    held = max(1, int(round(len(x) * holdout)))
    if held >= len(x):
        raise FinetuneError(f"Holding out {holdout:.0%} of {len(x)} digits leaves none to learn from.")
    held_rows = _stratified_rows(y, held, seed)
    keep = np.ones(len(x), bool)
    keep[held_rows] = False
    x_train, y_train, x_held, y_held = x[keep], y[keep], x[held_rows], y[held_rows]
    return WriterDigits(x_train, y_train, x_held, y_held, source, skipped)


def _stratified_rows(y: np.ndarray, count: int, seed: int) -> np.ndarray:
    """`count` row indices spread evenly over the classes (each class keeps at least one row to learn
    from). Plain numpy: sklearn's train_test_split would add 2.5 s of import to a 10 s budget."""
    rng = np.random.default_rng(seed)
    by_class = [rng.permutation(np.flatnonzero(y == label)) for label in np.unique(y)]
    order = np.concatenate([rows[:max(0, len(rows) - 1)] for rows in by_class])
    # Round-robin over classes: the i-th pick of every class before any class's (i+1)-th.
    rank = np.concatenate([np.arange(max(0, len(rows) - 1)) for rows in by_class])
    order = order[np.argsort(rank + rng.random(len(rank)) * 0.5, kind="stable")]
    if len(order) < count:
        raise FinetuneError(f"Holding out {count} of {len(y)} digits leaves too few of some digit to learn from.")
    return order[:count]


def _read_writer_digits(data: str | None) -> tuple[np.ndarray, np.ndarray, str, int]:
    from core.data.loader import load_dataset
    from core.personal import load_personal

    dataset = load_personal() if data is None else load_dataset(data, allow_download=False)
    x = dataset.x_train if dataset.x_test is None else np.concatenate([dataset.x_train, dataset.x_test])
    y = dataset.y_train if dataset.y_test is None else np.concatenate([dataset.y_train, dataset.y_test])
    if y.max() > 9:
        raise FinetuneError(f"{dataset.source} has labels up to {int(y.max())}; a digit's label is 0 to 9.")
    return as_network_inputs(x), y.astype(np.int64), dataset.source, dataset.skipped


def as_network_inputs(images: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28, 1) white-on-black digits: already prepared 28×28 pictures as they are, any other
    picture (a photo, a scan, dark ink on paper) through core.preprocess as the Draw tab reads it."""
    from core.preprocess import to_mnist

    if images.shape[1:] == DIGIT_SHAPE and _dark_border(images):
        return images
    prepared = [to_mnist(image[..., 0] if image.shape[-1] == 1 else image) for image in images]
    return np.rint(np.stack(prepared) * 255).astype(np.uint8)[..., np.newaxis]


def _dark_border(images: np.ndarray) -> bool:
    border = np.concatenate([images[:, 0], images[:, -1], images[:, :, 0], images[:, :, -1]], axis=1)
    return float(border.mean()) < 20.0


# --- the fine-tune --------------------------------------------------------------------------------

def run_finetune(settings: FinetuneSettings, on_event: EventCallback,
                 should_stop: Callable[[], bool] = lambda: False) -> Event:
    """Fine-tune as set; returns (and sends) the final event: finished, failed or stopped."""
    started = time.perf_counter()
    try:
        final = _finetune(settings, on_event, should_stop, started)
    except UserError as error:
        final = {"event": FAILED, "message": str(error)}
    except (MemoryError, OSError, RuntimeError, ValueError) as error:
        final = {"event": FAILED, "message": f"Fine-tuning stopped with an error: {first_line(error, 300)}. "
                                             "The original model is unchanged."}
    on_event(final)
    return final


def _finetune(settings: FinetuneSettings, on_event: EventCallback, should_stop, started: float) -> Event:
    from core.data.loader import load_dataset
    from core.registry import load_engine

    bundle = finetunable_bundle(settings.model)
    writer = writer_digits(settings.data, settings.holdout, settings.seed)
    mnist = load_dataset("mnist", allow_download=False)
    engine = load_engine(bundle, settings.device)
    before = _measure(engine, writer, mnist)
    train = mixed_training_set(writer, mnist, settings)
    on_event({"event": STARTED, "model": bundle.name, "device": engine.device_name, "data": writer.source,
              "skipped": writer.skipped, "personal": len(writer.x_train), "holdout": len(writer.x_holdout),
              "train_size": len(train[0]), "mnist": mnist.source, "is_sample": mnist.is_sample,
              "epochs": settings.epochs, "before": before})
    val = (writer.x_holdout, writer.y_holdout) if len(writer.x_holdout) else None
    stopped, fit_started = [], time.perf_counter()
    engine.fit(train, val, _fit_config(settings), lambda event: _relay(event, on_event, stopped), should_stop)
    train_seconds = round(time.perf_counter() - fit_started, 3)
    if stopped:
        return {"event": STOPPED, "model": bundle.name,
                "message": f"Fine-tuning was stopped; {bundle.name} is unchanged and still in use."}
    after = _measure(engine, writer, mnist)
    new = _save(engine, bundle, settings, before, after, writer, mnist)
    return {"event": FINISHED, "model": new.name, "bundle": str(new.path), "original": bundle.name,
            "before": before, "after": after, "seconds": round(time.perf_counter() - started, 3),
            "train_seconds": train_seconds,
            "personal": len(writer.x_train), "holdout": len(writer.x_holdout), "is_sample": mnist.is_sample}


def _relay(event: Event, on_event: EventCallback, stopped: list) -> None:
    if event.get("event") == STOPPED:
        stopped.append(event)
        return
    on_event(event)


def mixed_training_set(writer: WriterDigits, mnist, settings: FinetuneSettings) -> tuple[np.ndarray, np.ndarray]:
    """The writer's training digits repeated to PERSONAL_PER_EPOCH (augmentation makes each repeat new),
    beside a random replay sample of MNIST's training digits replay_ratio times as large."""
    rng = np.random.default_rng(settings.seed)
    repeats = max(1, int(np.ceil(PERSONAL_PER_EPOCH / len(writer.x_train))))
    personal_x = np.repeat(writer.x_train, repeats, axis=0)
    personal_y = np.repeat(writer.y_train, repeats)
    count = min(len(mnist.x_train), int(round(len(personal_x) * settings.replay_ratio)))
    picked = rng.choice(len(mnist.x_train), size=count, replace=False)
    x = np.concatenate([personal_x, mnist.x_train[picked]])
    y = np.concatenate([personal_y, mnist.y_train[picked]])
    return x, y


def _fit_config(settings: FinetuneSettings) -> FitConfig:
    return FitConfig(epochs=settings.epochs, batch_size=settings.batch_size, optimizer="adam",
                     learning_rate=settings.learning_rate, augment=DIGIT_SHAPES_AUGMENT, seed=settings.seed)


def _measure(engine, writer: WriterDigits, mnist) -> dict:
    holdout = engine.evaluate(writer.x_holdout, writer.y_holdout)[1] if len(writer.x_holdout) else None
    x_test, y_test = (mnist.x_test, mnist.y_test) if mnist.x_test is not None else (mnist.x_train, mnist.y_train)
    return {"holdout_accuracy": None if holdout is None else round(float(holdout), 6),
            "mnist_accuracy": round(float(engine.evaluate(x_test, y_test)[1]), 6)}


def _save(engine, bundle, settings: FinetuneSettings, before: dict, after: dict, writer: WriterDigits, mnist):
    from core.registry import save_bundle, unique_name
    from core.zoo import ModelSpec

    metrics = {"test_accuracy": after["mnist_accuracy"], "holdout_accuracy": after["holdout_accuracy"]}
    details = {"from": bundle.name, "from_path": str(bundle.path), "data": writer.source,
               "personal": len(writer.x_train), "holdout": len(writer.x_holdout), "mnist": mnist.source,
               "before": before, "after": after, "settings": settings.to_dict()}
    return save_bundle(engine, name=unique_name(settings.name or f"{bundle.name}-personal"),
                       spec=ModelSpec.from_dict(bundle.spec), dataset=bundle.dataset, metrics=metrics,
                       extra={"finetune": details})


# --- the same, in its own process -----------------------------------------------------------------

class FinetuneJob(ProcessJob):
    """`run_finetune` in a separate process (the window's); events arrive through `poll()`."""

    ending_kinds = (FINISHED, FAILED, STOPPED)

    def __init__(self, settings: FinetuneSettings):
        super().__init__(_job_main, "inkling-finetune", settings.to_dict())

    def unexpected_end(self) -> Event:
        return {"event": FAILED, "message": f"The fine-tuning process ended unexpectedly (exit code "
                                            f"{self._process.exitcode}); the original model is unchanged."}


def _job_main(settings: dict, events, stop) -> None:
    run_finetune(FinetuneSettings.from_dict(settings), events.put, stop.is_set)
