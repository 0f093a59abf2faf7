"""`lab NAME`: runs one of the course's labs headless, the same generator the Course tab runs.

Each lab's options are built from its Settings dataclass (core.labs.common.option: default, help,
range, choices), so a new lab needs no code here: add it to core.labs.LABS and, optionally, a line to
LAB_HELP. A value out of range is wrong usage (exit 2, one plain line). With --json: one line per epoch
(or step) and one `finished` line on stdout; without: progress on stderr and a readable summary.
"""
from __future__ import annotations

import argparse
import dataclasses
import math
from typing import Any

from core.cli.output import emit, say
from core.events import EPOCH, FINISHED, LOG, STEP, dispatch
from core.fileio import UserError
from core.labs import available_labs, load_lab
from core.labs.common import Every, check_value, make_settings, meta, setting_fields

DEST_PREFIX = "lab_setting_"
LAB_HELP = {
    "iris": ("iris by hand: one dense layer 4→3 with softmax, trained by a hand-written loop",
             "inkling lab iris --epochs 200 --lr 0.1 --engine keras --json"),
    "learning_rate": ("the learning-rate toy: minimise (w + 1)² from w = 5, constant and decaying rate",
                      "inkling lab learning_rate --lr 1.1 --steps 20"),
    "activations": ("activations and losses: the course's custom asymmetric loss on its yoghurt data",
                    "inkling lab activations --cost 1 --profit 99 --json"),
    "dots": ("overfitting and L2: the course's red and blue dots (or any CSV), the 2→11→1 network trained "
             "without and with L2 side by side", "inkling lab dots --data points.csv --x a --y b --label kind --l2 0.1"),
    "optimizers": ("SGD, momentum, Adagrad, RMSProp and Adam written out and raced on iris or on a 2-D surface",
                   "inkling lab optimizers --problem rosenbrock --steps 300 --tune --json"),
    "letters": ("the next letter of abcde: SimpleRNN, LSTM or GRU on one-hot or embedded letters",
                "inkling lab letters --cell lstm --input embedding --context 4 --json"),
    "stock": ("the next day's price from the last 60 days (Maotai, or any CSV), scored against "
              "'tomorrow = today'", "inkling lab stock --cell rnn,lstm,gru --epochs 5 --json"),
    "classic": ("scikit-learn's classic models side by side: test accuracy, stratified k-fold mean ± std, "
                "a Dummy baseline; optionally a hyper-parameter search",
                "inkling lab classic --data wine --models svm,knn,xgboost --cv 5 --json"),
    "regression": ("the course's regressions: wide & deep against LinearRegression and an MLP (MSE, RMSE, MAE, "
                   "R²), or a toy trained with train_on_batch",
                   "inkling lab regression --data diabetes --models linear,mlp,wide-deep --json"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    labs = parser.add_subparsers(dest="lab", metavar="NAME", required=True)
    for name, module in available_labs().items():
        help_text, example = LAB_HELP.get(name, (f"the {name} lab", f"inkling lab {name}"))
        sub = labs.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".",
                              epilog=f"example: {example}")
        add_settings_options(sub, module.Settings)
        # default SUPPRESS: `lab --json iris` and `lab iris --json` both work
        sub.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                         help="print one JSON object per line on stdout")


def add_settings_options(parser: argparse.ArgumentParser, settings_type) -> None:
    """One option per Settings field that is meant for the command line."""
    for settings_field in setting_fields(settings_type):
        facts = meta(settings_field)
        if not facts["cli"]:
            continue
        flag = facts["flag"] or "--" + settings_field.name.replace("_", "-")
        default = settings_field.default
        help_text = f"{facts['help']} (default: {_shown(default)})"
        dest = DEST_PREFIX + settings_field.name
        if isinstance(default, bool):
            parser.add_argument(flag, dest=dest, action=argparse.BooleanOptionalAction, default=default,
                                help=help_text)
            continue
        if facts["choices"] and not isinstance(default, tuple):
            help_text += f"; one of {', '.join(facts['choices'])}"
        elif facts["choices"]:
            help_text += f"; comma-separated, from {', '.join(facts['choices'])}"
        parser.add_argument(flag, dest=dest, type=_parser_for(settings_field), default=default,
                            metavar=settings_field.name.upper(), help=help_text)


def _parser_for(settings_field: dataclasses.Field):
    """argparse `type`: text → the field's type, checked against its range (else exit 2, one line)."""
    default = settings_field.default
    convert = type(default)

    def parse(text: str) -> Any:
        try:
            if isinstance(default, tuple):
                value = tuple(item.strip() for item in text.split(",") if item.strip())
            else:
                value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a{'n' if convert is int else ''} "
                                             f"{convert.__name__} for {settings_field.name}") from None
        try:
            check_value(settings_field, value)
        except UserError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        return value

    parse.__name__ = convert.__name__
    return parse


def _shown(default: Any) -> str:
    return ",".join(default) if isinstance(default, tuple) else str(default)


def run(args) -> int:
    module = load_lab(args.lab)
    values = {name[len(DEST_PREFIX):]: value for name, value in vars(args).items() if name.startswith(DEST_PREFIX)}
    settings = make_settings(module.Settings, values)
    progress = Every(0.5)
    handlers = {
        EPOCH: lambda item: _progress(item, args.json, progress),
        STEP: lambda item: _progress(item, args.json, progress),
        LOG: lambda item: say(str(item.get("message", ""))),
        FINISHED: lambda item: _finished(item, args.json),
    }
    for item in module.run(settings):
        dispatch(handlers, item)
    return 0


def _progress(item: dict, as_json: bool, progress: Every) -> None:
    if as_json:
        emit(jsonable(item))
    elif progress():
        say("  ".join(f"{key} {_short(value)}" for key, value in item.items()
                      if key != "event" and isinstance(value, (int, float, str))))


def _finished(item: dict, as_json: bool) -> None:
    if as_json:
        emit(jsonable(item))
        return
    for key, value in item.items():
        if key == "event":
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            print(f"{key}:")
            for row in value:
                print("  " + "  ".join(f"{k} {_short(v)}" for k, v in row.items()))
        else:
            print(f"{key}: {_short(value)}")


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_short(v)}" for k, v in value.items())
    return str(value)


def jsonable(value: Any) -> Any:
    """numpy values as plain Python; a non-finite number as null (JSON has no NaN or infinity)."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if hasattr(value, "tolist"):          # numpy arrays and scalars
        return jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
