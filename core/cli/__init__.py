"""The command line: `inkling COMMAND ...` or `python main.py COMMAND ...` (docs: CLI.md). Qt-free.

One table below declares every command: its module (add_arguments + run), its one-line summary, its
examples and which common options it takes. Exit status: 0 done, 1 failed (one plain line on stderr),
2 wrong usage (argparse's usage line, for an unknown option, a value out of range, or options that do
not go together). A bug is written with its traceback to the rotating log (core.logs) and reported in
one line that says where.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

from core import __version__, logs
from core.cli.arguments import HelpFormatter, UsageError
from core.cli.output import say
from core.fileio import UserError

# The shell script `./inkling` starts `python main.py`; it sets this so help still says `inkling`.
PROG_VARIABLE = "INKLING_PROG"
_ALL_COMMON = ("json", "device", "model")


class Command(NamedTuple):
    name: str
    summary: str
    examples: tuple[str, ...]       # each a command line after the program name
    common: tuple[str, ...] = _ALL_COMMON


COMMANDS = (
    Command("train", "train a zoo network and save it as a model bundle",
            ("train --model lenet5 --epochs 5", "train --model mlp --engine keras --data sample --json")),
    Command("evaluate", "score a model bundle on a labelled test set: accuracy, confusion matrix, "
                        "per-class precision, recall and F1",
            ("evaluate", "evaluate --model lenet5-torch --data fashion-mnist --limit 1000 --json")),
    Command("predict", "classify each picture as one digit",
            ("predict digit.png", "predict photos/ --json")),
    Command("detect", "find and read every digit in images, videos or a camera",
            ("detect page.jpg --out page-read.png", "detect --camera 0 --max-frames 100 --json")),
    Command("export", "write a model bundle as ONNX, a .pt state dict, a .keras model or weights.txt, "
                      "with its class names and preprocessing beside it",
            ("export --format onnx --out digits.onnx", "export --model lenet5-torch --format pt --out lenet5.pt --json"),
            common=("json", "model")),
    Command("models", "list the model bundles Inkling knows",
            ("models", "models --json")),
    Command("info", "print the version, the folders Inkling uses, the device and the libraries' versions",
            ("info", "info --json"), common=("json",)),
    Command("bench", "measure Inkling's hot paths beside a plain baseline",
            ("bench --quick", "bench --only predict --json")),
    Command("finetune", "adapt a digit model to one writer's digits (personal dataset or a folder), keeping "
                        "the original and saving the result as a new bundle",
            ("finetune", "finetune --data my_digits/ --holdout 0.3 --json")),
    Command("lab", "run one of the course's labs headless (as the Course tab does)",
            ("lab iris --epochs 200 --json", "lab iris --help")),
)


def program_name() -> str:
    """`inkling` when started as `inkling` (the installed script or ./inkling), else `python main.py`."""
    started_as = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if os.environ.get(PROG_VARIABLE):
        return os.environ[PROG_VARIABLE]
    return "inkling" if started_as.startswith("inkling") else "python main.py"


def build_parser(extra_benchmarks: Callable[[], list] | None = None) -> argparse.ArgumentParser:
    import importlib

    prog = program_name()
    parser = argparse.ArgumentParser(
        prog=prog, formatter_class=HelpFormatter,
        description="Inkling: handwritten digits. Without a command it opens the window.",
        epilog=f"Run `{prog} COMMAND --help` for a command's options and examples.")
    parser.add_argument("--version", action="version", version=f"Inkling {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        module = importlib.import_module(f"core.cli.{command.name}")
        sub = commands.add_parser(
            command.name, help=command.summary, formatter_class=HelpFormatter,
            description=command.summary[0].upper() + command.summary[1:] + ".",
            epilog="examples:\n" + "\n".join(f"  {prog} {line}" for line in command.examples))
        module.add_arguments(sub)
        _add_common_options(sub, command.common)
        sub.set_defaults(run=module.run, extra_benchmarks=extra_benchmarks, parser=sub)
    return parser


def _add_common_options(parser: argparse.ArgumentParser, which: tuple[str, ...]) -> None:
    if "json" in which:
        parser.add_argument("--json", action="store_true",
                            help="print one JSON object per line on stdout (messages go to stderr)")
    if "device" in which:
        parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                            help="where models run (auto: CUDA when present, else CPU)")
    if "model" in which and "--model" not in parser._option_string_actions:
        parser.add_argument("--model", default=None, metavar="NAME_OR_PATH",
                            help="which model bundle (default: the shipped default)")


def main(argv: Sequence[str], extra_benchmarks: Callable[[], list] | None = None) -> int:
    """Run one command; returns the exit status (0 done, 1 failed). Wrong usage exits 2 (SystemExit)."""
    args = build_parser(extra_benchmarks).parse_args(list(argv))
    _quiet_frameworks()
    try:
        return int(args.run(args) or 0)
    except UsageError as error:
        args.parser.error(str(error))            # exits 2 with the usage line
    except UserError as error:
        say(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 1
    except Exception as error:  # a bug, not the user's mistake: one line here, the details in the log
        where = logs.log_exception(f"{program_name()} {' '.join(argv)}", error)
        say(f"error: {logs.describe(error)} (details in {where})")
        return 1


def _quiet_frameworks() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
