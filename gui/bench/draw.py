"""Benchmarks of the window (collected by `python main.py bench`).

- draw.stroke_to_probabilities: the Draw tab's reading after a stroke, canvas QImage → numpy → preprocess
  → classify → answer, bars and preview updated and painted; beside the course's way of reading a
  picture (resize to 28×28, a per-pixel threshold loop, Keras `model.predict`).
- window.visible: `python main.py` until its window is first painted, beside the floor of merely
  importing PySide6.QtWidgets in a fresh interpreter.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from core.bench.home import temporary_home
from core.bench.timing import BenchResult, lower_is_better, median, percentile, time_calls
from core.paths import PROJECT_ROOT

_SEVEN = [(0.25, 0.18), (0.75, 0.18), (0.60, 0.45), (0.45, 0.88)]


def bench_stroke_to_probabilities(quick: bool) -> list[BenchResult]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from core.inference import load_classifier
    from gui.app import create_application
    from gui.draw.tab import DrawTab
    from gui.common.model_hub import ModelHub

    create_application([])
    classifier = load_classifier()
    hub = ModelHub()
    hub.use(classifier)
    with temporary_home():   # the tab's settings must not touch the user's
        tab = DrawTab(hub)
        tab.resize(1100, 700)
        tab.show()
        _draw(tab.canvas, _SEVEN)
        QApplication.processEvents()

        shown = QEventLoop()
        tab.reading_shown.connect(shown.quit)

        def read_and_paint() -> None:
            tab.request_reading()
            if tab.is_reading():
                shown.exec()               # the reader thread reads, the answer is shown
            QApplication.processEvents()   # the bars and the preview reach the screen

        repeats = 30 if quick else 300
        ours = time_calls(read_and_paint, repeats)
        course = _course_way(classifier.info, tab.canvas.to_array())
        baseline = time_calls(course, 5 if quick else 40) if course else None
        tab.shutdown()
        tab.close()
    results = []
    for name, q in (("draw.stroke_to_probabilities_p50", 50), ("draw.stroke_to_probabilities_p99", 99)):
        value = percentile(ours, q)
        if baseline:
            results.append(lower_is_better(name, value, percentile(baseline, q), "ms"))
        else:
            results.append(BenchResult(name, round(value, 4), "ms"))
    return results


def _draw(canvas, points: list[tuple[float, float]]) -> None:
    """One stroke through real mouse events."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    rect = canvas.drawing_rect()
    samples = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        samples += [(x0 + (x1 - x0) * i / 20, y0 + (y1 - y0) * i / 20) for i in range(1, 21)]
    kinds = ([QEvent.Type.MouseButtonPress] + [QEvent.Type.MouseMove] * (len(samples) - 2)
             + [QEvent.Type.MouseButtonRelease])
    for kind, (x, y) in zip(kinds, samples):
        point = QPointF(rect.left() + x * rect.width(), rect.top() + y * rect.height())
        held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        QApplication.sendEvent(canvas, QMouseEvent(kind, point, canvas.mapToGlobal(point), button, held,
                                                   Qt.KeyboardModifier.NoModifier))


def _course_way(info, drawing: np.ndarray):
    """The course's application step: resize, threshold pixel by pixel, Keras model.predict."""
    try:
        import cv2

        from core.engines.keras_engine import build_model
        from core.zoo import ModelSpec
    except ImportError:
        return None
    model = build_model(ModelSpec.from_dict(info.spec))
    if info.engine == "keras":
        model.load_weights(info.weights_path)

    def read() -> int:
        image = cv2.resize(drawing, (28, 28), interpolation=cv2.INTER_AREA)
        for row in range(28):
            for column in range(28):
                image[row][column] = 255 if image[row][column] >= 50 else 0
        x = (image / 255.0).astype(np.float32)[np.newaxis, ..., np.newaxis]
        return int(np.argmax(model.predict(x, verbose=0), axis=1)[0])

    return read


def bench_window_visible(quick: bool) -> list[BenchResult]:
    runs = 1 if quick else 5
    shown = [_seconds_until_shown() for _ in range(runs)]
    floor = [_seconds_to_run([sys.executable, "-c", "import PySide6.QtWidgets"]) for _ in range(runs)]
    return [lower_is_better("window.visible", median(shown), median(floor), "s")]


def _seconds_until_shown() -> float:
    """Wall time from starting `python main.py` until it reports its first painted window."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   INKLING_EXIT_WHEN_SHOWN="1", INKLING_HOME=home)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "main.py"], cwd=PROJECT_ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        seconds = None
        for line in process.stdout:
            if line.startswith("INKLING_SHOWN"):
                seconds = time.perf_counter() - started
                break
        process.wait(timeout=60)
    if seconds is None:
        raise RuntimeError("python main.py did not report a visible window")
    return seconds


def _seconds_to_run(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started
