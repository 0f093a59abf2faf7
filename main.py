"""Inkling: with no argument the window opens; with a command it runs headless (see `--help`)."""
from __future__ import annotations

import sys


def _window_benchmarks() -> list:
    """The window's declared benchmark list, for `bench` (core never imports gui; see core.cli.bench)."""
    from gui.bench import BENCHMARKS
    return BENCHMARKS


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        from gui.app import run
        return run()
    from core.cli import main as run_command
    return run_command(argv, extra_benchmarks=_window_benchmarks)


if __name__ == "__main__":
    sys.exit(main())
