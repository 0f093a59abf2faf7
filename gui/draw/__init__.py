"""The Draw tab: draw a digit (or a number) and watch the network read it. TAB declares it to the window."""
from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui.tab import Tab, TabSpec


def _build(hub) -> Tab:
    from gui.draw.tab import DrawTab
    return DrawTab(hub)


TAB = TabSpec(QT_TRANSLATE_NOOP("Tab", "Draw"),
              QT_TRANSLATE_NOOP("Tab", "Draw a digit and watch the network read it"), _build, at_start=True,
              key="draw")
