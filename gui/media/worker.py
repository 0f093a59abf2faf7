"""Threads behind the Images & video tab; the GUI thread only paints what they send.

StreamWorker lives on its own QThread: it opens a source, takes the newest frame from core.media's
FrameReader, runs core.pipeline.Pipeline on it and emits the result. It takes the next frame only
after the GUI has painted the last one, so stale frames are dropped and latency never grows.
FolderRun runs core.batch_read's folder-to-CSV generator on a plain thread, its events as signals.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import cv2
import numpy as np
import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal

from core import batch_read, media
from core.events import FINISHED, PROGRESS, dispatch
from core.fileio import UserError, first_line
from core.pipeline import FrameResult, Pipeline

POLL_INTERVAL_MS = 3          # how often the worker looks for a new frame
SLIDESHOW_SECONDS = 1.5       # a playing folder of pictures shows each this long


@dataclass
class SourceInfo:
    name: str
    is_live: bool
    frame_count: int | None
    fps: float
    spec: str


@dataclass
class StreamUpdate:
    """One processed frame as the GUI receives it."""
    frame: media.Frame
    result: FrameResult | None    # None while no model is loaded (the frame is shown as it is)
    fps: float                    # frames processed per second, measured
    timings: dict[str, float] = field(default_factory=dict)   # ms: capture, detect, preprocess, classify, draw
    model_name: str = ""          # the model that read it

    @property
    def shown_image(self) -> np.ndarray:
        return self.frame.image if self.result is None else self.result.annotated


class StreamWorker(QObject):
    """Owns the open source, its reader, the pipeline and the recorder; everything runs on its thread."""

    opened = Signal(object)            # SourceInfo
    update_ready = Signal(object)      # StreamUpdate
    ended = Signal()                   # a file source reached its last frame
    open_failed = Signal(str)          # what was asked for could not be opened; plain words
    failed = Signal(str)               # the open source failed while reading and was closed; plain words
    closed = Signal()                  # closed on request: nothing is shown any more
    problem = Signal(str)              # something failed, plain words; the source stays open
    notice = Signal(str)               # something worth knowing, e.g. that a huge picture was shrunk
    recording_started = Signal(str)    # path
    recording_stopped = Signal(str, int)   # path, frames written ("" when nothing was saved)
    snapshot_saved = Signal(str)

    def __init__(self):
        super().__init__()
        self._source = None
        self._reader: media.FrameReader | None = None
        self._info: SourceInfo | None = None
        self._pipeline: Pipeline | None = None
        self._threshold = 0.5
        self._loop = False
        self._last_frame: media.Frame | None = None
        self._last_update: StreamUpdate | None = None
        self._reprocess = False
        self._ended_reported = False
        # Folders have no frame rate: their reader stays paused and a playing slideshow steps it.
        self._slideshow_playing = False
        self._next_slide_at = math.inf
        self._rate = media.RateMeter()
        self._recorder: media.Recorder | None = None
        self._recording_clock: media.RecordingClock | None = None
        self._gui_ready = threading.Event()   # set by the GUI when it has painted the last update
        self._gui_ready.set()
        self._timer: QTimer | None = None

    # --- called from the GUI thread: each request is queued onto the worker's thread -----------------

    def _later(self, function: Callable[[], None]) -> None:
        QTimer.singleShot(0, self, function)

    def open(self, spec: str | int | media.CameraSpec) -> None:
        self._later(lambda: self._open(spec))

    def close(self) -> None:
        self._later(lambda: self._close(forget=True))

    def set_classifier(self, classifier) -> None:
        self._later(lambda: self._set_classifier(classifier))

    def set_threshold(self, threshold: float) -> None:
        self._later(lambda: self._set_threshold(threshold))

    def set_loop(self, loop: bool) -> None:
        self._later(lambda: self._set_loop(loop))

    def pause(self) -> None:
        self._later(self._pause)

    def resume(self) -> None:
        self._later(self._resume)

    def step(self) -> None:
        self._later(lambda: self._reader and self._reader.step())

    def seek(self, index: int) -> None:
        self._later(lambda: self._seek(index))

    def snapshot(self, path: str) -> None:
        self._later(lambda: self._snapshot(Path(path)))

    def start_recording(self, path: str) -> None:
        self._later(lambda: self._start_recording(Path(path)))

    def stop_recording(self) -> None:
        self._later(self._stop_recording)

    def update_taken(self) -> None:
        """The GUI painted the last update: the next frame may be processed."""
        self._gui_ready.set()

    # --- on the worker thread ----------------------------------------------------------------------

    def _ensure_timer(self) -> None:
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setTimerType(Qt.TimerType.PreciseTimer)
            self._timer.setInterval(POLL_INTERVAL_MS)
            self._timer.timeout.connect(self._poll)

    def _open(self, spec: str | int | media.CameraSpec) -> None:
        self._close()
        self._last_frame = self._last_update = self._info = None
        try:
            source = media.open_source(spec)
        except UserError as error:
            self.open_failed.emit(str(error))
            return
        except Exception as error:   # a fault in a decoder must not take the window down
            self.open_failed.emit(self.tr("{0} could not be opened ({1}).").format(media.spec_name(spec),
                                                                                first_line(error)))
            return
        self._source = source
        self._reader = media.FrameReader(source, loop=self._loop)
        self._info = SourceInfo(name=source.name, is_live=source.is_live, frame_count=source.frame_count,
                                fps=float(source.fps or 0.0), spec=media.spec_name(spec, full=True))
        self._ended_reported = False
        self._rate.reset()
        self._gui_ready.set()
        self._slideshow_playing = self._is_slideshow()
        self._next_slide_at = math.inf
        if self._slideshow_playing:
            self._reader.pause()
            self._reader.step()     # the first picture
        self._reader.start()
        self._ensure_timer()
        self._timer.start()
        self.opened.emit(self._info)

    def _close(self, forget: bool = False) -> None:
        """Close the source; `forget` also drops its last frame (nothing is shown any more)."""
        self._stop_recording()
        if self._timer is not None:
            self._timer.stop()
        reader, source = self._reader, self._source
        self._reader = self._source = None
        if reader is not None:
            reader.stop()
        if source is not None:
            source.close()
        if forget:
            self._last_frame = self._last_update = self._info = None
            self.closed.emit()

    def _set_classifier(self, classifier) -> None:
        self._pipeline = (None if classifier is None
                          else Pipeline(classifier.for_live_frames(), confidence_threshold=self._threshold))
        self._read_last_frame_again()

    def _set_threshold(self, threshold: float) -> None:
        self._threshold = threshold
        if self._pipeline is not None:
            self._pipeline.confidence_threshold = threshold
        self._read_last_frame_again()

    def _set_loop(self, loop: bool) -> None:
        self._loop = loop
        if self._reader is not None:
            self._reader.loop = loop

    def _is_slideshow(self) -> bool:
        info = self._info
        return info is not None and not info.is_live and info.fps == 0 and (info.frame_count or 0) > 1

    def _pause(self) -> None:
        if self._reader is None:
            return
        self._slideshow_playing = False
        self._reader.pause()

    def _resume(self) -> None:
        if self._reader is None:
            return
        if self._ended_reported and not self._info.is_live:
            self._reader.seek(0)    # play again from the start
            self._ended_reported = False
        if self._is_slideshow():
            self._slideshow_playing = True
            self._next_slide_at = time.perf_counter() + SLIDESHOW_SECONDS
        else:
            self._reader.resume()

    def _seek(self, index: int) -> None:
        if self._reader is not None:
            self._ended_reported = False
            self._reader.seek(index)

    def _read_last_frame_again(self) -> None:
        """With the new model or threshold: now when no source is open, else at the next poll."""
        self._reprocess = True
        if self._timer is None or not self._timer.isActive():
            self._poll()

    def _poll(self) -> None:
        if not self._gui_ready.is_set():
            return
        reader = self._reader
        frame = reader.latest() if reader is not None else None
        if frame is not None and frame is not self._last_frame:
            self._process(frame, new=True)
            return
        if self._reprocess and self._last_frame is not None:
            self._process(self._last_frame, new=False)
            return
        if reader is None:
            return
        if self._slideshow_playing and time.perf_counter() >= self._next_slide_at and not reader.finished:
            self._next_slide_at = math.inf    # until the next picture arrives
            reader.step()
        if reader.error:
            message = reader.error
            self._close()
            self.failed.emit(message)
        elif reader.finished and not self._ended_reported:
            self._ended_reported = True
            self._slideshow_playing = False
            self.ended.emit()

    def _process(self, frame: media.Frame, new: bool) -> None:
        self._reprocess = False
        self._last_frame = frame
        try:
            result = None if self._pipeline is None else self._pipeline.process(frame.image)
        except Exception as error:   # a fault on one frame: say so, keep the window alive
            self._close()
            self.failed.emit(self.tr("Frame {0} could not be read ({1}); the source was closed.")
                             .format(frame.index, first_line(error)))
            return
        timings = {"capture": float(frame.capture_ms)}
        if result is not None:
            timings.update(result.timings)
        fps = self._rate.tick() if new else self._rate.rate()
        if new:
            self._next_slide_at = time.perf_counter() + SLIDESHOW_SECONDS
            if frame.notice:
                self.notice.emit(frame.notice)
        model_name = self._pipeline.classifier.info.name if self._pipeline is not None else ""
        update = StreamUpdate(frame=frame, result=result, fps=fps, timings=timings, model_name=model_name)
        self._last_update = update
        if new and self._recorder is not None:
            self._record(update)
        self._gui_ready.clear()
        self.update_ready.emit(update)

    def _snapshot(self, path: Path) -> None:
        if self._last_update is None:
            self.problem.emit(self.tr("There is no frame to save yet."))
            return
        try:
            media.save_png(path, self._last_update.shown_image)
        except UserError as error:
            self.problem.emit(self.tr("The snapshot could not be saved to {0} ({1}).").format(path, first_line(error)))
            return
        self.snapshot_saved.emit(str(path))

    def _start_recording(self, path: Path) -> None:
        self._stop_recording()
        if self._last_update is None:
            self.problem.emit(self.tr("Open a video or a camera before recording."))
            return
        image = self._last_update.shown_image
        fps = self._recording_fps()
        try:
            self._recorder = media.Recorder(path, fps, (image.shape[1], image.shape[0]))
        except UserError as error:
            self.problem.emit(str(error))
            return
        self._recording_clock = media.RecordingClock(fps)
        self.recording_started.emit(str(path))
        self._record(self._last_update)     # the recording starts with the frame on screen

    def _recording_fps(self) -> float:
        """The source's own rate (videos, cameras); pictures play for as long as the slideshow shows them."""
        reported = self._info.fps if self._info else 0.0
        return reported if reported > 0 else 1.0 / SLIDESHOW_SECONDS

    def _record(self, update: StreamUpdate) -> None:
        timed = self._info is not None and self._info.fps > 0     # pictures and folders: each picture once
        try:
            for _ in range(self._recording_clock.copies(update.frame.timestamp_ms) if timed else 1):
                self._recorder.write(update.shown_image)
        except (UserError, cv2.error) as error:
            self.problem.emit(self.tr("Recording stopped: {0}").format(first_line(error)))
            self._stop_recording()

    def _stop_recording(self) -> None:
        recorder = self._recorder
        if recorder is None:
            return
        self._recorder = self._recording_clock = None
        try:
            saved = recorder.close()
        except UserError as error:
            self.problem.emit(str(error))
            saved = None
        self.recording_stopped.emit(str(saved or ""), recorder.frames_written if saved else 0)


