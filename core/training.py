"""A training job: data → model → fit → evaluate → a bundle in the registry.

`run_training` does it in this process (the CLI); `TrainingJob` runs the very same function in a
separate process (the Train tab), streaming events over a queue and obeying pause and stop.
Every run keeps its folder (config.json, log.csv, status.json, checkpoints/; core.runs owns the format).
Under torchrun (core.distributed) every rank runs `run_training`; rank 0 makes the run folder and tells
the others where it is, and only rank 0 reports events, writes the folder and saves the bundle.
"""
from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Callable

from core import distributed
from core.config import TrainConfig
from core.data.batches import batch_count
from core.engines.base import checkpoint_file
from core.engines.factory import create_engine
from core.events import (BATCH, DOWNLOAD, EPOCH, FAILED, FINISHED, PAUSED, RESUMED, STARTED, STOPPED, Event,
                         EventCallback)
from core.fileio import UserError, first_line
from core.process_job import ProcessJob
from core.runs import (LOG_COLUMNS, checkpoints_dir, has_checkpoint, last_unfinished_run, new_run_dir, read_log,
                       write_config, write_log, write_status)


class TrainingError(UserError):
    pass


def run_training(config: TrainConfig, on_event: EventCallback,
                 should_stop: Callable[[], bool] = lambda: False, finish_when_stopped: bool = True) -> Event:
    """Train as configured; returns the final event: "finished", "failed", or "stopped" (only when
    finish_when_stopped is False: a stop then leaves the run resumable instead of saving a bundle).
    Under torchrun only rank 0 calls on_event; the other ranks train silently."""
    here = _join_ranks(config)
    if not here.is_main:
        on_event = _silent
    run_dir = _shared_run_dir(config, here)
    if here.is_main:
        write_config(run_dir, config)
        write_status(run_dir, "running")
    monitor = _RunMonitor(run_dir, on_event, should_stop, writes=here.is_main)
    try:
        final = _train(config, run_dir, monitor, finish_when_stopped)
    except UserError as error:
        final = monitor.failed(str(error))
    except (MemoryError, OSError, RuntimeError, ValueError) as error:
        final = monitor.failed(_describe_crash(error))
    on_event(final)
    distributed.finish()
    return final


def _silent(event: Event) -> None:
    pass


def _join_ranks(config: TrainConfig) -> "distributed.Place":
    here = distributed.place()
    if here.is_distributed and config.engine != "torch":
        raise TrainingError("Only the torch engine trains under torchrun; Keras spreads over the GPUs of "
                            "one machine by itself (run it without torchrun).")
    return distributed.start(config.device)


def _shared_run_dir(config: TrainConfig, here) -> Path:
    """Rank 0 prepares the run folder; every rank gets its path (or rank 0's reason for failing)."""
    run_dir, problem = None, None
    if here.is_main:
        try:
            run_dir = _prepare_run_dir(config)
        except UserError as error:
            problem = str(error)
    run_dir, problem = distributed.from_main((run_dir and str(run_dir), problem))
    if problem:
        raise TrainingError(problem)
    config.run_dir = run_dir
    return Path(run_dir)


