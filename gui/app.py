"""Start the window: `python main.py` with no argument calls run().

Start-up imports only Qt, numpy, OpenCV and pyqtgraph; the model (and torch or TensorFlow with it)
loads on a worker thread once the window has been painted. The language (gui.i18n: the one chosen last
time, else the system's) is installed before any widget exists: Inkling's own catalogue and Qt's
qtbase one for the standard dialogs.

INKLING_EXIT_WHEN_SHOWN=1 prints one line when the window is first painted and quits (benchmarks,
tests): `INKLING_SHOWN seconds=<since process start> heavy=<frameworks already imported>`.
INKLING_EXIT_WHEN_SHOWN=model does the same, then waits for the model and prints
`INKLING_MODEL seconds=... model=<name>|failed=<message>` before quitting.
"""
from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core import logs
from gui import i18n
from gui.common.workers import collect_garbage_on_gui_thread
from gui.settings import APPLICATION, ORGANIZATION

_EXIT_WHEN_SHOWN = "INKLING_EXIT_WHEN_SHOWN"
_HEAVY_MODULES = ("torch", "tensorflow", "keras")


def seconds_since_process_start() -> float:
    """Wall time since this process started (Linux: from /proc; elsewhere: since this module loaded)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as uptime:
            up_seconds = float(uptime.read().split()[0])
        return up_seconds - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _MODULE_LOADED


_MODULE_LOADED = time.monotonic()


class _FirstPaint(QObject):
    """Calls back once, after the window's first paint has reached the screen."""

    def __init__(self, window, callback):
        super().__init__(window)
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


def create_application(argv: list[str] | None = None) -> QApplication:
    from gui.common import theme

    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName(APPLICATION)
    QApplication.setDesktopFileName("inkling")
    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    collect_garbage_on_gui_thread()
    theme.apply_theme(app)
    app.setWindowIcon(theme.app_icon())
    i18n.install_language(i18n.chosen_language())
    return app


def show_unexpected_error(error: BaseException, log_path) -> None:
    """A bug nobody caught: a plain, non-blocking message box; the window keeps running."""
    text = QCoreApplication.translate("app", "Something went wrong ({0}). Inkling keeps running; the details "
                                             "are in {1}.").format(logs.describe(error), log_path)
    box = QMessageBox(QMessageBox.Icon.Warning, APPLICATION, text, parent=QApplication.activeWindow())
    _ERROR_BOXES.append(box)                 # without a parent window, Python would delete it at once
    box.finished.connect(lambda _result: _ERROR_BOXES.remove(box))
    box.open()


_ERROR_BOXES: list[QMessageBox] = []


def run(argv: list[str] | None = None) -> int:
    from gui.main_window import MainWindow
    from gui.common.model_hub import ModelHub

    app = create_application(argv)
    logs.install_excepthook(show_unexpected_error)
    hub = ModelHub()
    window = MainWindow(hub, optional_tabs_now=False)
    exit_mode = os.environ.get(_EXIT_WHEN_SHOWN, "").strip().lower()

    def on_first_paint() -> None:
        _report("INKLING_SHOWN", f"heavy={','.join(m for m in _HEAVY_MODULES if m in sys.modules) or 'none'}",
                enabled=bool(exit_mode))
        if exit_mode and exit_mode != "model":
            app.quit()
            return
        if exit_mode == "model":
            hub.model_changed.connect(lambda c: _report_and_quit(app, f"model={c.info.name}"))
            hub.load_failed.connect(lambda message: None if hub.is_loading()
                                    else _report_and_quit(app, f"failed={message}"))
        window.load_initial_model()
        window.add_optional_tabs()

    _FirstPaint(window, on_first_paint)
    window.show()
    code = app.exec()
    hub.wait(30_000)
    return code


def _report(tag: str, detail: str, enabled: bool = True) -> None:
    if enabled:
        print(f"{tag} seconds={seconds_since_process_start():.3f} {detail}", flush=True)


def _report_and_quit(app: QApplication, detail: str) -> None:
    _report("INKLING_MODEL", detail)
    app.quit()
