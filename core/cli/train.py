"""`train`: the course's six steps from the command line, saving a bundle at the end.

`--recipe NAME` starts from a named, tuned set of settings (core.config.RECIPES); an option given
beside it wins. Runs unchanged under torchrun (data parallel, core.distributed): every rank trains,
only rank 0 prints and saves.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from core import distributed
from core.cli.arguments import (fraction_below_one, non_negative_float, non_negative_int, positive_float,
                                positive_int, probability)
from core.cli.output import emit, say
from core.config import COURSE_AUGMENT, ENGINES, OPTIMIZERS, RECIPES, SCHEDULES, AugmentConfig, FitConfig
from core.fileio import UserError

AUGMENT_PRESETS = {"course": COURSE_AUGMENT}
EPOCH_KEYS = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds", "images_per_second")
# Options a recipe sets; without a recipe these are their defaults.
PLAIN_DEFAULTS = {"model": "lenet5", "epochs": 5, "batch_size": 32, "optimizer": "adam", "schedule": "constant",
                  "warmup": 0.0, "val_split": 0.0, "label_smoothing": 0.0}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from core.config import DIGITS_AUGMENT

    AUGMENT_PRESETS["digits"] = DIGITS_AUGMENT
    parser.add_argument("--recipe", choices=sorted(RECIPES), default=None,
                        help="start from a named, tuned set of settings (fast: 99%% on MNIST in about 30 s "
                             "on a laptop CPU); options given beside it win")
    parser.add_argument("--model", default=None, metavar="NAME",
                        help="zoo architecture: mlp, baseline, lenet5, alexnet8, vgg16, inception10, resnet18, "
                             "separable, inkling, speedrun (default: lenet5, or the recipe's)")
    parser.add_argument("--engine", choices=ENGINES, default="torch", help="framework")
    parser.add_argument("--data", default="mnist", metavar="mnist|fashion-mnist|cifar10|sample|FILE|DIR",
                        help="dataset name, a .npz / IDX file, an image folder with a label file, "
                             "or one folder per class")
    parser.add_argument("--epochs", type=positive_int, default=None, metavar="N",
                        help="passes over the training data (default: 5, or the recipe's)")
    parser.add_argument("--batch-size", type=positive_int, default=None, metavar="N",
                        help="images per step; under torchrun the global batch, split across the processes "
                             "(default: 32, or the recipe's)")
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default=None,
                        help="how the weights are updated (default: adam, or the recipe's)")
    parser.add_argument("--lr", type=positive_float, default=None, metavar="RATE",
                        help="learning rate (default: 0.001, or 0.1 for sgd/adagrad, 0.01 for momentum, "
                             "1.0 for adadelta; or the recipe's)")
    parser.add_argument("--schedule", choices=SCHEDULES, default=None,
                        help="learning-rate schedule (default: constant, or the recipe's)")
    parser.add_argument("--warmup", type=non_negative_float, default=None, metavar="EPOCHS",
                        help="cosine and onecycle schedules: epochs of linear warm-up (default: 0, or the recipe's)")
    parser.add_argument("--label-smoothing", type=fraction_below_one, default=None, metavar="S",
                        help="learn from (1-S)·one-hot + S/classes targets (default: 0, or the recipe's)")
    parser.add_argument("--target-accuracy", type=probability, default=None, metavar="A",
                        help="stop after the epoch whose validation accuracy reaches A, 0..1 (default: off)")
    parser.add_argument("--l2", type=non_negative_float, default=0.0, metavar="L", help="L2 penalty on kernels")
    parser.add_argument("--patience", type=non_negative_int, default=0, metavar="EPOCHS",
                        help="stop early after this many epochs without a better validation accuracy (0: never)")
    parser.add_argument("--augment", nargs="?", const="course", default=None, choices=sorted(AUGMENT_PRESETS),
                        help="augment training images (course: the course's settings, the default when given "
                             "alone; digits: tuned for drawn and photographed digits)")
    parser.add_argument("--resume", nargs="?", const="last", default=None, metavar="RUN_DIR",
                        help="continue the last stopped run of this model and engine (or the given run folder)")
    parser.add_argument("--limit", type=positive_int, default=None, metavar="N",
                        help="train on the first N training samples only (default: all)")
    parser.add_argument("--val-split", type=fraction_below_one, default=None, metavar="F",
                        help="validate on this fraction of the training data (default 0: on the test set; "
                             "or the recipe's)")
    parser.add_argument("--keep", choices=("last", "best"), default="last",
                        help="save the last epoch's model, or the best one by validation accuracy")
    parser.add_argument("--name", default=None, help="bundle name (default: MODEL-ENGINE)")
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="write the bundle here (default: a new folder in the user's models)")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="seed for weights, shuffling and augmentation")


def with_recipe(args) -> argparse.Namespace:
    """The arguments with every recipe-controlled option that was not given filled in: from the recipe
    (--recipe) or from the plain defaults."""
    args = argparse.Namespace(**vars(args))
    chosen = RECIPES[args.recipe] if getattr(args, "recipe", None) else None
    from_recipe = {}
    if chosen is not None:
        fit = chosen.fit
        from_recipe = {"model": chosen.model, "epochs": fit.get("epochs"), "batch_size": fit.get("batch_size"),
                       "optimizer": fit.get("optimizer"), "schedule": fit.get("schedule"),
                       "warmup": fit.get("warmup_epochs"), "val_split": chosen.validation_split,
                       "label_smoothing": fit.get("label_smoothing"), "lr": fit.get("learning_rate")}
        if args.optimizer not in (None, fit.get("optimizer")):
            from_recipe["lr"] = None    # the recipe's rate belongs to its optimizer
    for key, plain in {**PLAIN_DEFAULTS, "lr": None}.items():
        if getattr(args, key, None) is None:
            recipe_value = from_recipe.get(key)
            setattr(args, key, plain if recipe_value is None else recipe_value)
    return args


def config_from_args(args):
    from core.config import TrainConfig

    args = with_recipe(args)
    fit = FitConfig(epochs=args.epochs, batch_size=args.batch_size, optimizer=args.optimizer,
                    learning_rate=args.lr or default_learning_rate(args.optimizer), schedule=args.schedule,
                    warmup_epochs=args.warmup, l2=args.l2, early_stopping_patience=args.patience,
                    target_accuracy=args.target_accuracy, label_smoothing=args.label_smoothing,
                    augment=AUGMENT_PRESETS[args.augment] if args.augment else AugmentConfig(), seed=args.seed)
    return TrainConfig(model=args.model, engine=args.engine, data=args.data, fit=fit, limit=args.limit,
                       validation_split=args.val_split, device=args.device, name=args.name, out=args.out,
                       resume=args.resume is not None, keep=args.keep,
                       run_dir=None if args.resume in (None, "last") else args.resume)


def default_learning_rate(optimizer: str) -> float:
    return {"sgd": 0.1, "momentum": 0.01, "adagrad": 0.1, "adadelta": 1.0}.get(optimizer, 0.001)


def run(args) -> int:
    from core.training import run_training
    from core.zoo import architecture_names

    config = config_from_args(args)
    if config.model not in architecture_names():
        raise UserError(f"unknown model {config.model!r} (choose from {', '.join(architecture_names())})")
    main_rank = distributed.is_main()
    progress = _Progress(json_lines=args.json, resume_point=resume_point(config) if config.resume and main_rank
                         else None)
    interrupted = _StopOnSignal()
    started = time.monotonic()
    with interrupted:
        final = run_training(config, progress.on_event, interrupted.requested, finish_when_stopped=False)
    progress.close()
    if final["event"] == "failed":
        raise UserError(final["message"])
    if not main_rank:
        return 0 if final["event"] == "finished" else 1    # rank 0 speaks for the run
    if final["event"] == "stopped":
        say(f"Stopped; the checkpoint is saved in {final['run_dir']}. Continue with the same command and --resume.")
        return 1
    if args.json:
        emit({"event": "finished", "model": final["bundle"] if args.out else final["model"],
              "test_accuracy": final["test_accuracy"], "seconds": round(time.monotonic() - started, 3)})
    else:
        say(f"Saved {final['model']} ({final['bundle']}); test accuracy {final['test_accuracy']:.2%}")
    return 0


def resume_point(config) -> tuple[int, int | None] | None:
    """(epoch, batches already done in it) where `--resume` continues; the batch is None when the run
    ended between epochs or its status does not say. None when there is no run to resume (training
    then says so in plain words)."""
    from core.runs import last_unfinished_run, read_log, read_status

    run_dir = Path(config.run_dir) if config.run_dir else last_unfinished_run(config.model, config.engine)
    if run_dir is None or not run_dir.is_dir():
        return None
    rows = read_log(run_dir)
    epoch = (int(rows[-1]["epoch"]) if rows else 0) + 1
    status = read_status(run_dir) or {}
    batch = status.get("batch") if status.get("epoch") == epoch else None
    return epoch, batch


class _StopOnSignal:
    """The first Ctrl-C (or SIGTERM, as a service manager or `kill` sends) asks training to stop at the
    next batch with its checkpoint kept; a second one quits at once."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self):
        self._requested = False
        self._previous = {}

    def requested(self) -> bool:
        return self._requested

    def _handle(self, signum, frame):
        if self._requested:
            raise KeyboardInterrupt
        self._requested = True
        say("\nStopping after this batch and saving a checkpoint… (Ctrl-C again to quit at once)")

    def __enter__(self):
        self._previous = {number: signal.signal(number, self._handle) for number in self.SIGNALS}
        return self

    def __exit__(self, *exc):
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        return False


