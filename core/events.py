"""The kinds of event a job streams: training runs, labs and benchmarks all speak these.

Events are plain dicts, `{"event": KIND, ...}`, because they cross process boundaries and become JSON
lines on the command line. This module is their one declaration; a consumer handles them through a
table keyed by kind (see `dispatch`), not a chain of if/elif.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

Event = dict[str, Any]
EventCallback = Callable[[Event], None]

# Training (core.training, core.engines.base.run_fit); epoch numbers are 1-based.
STARTED = "started"            # run_dir, device, ... (the job is set up and about to fit)
DOWNLOAD = "download"          # bytes, total (a dataset is being fetched)
BATCH = "batch"                # epoch, batch, batches, loss, accuracy, lr, images_per_second
EPOCH = "epoch"                # epoch, epochs, loss, accuracy, val_loss, val_accuracy, lr, seconds, images_per_second
CHECKPOINT = "checkpoint"      # epoch, path, best
EARLY_STOPPED = "early_stopped"  # epoch, best_epoch, best_val_accuracy
TARGET_REACHED = "target_reached"  # epoch, val_accuracy, target (FitConfig.target_accuracy: training stops)
PAUSED = "paused"
RESUMED = "resumed"
STOPPED = "stopped"            # stop honoured at a batch boundary (checkpoint saved)
FINISHED = "finished"          # the job's results (a lab's results, a run's bundle and test accuracy)
FAILED = "failed"              # message (one plain sentence), checkpoint (where to resume from)

# Labs (core.labs): besides epoch/finished/failed, a lab streams what its plots need.
STEP = "step"                  # one optimisation step of a toy problem (a lab's own fields)
SNAPSHOT = "snapshot"          # a picture of the model's state to draw (weights, boundary, paths...)
LOG = "log"                    # message: a line of text for the user

# Batch jobs (core.batch_read): besides finished, how far they are.
PROGRESS = "progress"          # done, total (items, e.g. pictures read)

ENDINGS = frozenset({FINISHED, FAILED, STOPPED})


def event(kind: str, **fields: Any) -> Event:
    return {"event": kind, **fields}


def dispatch(handlers: Mapping[str, Callable[[Event], None]], item: Event) -> None:
    """Call the handler for the event's kind; kinds without a handler are ignored."""
    handler = handlers.get(item.get("event"))
    if handler is not None:
        handler(item)
