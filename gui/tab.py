"""What a tab offers the window, declared once.

A tab is a Tab (a QWidget) that overrides only what it has: open_paths() for files dropped on the window,
save_settings(), confirm_close() before the window closes, shutdown() to stop its threads and jobs,
apply_setup() when another tab sets it up (tab packages never import each other).
The window lists its tabs as TabSpecs: title, tooltip and a factory that imports the tab's package only
when called, so heavy tabs can be built after the window is first painted.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QWidget


class Tab(QWidget):
    """A page of the main window; every method has a do-nothing default."""

    def open_paths(self, paths: list[str | Path]) -> bool:
        """Offered files or folders dropped on the window; True when this tab took them."""
        return False

    def save_settings(self) -> None:
        """Remember what the user set (the window is closing)."""

    def confirm_close(self) -> bool:
        """May the window close now? A tab with work in progress may ask the user."""
        return True

    def shutdown(self) -> None:
        """Stop this tab's threads, readers and jobs (the window is closing)."""

    def apply_setup(self, setup: object) -> bool:
        """Set this tab up as another tab asks (the Course tab preparing the Train tab for a chapter);
        True when this tab took the setup. Tabs reach each other only through the window and this."""
        return False


@dataclass(frozen=True)
class TabSpec:
    """One tab of the window. build(hub) makes the tab; at_start tabs are made before the window is
    shown, the others once it has been painted (their packages import more)."""

    title: str     # source text, translated by the window ("&&" shows one "&")
    tooltip: str
    build: Callable[[object], Tab]
    at_start: bool = False
    key: str = ""  # how other tabs ask the window for this one (MainWindow.show_tab), e.g. "train"