class _Progress:
    """A progress bar on stderr; with --json the epoch lines on stdout."""

    def __init__(self, json_lines: bool, resume_point: tuple[int, int | None] | None = None):
        self.json_lines = json_lines
        self.resume_point = resume_point
        self.interactive = sys.stderr.isatty()
        self._last_draw = 0.0
        self._epochs = 0

    def on_event(self, event: dict) -> None:
        kind = event["event"]
        if kind == "started":
            self._epochs = event["epochs"]
            skipped = f", {event['skipped']} unreadable images skipped" if event["skipped"] else ""
            say(f"Training on {event['train_size']} images from {event['dataset_source']}{skipped}; "
                f"{event['parameters']:,} parameters on {event['device']}")
            if event.get("processes", 1) > 1:
                say(f"{event['processes']} processes: global batch {event['global_batch']} "
                    f"({event['batch_per_process']} per process), learning rate {event['learning_rate']:g}")
            if self.resume_point is not None:
                say(self._resuming(event))
        elif kind == "target_reached":
            self._clear_line()
            say(f"Validation accuracy {event['val_accuracy']:.2%} reached the target {event['target']:.2%} "
                f"after epoch {event['epoch']}; stopping.")
        elif kind == "batch":
            self._draw_batch(event)
        elif kind == "epoch":
            self._clear_line()
            if self.json_lines:
                emit({"event": "epoch", **{key: event.get(key) for key in EPOCH_KEYS}})
            say(f"epoch {event['epoch']}/{self._epochs}: loss {event['loss']:.4f} acc {event['accuracy']:.4f} "
                f"val_loss {_fmt(event.get('val_loss'))} val_acc {_fmt(event.get('val_accuracy'))} "
                f"({event['seconds']:.1f} s, {event['images_per_second']:.0f} img/s)")
        elif kind == "download":
            self._draw(f"downloading {event['bytes'] / 1e6:.1f} / {event['total'] / 1e6:.1f} MB")

    def _resuming(self, event: dict) -> str:
        epoch, batch = self.resume_point
        where = f"epoch {epoch}" + (f", batch {batch + 1} of {event['batches_per_epoch']}" if batch else
                                     " from its first batch")
        return f"Resuming {Path(event['run_dir']).name} at {where}."

    def _draw_batch(self, event: dict) -> None:
        done, total = event["batch"], event["batches"]
        filled = int(30 * done / max(total, 1))
        self._draw(f"epoch {event['epoch']}/{self._epochs} [{'#' * filled}{'.' * (30 - filled)}] "
                   f"{done}/{total} loss {event['loss']:.4f} acc {event['accuracy']:.4f}")

    def _draw(self, text: str) -> None:
        now = time.monotonic()
        if self.interactive and now - self._last_draw > 0.1:
            self._last_draw = now
            sys.stderr.write("\r" + text[:118].ljust(118))
            sys.stderr.flush()

    def _clear_line(self) -> None:
        if self.interactive:
            sys.stderr.write("\r" + " " * 118 + "\r")

    def close(self) -> None:
        self._clear_line()


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.4f}"