def _train(config: TrainConfig, run_dir: Path, monitor: "_RunMonitor", finish_when_stopped: bool) -> Event:
    from core.data import load_dataset
    from core.zoo import get_spec

    dataset = load_dataset(config.data, progress=monitor.download_progress)
    x_train, y_train, x_val, y_val = _split(dataset, config)
    spec = get_spec(config.model, input_shape=tuple(x_train.shape[1:]), num_classes=len(dataset.class_names))
    engine = create_engine(config.engine, spec, config.device, seed=config.fit.seed)
    checkpoints = checkpoints_dir(run_dir)
    start_epoch = _resume_epoch(run_dir) if config.resume else 0
    monitor.emit({
        "event": STARTED, "run_dir": str(run_dir), "device": engine.device_name, **_parallel_settings(config),
        "parameters": engine.parameter_count(), "dataset": dataset.name, "dataset_source": dataset.source,
        "is_sample": dataset.is_sample, "skipped": dataset.skipped, "train_size": len(x_train),
        "val_size": len(x_val), "epochs": config.fit.epochs, "start_epoch": start_epoch,
        "batches_per_epoch": batch_count(len(x_train), config.fit.batch_size)})
    engine.fit((x_train, y_train), (x_val, y_val), config.fit, monitor.relay, monitor.should_stop,
               checkpoint_dir=checkpoints, resume=config.resume)
    if monitor.nan_message:
        return monitor.failed(monitor.nan_message, checkpoints)
    if monitor.stopped and not finish_when_stopped:
        return {"event": STOPPED, "run_dir": str(run_dir), "checkpoint": str(checkpoints)}
    best = checkpoint_file(checkpoints, "best", engine.name)
    if config.keep == "best" and best.is_file():
        engine.load_weights(best)
    x_test, y_test = (dataset.x_test, dataset.y_test) if dataset.x_test is not None else (x_val, y_val)
    test_loss, test_accuracy = engine.evaluate(x_test, y_test)
    if not distributed.is_main():
        return {"event": FINISHED, "model": None, "bundle": None, "test_accuracy": round(float(test_accuracy), 6),
                "test_loss": round(float(test_loss), 6), "stopped_early": monitor.stopped, "run_dir": str(run_dir)}
    bundle = _save_bundle(config, engine, spec, dataset, monitor, test_loss, test_accuracy)
    write_status(run_dir, "finished", bundle=str(bundle.path), stopped=monitor.stopped)
    return {"event": FINISHED, "model": bundle.name, "bundle": str(bundle.path),
            "test_accuracy": round(float(test_accuracy), 6), "test_loss": round(float(test_loss), 6),
            "stopped_early": monitor.stopped, "run_dir": str(run_dir)}


