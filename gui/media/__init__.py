"""The Images & video tab: find and read every digit in pictures, videos or a webcam. TAB declares it to
the window; the tab's modules are imported only when it is built."""
from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui.tab import Tab, TabSpec


def _build(hub) -> Tab:
    from gui.media.tab import MediaTab
    return MediaTab(hub)


TAB = TabSpec(QT_TRANSLATE_NOOP("Tab", "Images && video"),
              QT_TRANSLATE_NOOP("Tab", "Find and read every digit in pictures, videos or a webcam"), _build,
              key="media")
