"""The one protocol every engine (PyTorch, TensorFlow/Keras) implements, and what they share.

Framework-free: importing this module imports neither torch nor TensorFlow.
Arrays crossing the protocol are numpy: images uint8 or float32 in NHWC (N, H, W, C), values
0..255 (uint8) or 0..1 (float32); labels int64 (N,). Probabilities float32 (N, classes).
A sequence network reads float32 (N, timesteps[, features]) as it is. FitConfig.loss "mse" makes a
fit a regression: targets float32 (N,) or (N, outputs), "mae" where a classifier reports "accuracy".
"""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Protocol

import numpy as np

from core.config import DEVICES, LOSSES, FitConfig, learning_rate_at
from core.data.batches import EpochBatches, as_nhwc, batch_count
from core.events import (BATCH, CHECKPOINT, EARLY_STOPPED, EPOCH, FINISHED, STOPPED, TARGET_REACHED, Event,
                         EventCallback)
from core.fileio import UserError

# Events are plain dicts declared in core.events. Those the fit loop emits:
#   batch       epoch, batch, batches, loss, accuracy, lr, images_per_second
#   epoch       epoch, epochs, loss, accuracy, val_loss, val_accuracy, lr, seconds, images_per_second
#   checkpoint  epoch, path, best (bool)
#   stopped     epoch, batch         stop requested, honoured at a batch boundary
#   early_stopped  epoch, best_epoch, best_val_accuracy   patience ran out
# Epoch numbers are 1-based; "epoch" in a batch event is the epoch in progress. A regression fit
# (FitConfig.loss "mse") reports mae, val_mae and best_val_mae where a classifier has the accuracies.


@dataclass
class LayerSummary:
    name: str
    kind: str
    output_shape: tuple
    parameters: int