def launch_command(config, processes: int, launcher: tuple[str, ...] = ("torchrun",)) -> list[str]:
    """The command that trains `config` on `processes` torchrun ranks of this machine (data parallel):
    the window shows it to copy and can start it. The learning rate and batch are given in full, so the
    command means the same whatever the defaults become."""
    from core.config import FitConfig

    fit, plain = config.fit, FitConfig()
    command = [*launcher, "--standalone", f"--nproc-per-node={processes}", "-m", "main", "train",
               "--model", config.model, "--engine", config.engine, "--data", config.data,
               "--epochs", str(fit.epochs), "--batch-size", str(fit.batch_size), "--optimizer", fit.optimizer,
               "--lr", f"{fit.learning_rate:g}", "--schedule", fit.schedule, "--seed", str(fit.seed)]
    optional = [("--warmup", fit.warmup_epochs, plain.warmup_epochs),
                ("--label-smoothing", fit.label_smoothing, plain.label_smoothing),
                ("--l2", fit.l2, plain.l2), ("--patience", fit.early_stopping_patience, 0),
                ("--target-accuracy", fit.target_accuracy, None), ("--limit", config.limit, None),
                ("--val-split", config.validation_split, 0.0), ("--name", config.name, None),
                ("--device", config.device, "auto")]
    for option, value, default in optional:
        if value != default and value is not None:
            command += [option, f"{value:g}" if isinstance(value, float) else str(value)]
    if config.keep != "last":
        command += ["--keep", config.keep]
    preset = _augment_preset(fit.augment)
    if preset:
        command += ["--augment", preset]
    return command


def _augment_preset(augment) -> str | None:
    """The --augment preset these settings are (None when off; the nearest is not guessed)."""
    from core.config import DIGITS_AUGMENT

    presets = {**AUGMENT_PRESETS, "digits": DIGITS_AUGMENT}
    return next((name for name, settings in presets.items() if augment.enabled and settings == augment), None)