class StreamThread:
    """A StreamWorker and the QThread it lives on, started together and stopped together."""

    def __init__(self):
        self.thread = QThread()
        self.thread.setObjectName("inkling-media-stream")
        self.worker = StreamWorker()
        self.worker.moveToThread(self.thread)
        self.thread.start()

    def stop(self, timeout_ms: int = 3000) -> None:
        if not shiboken6.isValid(self.thread) or not self.thread.isRunning():
            return

        def close_and_quit() -> None:
            self.worker._close()
            self.thread.quit()

        QTimer.singleShot(0, self.worker, close_and_quit)
        if not self.thread.wait(timeout_ms):
            # Only a hung decoder gets here; a QThread destroyed while running would abort the whole app.
            self.thread.terminate()
            self.thread.wait()


# --- folder runs -------------------------------------------------------------------------------------

class FolderRun(QObject):
    """core.batch_read.read_folder_to_csv on a background thread, its events as signals; cancellable."""

    progress = Signal(int, int)        # images done, images in all
    finished = Signal(str, int)        # CSV path, images read
    cancelled = Signal()               # stopped on request: nothing was saved
    failed = Signal(str)

    def __init__(self, folder: str | Path, csv_path: str | Path, classifier, threshold: float):
        super().__init__()
        self.folder, self.csv_path = Path(folder), Path(csv_path)
        self._events = batch_read.read_folder_to_csv(self.folder, self.csv_path, classifier, threshold)
        self._handlers = {PROGRESS: lambda item: self.progress.emit(item["done"], item["total"]),
                          FINISHED: lambda item: self.finished.emit(item["path"], item["count"])}
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="inkling-folder-run", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> None:
        self._thread.join(timeout_s)

    def _run(self) -> None:
        try:
            for item in self._events:
                if self._cancel.is_set():
                    self._events.close()   # the CSV is written only after the last picture: nothing is saved
                    self.cancelled.emit()
                    return
                dispatch(self._handlers, item)
        except UserError as error:
            self.failed.emit(str(error))
        except Exception as error:   # report, never take the window down
            self.failed.emit(self.tr("The folder run stopped ({0}).").format(first_line(error)))
