"""`models`: the bundles the app knows, shipped and trained."""
from __future__ import annotations

import argparse

from core.cli.output import emit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args) -> int:
    from core.registry import list_bundles

    bundles = list_bundles()
    for bundle in bundles:
        if args.json:
            emit(bundle.to_record())
        else:
            accuracy = f"{bundle.test_accuracy:.2%}" if bundle.test_accuracy is not None else "—"
            origin = "shipped" if bundle.shipped else "trained"
            print(f"{bundle.name:24} {bundle.architecture:12} {bundle.engine:6} {bundle.dataset:14} "
                  f"{accuracy:>7}  {origin:8} {bundle.path}")
    if not bundles and not args.json:
        print("No models yet.")
    return 0
