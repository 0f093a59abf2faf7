"""What every command's parser shares: checked value types, the help layout, and usage errors.

A value out of range is the parser's to refuse (exit 2 with the usage line, as argparse does for an
unknown option), so ranges are checked by type functions here rather than after parsing.
"""
from __future__ import annotations

import argparse

from core.config import BACKENDS


class UsageError(Exception):
    """Arguments that parse one by one but not together (e.g. files and --camera): exit 2 with usage."""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples' line breaks; adds "(default: X)" to an option's help unless it says it."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        # "is", not "in": 0 == False, and a default of 0 (--seed) is worth saying.
        if (not action.option_strings or "default" in text
                or any(action.default is nothing for nothing in (None, False, argparse.SUPPRESS))):
            return text
        return f"{text} (default: %(default)s)"


def add_backend_argument(parser: argparse.ArgumentParser, auto: str) -> None:
    """--backend (see core.inference); `auto` says what auto picks for this command."""
    parser.add_argument("--backend", choices=BACKENDS, default=None,
                        help=f"run the model natively, in ONNX Runtime, in ONNX Runtime with 8 bits (about twice "
                             f"as fast on a CPU, probabilities a few hundredths off), or auto: {auto} "
                             f"(default: auto, or the INKLING_BACKEND variable)")


def positive_int(text: str) -> int:
    value = _number(int, text, "a whole number")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {text}")
    return value


def non_negative_int(text: str) -> int:
    value = _number(int, text, "a whole number")
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def positive_float(text: str) -> float:
    value = _number(float, text, "a number")
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


def non_negative_float(text: str) -> float:
    value = _number(float, text, "a number")
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def probability(text: str) -> float:
    """0..1 inclusive (a confidence threshold)."""
    value = _number(float, text, "a number")
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text}")
    return value


def fraction_below_one(text: str) -> float:
    """0 ≤ value < 1 (a share of the data set aside)."""
    value = _number(float, text, "a number")
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1, not {text}")
    return value


def _number(kind, text: str, what: str):
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}") from None
