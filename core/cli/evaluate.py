"""`evaluate`: a model bundle scored on a labelled test set — accuracy, confusion matrix and the
per-class report. The same core call (core.evaluation.evaluate_bundle) as the Train tab's evaluation
panel, so both show the same numbers."""
from __future__ import annotations

import argparse

import numpy as np

from core.cli.arguments import positive_int
from core.cli.output import emit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default="mnist", metavar="mnist|fashion-mnist|cifar10|sample|FILE|DIR",
                        help="labelled data, as for train; its test set is used (mnist offline: the shipped "
                             "sample)")
    parser.add_argument("--limit", type=positive_int, default=None, metavar="N",
                        help="evaluate on the first N test images only (default: all)")


def run(args) -> int:
    from core.evaluation import evaluate_bundle
    from core.registry import find_bundle

    name = str(find_bundle(args.model).path)     # the default bundle when --model is not given
    result = evaluate_bundle(name, args.data, device=args.device, limit=args.limit,
                             progress=_progress_on_stderr() if not args.json else None)
    if args.json:
        emit(result.to_record())
    else:
        print(_as_text(result))
    return 0


def _progress_on_stderr():
    import sys

    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\revaluating {done}/{total}")
        if done == total:
            sys.stderr.write("\r" + " " * 40 + "\r")
        sys.stderr.flush()
    return show


def _as_text(result) -> str:
    lines = [f"{result.model_name} on {result.count} images of {result.dataset_name}: "
             f"accuracy {result.accuracy:.2%} ({result.mistakes} wrong)", f"data: {result.dataset_source}", "",
             "confusion matrix (rows: true class, columns: predicted):", _matrix_text(result), "",
             result.report_text().rstrip()]
    return "\n".join(lines)


def _matrix_text(result) -> str:
    names = result.class_names
    width = max(5, *(len(name) for name in names), len(str(int(result.confusion.max(initial=0)))) + 1)
    header = " " * width + "".join(f"{name[:width]:>{width}}" for name in names)
    rows = [f"{name[:width]:>{width}}" + "".join(f"{int(count):>{width}}" for count in row)
            for name, row in zip(names, np.asarray(result.confusion))]
    return "\n".join([header, *rows])
