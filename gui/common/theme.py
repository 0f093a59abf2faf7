"""Look and feel: Fusion style, a palette that follows the system's light/dark scheme, the app icon.

INKLING_THEME=dark|light overrides the system's choice (handy for screenshots and for systems that
do not report a colour scheme).
"""
from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from core.paths import RESOURCES

ICONS_DIR = RESOURCES / "icons"
_THEME_VARIABLE = "INKLING_THEME"

# The one accent colour: the network's answer, the active tool, boxes around digits.
ACCENT_LIGHT = QColor("#2563eb")
ACCENT_DARK = QColor("#60a5fa")
WARNING = QColor("#d97706")


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (32, 64, 256):
        png = ICONS_DIR / f"inkling-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    svg = ICONS_DIR / "inkling.svg"
    if svg.exists():
        icon.addFile(str(svg))
    return icon


def apply_theme(app: QApplication) -> None:
    """Fusion style with a light or dark palette, re-applied when the system switches."""
    app.setStyle("Fusion")
    _apply_palette(app)
    if not app.property("inkling_follows_scheme"):
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _apply_palette(app))
        app.setProperty("inkling_follows_scheme", True)


def wants_dark(app: QGuiApplication) -> bool:
    forced = os.environ.get(_THEME_VARIABLE, "").strip().lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def accent(palette: QPalette) -> QColor:
    return QColor(ACCENT_DARK if is_dark(palette) else ACCENT_LIGHT)


def _apply_palette(app: QApplication) -> None:
    app.setPalette(dark_palette() if wants_dark(app) else light_palette())


def light_palette() -> QPalette:
    return _palette(window="#f3f4f6", base="#ffffff", alternate="#f9fafb", text="#111827",
                    button="#e5e7eb", muted="#6b7280", highlight=ACCENT_LIGHT)


def dark_palette() -> QPalette:
    return _palette(window="#1f2229", base="#15171c", alternate="#23262e", text="#e5e7eb",
                    button="#2b2f38", muted="#8b93a1", highlight=ACCENT_DARK)


def _palette(*, window: str, base: str, alternate: str, text: str, button: str, muted: str,
             highlight: QColor) -> QPalette:
    role = QPalette.ColorRole
    palette = QPalette()
    palette.setColor(role.Window, QColor(window))
    palette.setColor(role.WindowText, QColor(text))
    palette.setColor(role.Base, QColor(base))
    palette.setColor(role.AlternateBase, QColor(alternate))
    palette.setColor(role.ToolTipBase, QColor(base))
    palette.setColor(role.ToolTipText, QColor(text))
    palette.setColor(role.PlaceholderText, QColor(muted))
    palette.setColor(role.Text, QColor(text))
    palette.setColor(role.Button, QColor(button))
    palette.setColor(role.ButtonText, QColor(text))
    palette.setColor(role.BrightText, QColor("#ef4444"))
    palette.setColor(role.Highlight, highlight)
    palette.setColor(role.HighlightedText, QColor("#ffffff"))
    palette.setColor(role.Link, highlight)
    palette.setColor(role.Mid, QColor(muted))
    for disabled_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, disabled_role, QColor(muted))
    return palette
