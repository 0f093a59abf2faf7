"""The command line: `python main.py COMMAND ...` (see docs: CLI contract). Qt-free."""
from __future__ import annotations

import argparse
import logging
import sys
import traceback
from typing import Callable, Sequence

from core import paths
from core.cli.output import say
from core.fileio import UserError

COMMANDS = ("train", "predict", "detect", "models", "bench", "lab")


def build_parser(extra_benchmarks: Callable[[], list] | None = None) -> argparse.ArgumentParser:
    from core.cli import bench, detect, lab, models, predict, train

    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Inkling: handwritten digits. Without a command it opens the window.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module, help_text in (
            (train, "train a zoo network and save it as a model bundle"),
            (predict, "classify each picture as one digit"),
            (detect, "find and read every digit in images, videos or a camera"),
            (models, "list the model bundles Inkling knows"),
            (bench, "measure Inkling's hot paths beside a plain baseline"),
            (lab, "run one of the course's labs headless (as the Course tab does)")):
        name = module.__name__.rsplit(".", 1)[-1]
        sub = commands.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        module.add_arguments(sub)
        _add_common_options(sub)
        sub.set_defaults(run=module.run, extra_benchmarks=extra_benchmarks)
    return parser


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object per line on stdout")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                        help="where models run (auto: CUDA when present, else CPU)")
    if "--model" not in parser._option_string_actions:
        parser.add_argument("--model", default=None, metavar="NAME_OR_PATH",
                            help="which model bundle (default: the shipped default)")


def main(argv: Sequence[str], extra_benchmarks: Callable[[], list] | None = None) -> int:
    """Run one command; returns the exit status (0 done, 1 failed, 2 wrong usage)."""
    args = build_parser(extra_benchmarks).parse_args(list(argv))
    _quiet_frameworks()
    try:
        return int(args.run(args) or 0)
    except UserError as error:
        say(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 1
    except Exception as error:  # a bug, not the user's mistake: one line here, the details in the log
        log_file = paths.logs_dir() / "cli-errors.log"
        with open(log_file, "a", encoding="utf-8") as handle:
            handle.write(f"--- python main.py {' '.join(argv)}\n{traceback.format_exc()}\n")
        say(f"error: {type(error).__name__}: {error} (details in {log_file})")
        return 1


def _quiet_frameworks() -> None:
    import os
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