def _parallel_settings(config: TrainConfig) -> dict:
    """How the batch is spread: the global batch, the processes (torchrun ranks) and each one's share;
    the learning rate belongs to the global batch, so it is the same as for one process."""
    world = distributed.place().world_size
    return {"processes": world, "global_batch": config.fit.batch_size,
            "batch_per_process": config.fit.batch_size // world, "learning_rate": config.fit.learning_rate}


def _save_bundle(config, engine, spec, dataset, monitor, test_loss, test_accuracy):
    from core.registry import save_bundle

    last = monitor.last_epoch or {}
    metrics = {"test_accuracy": round(float(test_accuracy), 6), "test_loss": round(float(test_loss), 6),
               "epochs": last.get("epoch"), "val_accuracy": last.get("val_accuracy"),
               "images_per_second": last.get("images_per_second")}
    return save_bundle(engine, name=config.name or f"{config.model}-{config.engine}", spec=spec,
                       dataset=dataset.name, metrics=metrics, out_dir=config.out,
                       extra={"training": config.to_dict()})


def _split(dataset, config: TrainConfig):
    x, y = dataset.x_train, dataset.y_train
    if config.limit:
        x, y = x[:config.limit], y[:config.limit]
    split = config.validation_split or (0.0 if dataset.x_test is not None else 0.1)
    if split > 0:
        cut = max(1, int(len(x) * (1 - split)))
        return x[:cut], y[:cut], x[cut:], y[cut:]
    return x, y, dataset.x_test, dataset.y_test


def _prepare_run_dir(config: TrainConfig) -> Path:
    if config.run_dir:
        run_dir = Path(config.run_dir)
        if config.resume and not checkpoints_dir(run_dir).is_dir():
            raise TrainingError(f"{run_dir} has no checkpoints to resume from.")
        run_dir.mkdir(parents=True, exist_ok=True)
        return run_dir
    if config.resume:
        previous = last_unfinished_run(config.model, config.engine)
        if previous is None:
            raise TrainingError(f"There is no stopped {config.model} ({config.engine}) run to resume; "
                                "train without --resume first.")
        config.run_dir = str(previous)
        return previous
    run_dir = new_run_dir(config)
    config.run_dir = str(run_dir)
    return run_dir


def _resume_epoch(run_dir: Path) -> int:
    rows = read_log(run_dir)
    return int(rows[-1]["epoch"]) if rows else 0


class _RunMonitor:
    """Sits between the engine and the caller: keeps log.csv, watches for NaN, relays events."""

    def __init__(self, run_dir: Path, on_event: EventCallback, should_stop: Callable[[], bool], writes: bool = True):
        self.run_dir = run_dir
        self.writes = writes          # False on torchrun ranks other than 0: rank 0 keeps the folder
        self.emit = on_event
        self._should_stop = should_stop
        self.rows = read_log(run_dir)
        self.last_epoch: dict | None = self.rows[-1] if self.rows else None
        self.nan_message: str | None = None
        self.stopped = False
        self._last_progress = 0.0

    def should_stop(self) -> bool:
        return self.nan_message is not None or self._should_stop()

    def relay(self, event: Event) -> None:
        kind = event.get("event")
        if kind in (BATCH, EPOCH) and not math.isfinite(float(event.get("loss", 0.0))):
            self.nan_message = (f"The loss became NaN in epoch {event.get('epoch')}: training diverged. "
                                "Try a smaller learning rate (or another optimizer); the last good "
                                "checkpoint is kept.")
            return
        if kind == EPOCH:
            self._log_epoch(event)
        elif kind == STOPPED:
            self.stopped = True
            if self.writes:
                write_status(self.run_dir, "stopped", epoch=event.get("epoch"), batch=event.get("batch"))
        self.emit(event)

    def _log_epoch(self, event: Event) -> None:
        row = {column: event.get(column) for column in LOG_COLUMNS}
        self.rows = [r for r in self.rows if int(r["epoch"]) < int(row["epoch"])] + [row]
        self.last_epoch = row
        if self.writes:
            write_log(self.run_dir, self.rows)

    def download_progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_progress > 0.2 or done == total:
            self._last_progress = now
            self.emit({"event": DOWNLOAD, "bytes": done, "total": total})

    def failed(self, message: str, checkpoints: Path | None = None) -> Event:
        checkpoint = checkpoints if checkpoints and has_checkpoint(self.run_dir) else None
        if self.writes:
            write_status(self.run_dir, "failed", message=message)
        return {"event": FAILED, "message": message, "checkpoint": str(checkpoint) if checkpoint else None,
                "run_dir": str(self.run_dir)}


def _describe_crash(error: BaseException) -> str:
    if isinstance(error, MemoryError):
        return "Training ran out of memory; try a smaller batch size or a smaller model."
    if isinstance(error, OSError) and getattr(error, "errno", None) == 28:
        return "The disk is full; free some space and resume from the last checkpoint."
    return f"Training stopped with an error: {first_line(error, 300)}. The last checkpoint is kept; you can resume."


# --- the same, in its own process -------------------------------------------------------------

class TrainingJob(ProcessJob):
    """`run_training` in a separate process; events arrive through `poll()`; it can pause and resume."""

    def __init__(self, config: TrainConfig):
        self.config = TrainConfig.from_dict(config.to_dict())
        if not self.config.run_dir:
            self.config.run_dir = str(new_run_dir(self.config) if not self.config.resume
                                      else _prepare_run_dir(self.config))
        self.run_dir = Path(self.config.run_dir)
        super().__init__(_job_main, "inkling-training", self.config.to_dict(), pausable=True)

    def unexpected_end(self) -> Event:
        checkpoints = checkpoints_dir(self.run_dir)
        resumable = has_checkpoint(self.run_dir)
        message = (f"The training process ended unexpectedly (exit code {self._process.exitcode}). "
                   + ("Its last checkpoint is intact: resume to continue." if resumable
                      else "No checkpoint was written yet."))
        write_status(self.run_dir, "failed", message=message)
        return {"event": FAILED, "message": message, "run_dir": str(self.run_dir),
                "checkpoint": str(checkpoints) if resumable else None}

    def pause(self) -> None:
        self._pause.set()

    def resume(self) -> None:
        self._pause.clear()


def _job_main(config_dict: dict, events, stop, pause) -> None:
    config = TrainConfig.from_dict(config_dict)

    def should_stop() -> bool:
        if pause.is_set() and not stop.is_set():
            events.put({"event": PAUSED})
            while pause.is_set() and not stop.is_set():
                time.sleep(0.05)
            events.put({"event": RESUMED})
        return stop.is_set()

    run_training(config, events.put, should_stop)
