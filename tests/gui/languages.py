"""Switching the window's language in a test, as View → Language does underneath: install it, then let
the posted LanguageChange events run so every widget has re-translated itself."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gui import i18n


def switch_language(code: str) -> None:
    i18n.install_language(code)
    QCoreApplication.processEvents()