class Engine(Protocol):
    """One framework's build of one zoo spec. Construct with `core.engines.factory.create_engine`."""
    name: str            # "torch" or "keras"
    device_name: str     # "CPU" or "CUDA: <GPU name>"
    loss: str            # FitConfig.loss of the last fit: "mse" makes evaluate give (MSE, MAE) and predict the outputs

    def parameter_count(self) -> int: ...
    def summary(self) -> list[LayerSummary]: ...

    def fit(self, train: tuple[np.ndarray, np.ndarray], val: tuple[np.ndarray, np.ndarray] | None,
            config: FitConfig, on_event: EventCallback, should_stop: Callable[[], bool] = lambda: False,
            checkpoint_dir: Path | None = None, resume: bool = False) -> list[Event]:
        """Train; returns the epoch events. Checkpoints (last, and best by val_accuracy or a regression's val_mae) go to
        checkpoint_dir after every epoch, written atomically; resume=True continues exactly from the
        last checkpoint there (epoch, weights, optimizer state). should_stop is polled between batches;
        when it returns True the engine checkpoints and returns after emitting a "stopped" event."""
        ...

    def evaluate(self, x: np.ndarray, y: np.ndarray, batch_size: int = 256) -> tuple[float, float]: ...
    def predict(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray: ...
    def save_weights(self, path: Path) -> None: ...
    def load_weights(self, path: Path) -> None: ...
    def weight_arrays(self) -> list[tuple[str, np.ndarray]]: ...


def check_device(requested: str) -> None:
    """Refuse a device name other than auto, cpu or cuda (before any framework is asked)."""
    if requested not in DEVICES:
        raise ValueError(f"unknown device {requested!r} (use auto, cpu or cuda)")


class ModelError(UserError):
    """A model or weights file that cannot be used (wrong architecture, corrupt, unsafe)."""


# ---- what both engines share while fitting ----------------------------------------------------

CHECKPOINT_SUFFIXES = {"torch": ".pt", "keras": ".npz"}
# Batch events: about ten a second, and at least BATCH_EVENTS_PER_EPOCH per epoch so that a fast epoch
# still draws a curve (each costs one device sync and one small dict: negligible either way).
BATCH_EVENT_INTERVAL_S = 0.1
BATCH_EVENTS_PER_EPOCH = 20


def checkpoint_file(checkpoint_dir: Path, which: str, engine: str) -> Path:
    """checkpoint_dir/last.pt, best.pt (torch) or last.npz, best.npz (keras)."""
    return Path(checkpoint_dir) / f"{which}{CHECKPOINT_SUFFIXES[engine]}"


def epoch_rng(seed: int, epoch: int) -> np.random.Generator:
    """The generator of one epoch's shuffle and augmentation: the same for a resumed epoch."""
    return np.random.default_rng([seed, epoch])


def check_inputs(x: np.ndarray, input_shape: tuple, architecture: str) -> np.ndarray:
    """Images for predict/evaluate as NHWC; (N, H, W) is accepted for one-channel networks."""
    x = np.asarray(x)
    if len(input_shape) < 3:   # a sequence network: (N, timesteps[, features])
        if x.ndim != len(input_shape) + 1 or tuple(x.shape[1:]) != tuple(input_shape):
            raise ModelError(f"The {architecture} network reads sequences of shape {tuple(input_shape)}, "
                             f"not arrays of shape {tuple(x.shape[1:])}.")
        return x.astype(np.float32, copy=False)
    if x.ndim == 3 and input_shape[2] == 1:
        x = x[..., np.newaxis]
    if x.ndim != 4 or tuple(x.shape[1:]) != tuple(input_shape):
        height, width, channels = input_shape
        raise ModelError(f"The {architecture} network reads {height}×{width} images with {channels} "
                         f"channel(s), not arrays of shape {tuple(x.shape[1:])}.")
    if x.dtype != np.uint8 and x.dtype != np.float32:
        x = x.astype(np.float32)
    return x


@dataclass
class FitState:
    """Where a training run stands; stored in every checkpoint (JSON-able)."""
    epochs_done: int = 0
    batches_done: int = 0        # batches of epoch epochs_done + 1 trained before a stop
    batch_size: int = 0          # the batch size those batches had
    loss_sum: float = 0.0        # sums over those batches, so the resumed epoch reports the whole epoch
    correct: float = 0           # correct answers (a regression: summed absolute errors)
    train_seconds: float = 0.0
    best_val_accuracy: float | None = None   # the best epoch's val metric (a regression: its MAE)
    best_epoch: int = 0
    epochs_without_improvement: int = 0
    history: list = field(default_factory=list)   # the epoch events so far

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "FitState":
        return cls(**data)


class FitRun:
    """Bookkeeping both engines share during fit: batch/epoch events, learning rates, the best
    epoch, early stopping, and the state a checkpoint keeps. The engine owns the framework work."""

    def __init__(self, config: FitConfig, on_event: EventCallback, train_size: int, state: FitState):
        if train_size == 0:
            raise UserError("There are no training images to learn from.")
        if state.batches_done and state.batch_size != config.batch_size:
            # Stopped mid-epoch with another batch size: that epoch starts over (the weights are kept).
            state.batches_done, state.loss_sum, state.correct, state.train_seconds = 0, 0.0, 0, 0.0
        self.config = config
        self.metric = LOSSES[config.loss]          # accuracy, or mae for a regression
        self.on_event = on_event
        self.train_size = train_size
        self.batches = batch_count(train_size, config.batch_size)
        self.state = state
        self.start_batch = 0
        self._epoch_start = 0.0
        self._last_batch_event = 0.0
        self._last_reported_batch = -1
        self._report_every = max(1, self.batches // BATCH_EVENTS_PER_EPOCH)

    def epochs_to_run(self) -> range:
        return range(self.state.epochs_done + 1, self.config.epochs + 1)

    def begin_epoch(self, epoch: int) -> int:
        """Start timing `epoch`; returns the first batch to train (after a stop mid-epoch, where it was)."""
        self.start_batch = self.state.batches_done
        if not self.start_batch:
            self.state.loss_sum, self.state.correct, self.state.train_seconds = 0.0, 0, 0.0
        self._epoch_start = self._last_batch_event = time.perf_counter()
        self._last_reported_batch = self.start_batch - 1
        return self.start_batch

    def learning_rate(self, epoch: int, batch: int) -> float:
        """The schedule's rate for a batch (updated every batch, the same in both engines)."""
        return learning_rate_at(self.config, epoch - 1 + batch / self.batches)

    def images_through(self, batch: int) -> int:
        """Images in batches 0..batch of an epoch."""
        return min((batch + 1) * self.config.batch_size, self.train_size)

    def batch_due(self, batch: int) -> bool:
        return (batch == self.batches - 1 or batch - self._last_reported_batch >= self._report_every
                or time.perf_counter() - self._last_batch_event >= BATCH_EVENT_INTERVAL_S)

    def report_batch(self, epoch: int, batch: int, loss_sum: float, correct: int) -> None:
        """loss_sum and correct: totals over this session's batches of the epoch (start_batch..batch)."""
        now = time.perf_counter()
        self._last_batch_event = now
        self._last_reported_batch = batch
        seen = self.images_through(batch)
        session_images = seen - self.start_batch * self.config.batch_size
        self.on_event({
            "event": BATCH, "epoch": epoch, "batch": batch + 1, "batches": self.batches,
            "loss": (self.state.loss_sum + loss_sum) / seen, self.metric: (self.state.correct + correct) / seen,
            "lr": self.learning_rate(epoch, batch),
            "images_per_second": session_images / max(now - self._epoch_start, 1e-9)})

    def stop(self, epoch: int, batch: int, loss_sum: float, correct: int) -> Event:
        """A stop before `batch`: the state now describes the partial epoch (for the checkpoint)."""
        self.state.epochs_done = epoch - 1
        self.state.batches_done = batch
        self.state.batch_size = self.config.batch_size
        self.state.loss_sum += loss_sum
        self.state.correct += correct
        self.state.train_seconds += time.perf_counter() - self._epoch_start
        return {"event": STOPPED, "epoch": epoch, "batch": batch}

    def train_seconds(self) -> float:
        return self.state.train_seconds + time.perf_counter() - self._epoch_start

    def end_epoch(self, epoch: int, loss_sum: float, correct: int, train_seconds: float,
                  val_metrics: tuple[float, float] | None) -> tuple[Event, bool, bool]:
        """Emit the epoch event; returns it, whether it is the best so far, and whether to stop early."""
        val_loss, val_metric = val_metrics if val_metrics else (None, None)
        event = {
            "event": EPOCH, "epoch": epoch, "epochs": self.config.epochs,
            "loss": (self.state.loss_sum + loss_sum) / self.train_size,
            self.metric: (self.state.correct + correct) / self.train_size,
            "val_loss": None if val_loss is None else float(val_loss),
            "val_" + self.metric: None if val_metric is None else float(val_metric),
            "lr": self.learning_rate(epoch, self.batches - 1),
            "seconds": self.state.train_seconds + time.perf_counter() - self._epoch_start,
            "images_per_second": self.train_size / max(train_seconds, 1e-9)}
        state = self.state
        state.epochs_done, state.batches_done = epoch, 0
        state.loss_sum, state.correct, state.train_seconds = 0.0, 0, 0.0
        state.history.append(event)
        metric = event["val_" + self.metric] if val_metric is not None else event[self.metric]
        improved = state.best_val_accuracy is None or self._better(metric, state.best_val_accuracy)
        if improved:
            state.best_val_accuracy, state.best_epoch, state.epochs_without_improvement = metric, epoch, 0
        else:
            state.epochs_without_improvement += 1
        self.on_event(event)
        patience = self.config.early_stopping_patience
        stop_early = bool(patience) and val_metrics is not None and state.epochs_without_improvement >= patience
        return event, improved, stop_early

    def _better(self, value: float, best: float) -> bool:
        return value < best if self.metric == "mae" else value > best

    def reached_target(self, event: Event) -> bool:
        """True (and says so in an event) when the epoch's val_accuracy reached config.target_accuracy."""
        target, reached = self.config.target_accuracy, event.get("val_accuracy")
        if target is None or reached is None or reached < target:
            return False
        self.on_event({"event": TARGET_REACHED, "epoch": event["epoch"], "val_accuracy": reached, "target": target})
        return True

    def early_stopped(self, epoch: int) -> None:
        self.on_event({"event": EARLY_STOPPED, "epoch": epoch, "best_epoch": self.state.best_epoch,
                       "best_val_" + self.metric: self.state.best_val_accuracy})

    def write_checkpoints(self, epoch: int, improved: bool, checkpoint_dir: Path | None, engine: str,
                          save: Callable[[Path], bool]) -> None:
        """After an epoch: "last" always, "best" when it improved. `save(path)` returns False when it
        refused to write (weights that are no longer finite must not replace a good checkpoint)."""
        if checkpoint_dir is None:
            return
        for which in ("last", "best") if improved else ("last",):
            path = checkpoint_file(checkpoint_dir, which, engine)
            if save(path):
                self.on_event({"event": CHECKPOINT, "epoch": epoch, "path": str(path), "best": which == "best"})


def run_fit(engine, train, val, config: FitConfig, on_event: EventCallback, should_stop: Callable[[], bool],
            checkpoint_dir: Path | None, resume: bool, *, seed: Callable[[int], None],
            train_epoch: Callable, load_checkpoint: Callable[[Path], "FitState"],
            save_checkpoint: Callable[[Path, "FitState"], object]) -> list[Event]:
    """The epoch loop both engines share: resume from the last checkpoint (or seed a fresh start), then
    per epoch train → validate → checkpoint → early stop. Returns the history of epoch events.
    train_epoch(run, epoch, x, y, should_stop, last) gives (loss sum, correct), or None after a stop."""
    if config.loss not in LOSSES:
        raise ValueError(f"unknown loss {config.loss!r} (use {', '.join(LOSSES)})")
    x = np.asarray(train[0]) if engine.spec.is_sequence else as_nhwc(train[0])
    y = np.asarray(train[1], dtype=np.float32 if config.loss == "mse" else np.int64)
    if tuple(x.shape[1:]) != tuple(engine.spec.input_shape):
        check_inputs(x[:0], engine.spec.input_shape, engine.spec.name)
    state = FitState()
    last = checkpoint_file(checkpoint_dir, "last", engine.name) if checkpoint_dir else None
    if resume and last is not None and last.exists():
        state = load_checkpoint(last)
    else:
        seed(config.seed)
    run = FitRun(config, on_event, len(x), state)
    for epoch in run.epochs_to_run():
        sums = train_epoch(run, epoch, x, y, should_stop, last)
        if sums is None:
            break
        train_seconds = run.train_seconds()
        has_val = val is not None and val[0] is not None and len(val[0])
        val_metrics = engine.evaluate(*val) if has_val else None
        event, improved, stop_early = run.end_epoch(epoch, *sums, train_seconds, val_metrics)
        run.write_checkpoints(epoch, improved, checkpoint_dir, engine.name,
                              lambda path: save_checkpoint(path, state))
        if run.reached_target(event):
            break
        if stop_early:
            run.early_stopped(epoch)
            break
    return state.history


# ---- sequences, and a fit a lab can stream ------------------------------------------------------

class SequenceBatches:
    """One epoch of a sequence network's batches in random access, drawn like EpochBatches (the
    permutation first from the epoch's generator) but kept as they are: float32 (N, timesteps[,
    features]) inputs, int64 labels or float32 targets, no scaling and no augmentation."""

    def __init__(self, x: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool, rng: np.random.Generator):
        self.x, self.y = np.asarray(x, dtype=np.float32), np.asarray(y)
        self.batch_size = int(batch_size)
        self.order = rng.permutation(len(self.x)) if shuffle else np.arange(len(self.x))

    def __len__(self) -> int:
        return batch_count(len(self.x), self.batch_size)

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        if not 0 <= index < len(self):
            raise IndexError(index)
        picked = self.order[index * self.batch_size:(index + 1) * self.batch_size]
        return self.x[picked], self.y[picked]


def training_batches(spec, x: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool,
                     rng: np.random.Generator, augment=None):
    """An epoch's batches for this network: images through EpochBatches (scaled, maybe augmented),
    sequences through SequenceBatches."""
    if spec.is_sequence:
        return SequenceBatches(x, y, batch_size, shuffle=shuffle, rng=rng)
    return EpochBatches(x, y, batch_size, shuffle=shuffle, rng=rng, augment=augment)


_FIT_DONE = object()


def fit_events(engine, train, val, config: FitConfig, should_stop: Callable[[], bool] = lambda: False,
               checkpoint_dir: Path | None = None, resume: bool = False,
               prepare: Callable[[Event], dict] | None = None) -> Iterator[Event]:
    """engine.fit as a generator of its events, for a lab that yields them as they come: the fit runs on
    a worker thread and its events come through a queue, as copies (the fit keeps its own in its history).
    prepare(event) runs on that thread while the fit waits (to predict with that epoch's weights, say)
    and returns fields to add to the copy passed on. Closing the
    generator early stops the fit at the next batch (checkpointed: it can be resumed) and waits for it;
    an error of the fit is raised here. The last event is FINISHED with the fit's `history` (its epoch
    events, those before a resume too)."""
    events: queue.Queue = queue.Queue()
    closed = threading.Event()
    failure: list[BaseException] = []
    history: list[Event] = []

    def passed_on(item: Event) -> None:
        events.put({**item, **(prepare(item) if prepare is not None else {})})

    def work() -> None:
        try:
            history.extend(engine.fit(train, val, config, passed_on, lambda: closed.is_set() or should_stop(),
                                      checkpoint_dir, resume))
        except BaseException as error:   # handed to the caller's thread, raised there
            failure.append(error)
        finally:
            events.put(_FIT_DONE)

    worker = threading.Thread(target=work, name=f"fit-{engine.name}", daemon=True)
    worker.start()
    try:
        while (item := events.get()) is not _FIT_DONE:
            yield item
    finally:
        closed.set()
        worker.join()
    if failure:
        raise failure[0]
    yield {"event": FINISHED, "history": history}
