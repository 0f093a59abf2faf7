"""`finetune`: adapt a digit model to one writer's digits (core.finetune, the same call as the Draw
tab's personal panel). The original bundle is kept; the result is saved as a new bundle."""
from __future__ import annotations

import argparse

from core.cli.arguments import fraction_below_one, positive_float, positive_int
from core.cli.output import emit, say
from core.fileio import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=None, metavar="DIR",
                        help="the writer's digits: an image folder with a 'filename label' .txt (the course's "
                             "own-dataset format), the .txt itself, or one folder per digit (default: your "
                             "personal dataset, the digits you corrected in the window)")
    parser.add_argument("--holdout", type=fraction_below_one, default=0.25, metavar="F",
                        help="share of the writer's digits left out of training to measure before and after")
    parser.add_argument("--epochs", type=positive_int, default=6, metavar="N",
                        help="passes over the mixed personal + MNIST replay set")
    parser.add_argument("--lr", type=positive_float, default=3e-4, metavar="RATE",
                        help="Adam's learning rate (small: adapt, do not retrain)")
    parser.add_argument("--replay", type=positive_float, default=2.0, metavar="RATIO",
                        help="MNIST training digits replayed per personal image, so the model does not forget")
    parser.add_argument("--name", default=None,
                        help="name of the new bundle (default: MODEL-personal, numbered if taken)")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="seed for the split, replay and augmentation")


def run(args) -> int:
    from core.finetune import FinetuneSettings, run_finetune

    settings = FinetuneSettings(model=args.model, data=args.data, holdout=args.holdout, epochs=args.epochs,
                                learning_rate=args.lr, replay_ratio=args.replay, device=args.device,
                                seed=args.seed, name=args.name)
    final = run_finetune(settings, _progress)
    if final["event"] != "finished":
        raise UserError(final["message"])
    if args.json:
        emit({"event": "finished", "model": final["model"], "before": final["before"], "after": final["after"],
              "seconds": final["seconds"]})
    else:
        say(_summary(final))
    return 0


def _progress(event: dict) -> None:
    kind = event["event"]
    if kind == "started":
        skipped = f", {event['skipped']} unreadable images skipped" if event["skipped"] else ""
        say(f"Fine-tuning {event['model']} on {event['personal']} of your digits ({event['holdout']} held out"
            f"{skipped}) with {event['train_size'] - event['personal']} MNIST replay images per epoch "
            f"on {event['device']}; MNIST test: {event['mnist']}")
    elif kind == "epoch":
        held = event.get("val_accuracy")
        say(f"epoch {event['epoch']}/{event['epochs']}: accuracy {event['accuracy']:.2%}"
            + (f", held-out digits {held:.2%}" if held is not None else ""))


def _summary(final: dict) -> str:
    before, after = final["before"], final["after"]
    lines = [f"Saved {final['model']} ({final['bundle']}); {final['original']} is kept unchanged."]
    if after["holdout_accuracy"] is not None:
        lines.append(f"your held-out digits: {before['holdout_accuracy']:.2%} → {after['holdout_accuracy']:.2%}")
    lines.append(f"MNIST test: {before['mnist_accuracy']:.2%} → {after['mnist_accuracy']:.2%}"
                 + (" (the shipped sample)" if final.get("is_sample") else ""))
    lines.append(f"{final['seconds']:.1f} s")
    return "\n".join(lines)
