"""The Course tab's labs: one module per lab, each a generator of events (see core/labs/common.py and the
lab contract), so the window's Course tab and `inkling lab NAME` run the same code.

`LABS` is the one declared table of lab names; `load_lab` imports a lab only when it is asked for, so
listing the labs loads neither numpy-heavy data nor a framework.
"""
from __future__ import annotations

import importlib
from types import ModuleType

from core.fileio import UserError

LABS = {
    "iris": "core.labs.iris",
    "learning_rate": "core.labs.learning_rate",
    "activations": "core.labs.activations",
    "dots": "core.labs.dots",
    "optimizers": "core.labs.optimizers",
    "letters": "core.labs.letters",
    "stock": "core.labs.stock",
    "classic": "core.labs.classic",
    "regression": "core.labs.regression",
}


def load_lab(name: str) -> ModuleType:
    """The lab module called `name` (a key of LABS); an unknown name is the user's mistake."""
    if name not in LABS:
        raise UserError(f"There is no lab called '{name}' (the labs: {', '.join(LABS)}).")
    return importlib.import_module(LABS[name])


def available_labs() -> dict[str, ModuleType]:
    """The labs whose module exists today (labs still being written are left out), by name."""
    found = {}
    for name, path in LABS.items():
        try:
            found[name] = importlib.import_module(path)
        except ModuleNotFoundError as error:
            if error.name != path:   # the lab exists but something it needs does not: a real bug
                raise
    return found
