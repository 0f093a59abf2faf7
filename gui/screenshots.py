"""The README's screenshots, made again whenever the window changes.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m gui.screenshots resources/screenshots

It needs a real X server (Xvfb is enough; Qt's offscreen platform draws no native style). Each tab is
set up the way a newcomer would first see it in use — a digit drawn, the demo page opened, a lab
running — and the whole window is grabbed into OUT/<tab>.png (OUT/<tab>-<language>.png with
--language). The files are not package data: they are for the README only.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from core.paths import RESOURCES

WINDOW_SIZE = (1400, 880)
DEMO_PAGE = RESOURCES / "demo" / "page.jpg"


def _wait(seconds: float, until: Callable[[], bool] | None = None) -> None:
    """Run the event loop for `seconds`, or less once `until()` holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (until and until()):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def _set_up_draw(tab) -> None:
    tab.draw_random_digit()


def _set_up_media(tab) -> None:
    tab.open_paths([DEMO_PAGE])


def _set_up_course(tab) -> None:
    page = tab.show_page("iris")
    if page is not None:
        page.start()


# (tab key, how to set it up, seconds to let it settle)
SHOTS: list[tuple[str, Callable[[object], None], float]] = [
    ("draw", _set_up_draw, 2.0),
    ("media", _set_up_media, 4.0),
    ("train", lambda tab: None, 1.0),
    ("course", _set_up_course, 6.0),
]


def take_screenshots(out_dir: Path, language: str | None = None) -> list[Path]:
    from gui.app import create_application
    from gui.common.model_hub import ModelHub
    from gui.main_window import MainWindow

    from gui import i18n

    app = create_application(["inkling"])
    i18n.install_language(language or i18n.ENGLISH)   # whatever the system's or last session's language
    hub = ModelHub()
    window = MainWindow(hub)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.load_initial_model()
    _wait(60, until=lambda: hub.classifier is not None and not hub.is_loading())
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for key, set_up, settle_s in SHOTS:
        tab = window.show_tab(key)
        if tab is None:
            continue
        set_up(tab)
        _wait(settle_s)
        path = out_dir / (f"{key}-{language}.png" if language else f"{key}.png")
        window.grab().save(str(path))
        written.append(path)
    for tab in window.tab_pages():
        tab.shutdown()
    QTimer.singleShot(0, app.quit)
    hub.wait(30_000)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="where the PNG files go")
    parser.add_argument("--language", default=None, help="zh_CN, or en (default: English, named plainly)")
    args = parser.parse_args(argv)
    if QApplication.platformName() == "offscreen":
        print("warning: the offscreen platform draws no native style; use xvfb-run", file=sys.stderr)
    for path in take_screenshots(args.out_dir, args.language):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
