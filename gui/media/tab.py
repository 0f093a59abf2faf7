"""The Images & video tab: find and read every digit in pictures, folders, videos and cameras.

A thin tab over its panels: SourcesPanel (what to open), PlayerPanel (the view and playback controls),
ResultsPanel and SpeedPanel (what was read, how fast), SavePanel (snapshot, recording, folder to CSV).
Everything slow happens off the GUI thread (gui/media/worker.py). The tab keeps the state the panels
share, the open source and whether it plays, and passes requests between the panels and the worker.
Its own messages go to the panels as functions that render them, so each panel re-renders them in the
language of the moment (gui.i18n); the worker's plain words (core's, English) pass as they are.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from core import media
from core.pipeline import scale_boxes
from gui import i18n
from gui.common.widgets import NoticeBar
from gui.media.player_panel import PlayerPanel
from gui.media.results_panel import ResultsPanel, SpeedPanel, listed
from gui.media.save_panel import SavePanel
from gui.media.sources_panel import SourcesPanel
from gui.media.worker import SourceInfo, StreamThread, StreamUpdate
from gui.settings import app_settings
from gui.tab import Tab

SPLITTER_KEY = "media/splitter"
PANEL_REFRESH_MS = 100        # the results list and figures change at most this often
OPEN_ENV = "INKLING_OPEN"     # a path opened when the tab starts (demos, screenshots)


class MediaTab(Tab):
    def __init__(self, hub, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self._info: SourceInfo | None = None
        self._playing = False
        self._ended = False
        self._latest: StreamUpdate | None = None
        self._panel_stale = False
        self._resume_when_shown = False
        self._stream = StreamThread()
        self._build()
        self._connect_panels()
        self._connect_worker()
        self._connect_hub()
        self._update_controls()
        self.setAcceptDrops(True)
        # The stream's thread must stop before its QThread object goes: at quit, or with this tab.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        stream = self._stream       # (destroyed passes the dying tab, which stop() must not take for its timeout)
        self.destroyed.connect(lambda *_: stream.stop())
        self._panel_timer = QTimer(self)
        self._panel_timer.setInterval(PANEL_REFRESH_MS)
        self._panel_timer.timeout.connect(self._refresh_panels)
        self._panel_timer.start()
        if os.environ.get(OPEN_ENV):
            QTimer.singleShot(0, lambda: self.open_path(os.environ[OPEN_ENV]))

    # --- layout and wiring ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = NoticeBar()
        self.sources = SourcesPanel()
        self.player = PlayerPanel()
        self.view = self.player.view
        self.results = ResultsPanel()
        self.speed = SpeedPanel()
        self.save = SavePanel(self.sources.last_folder)

        side = QWidget()
        side.setMinimumWidth(300)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.results, 1)
        side_layout.addWidget(self.speed)
        side_layout.addWidget(self.save)
        self.splitter = self._build_splitter(self.player, side)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.banner)
        layout.addWidget(self.sources)
        layout.addWidget(self.splitter, 1)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.toggle_play,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Period), self, self.step,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _build_splitter(self, viewer: QWidget, side: QWidget) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("media_splitter")
        splitter.addWidget(viewer)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setCollapsible(0, False)
        state = app_settings().value(SPLITTER_KEY)
        if state is not None:
            splitter.restoreState(state)
        splitter.splitterMoved.connect(lambda *_: app_settings().setValue(SPLITTER_KEY, splitter.saveState()))
        return splitter

    def _connect_panels(self) -> None:
        worker = self._stream.worker
        self.sources.open_requested.connect(self.open_path)
        self.sources.camera_requested.connect(self.open_camera)
        self.sources.close_requested.connect(self.close_source)
        self.sources.problem.connect(self.banner.show_warning)
        self.player.play_toggled.connect(self.toggle_play)
        self.player.step_requested.connect(self.step)
        self.player.seek_requested.connect(self.seek)
        self.player.loop_toggled.connect(worker.set_loop)
        self.player.open_requested.connect(self.open_path)
        self.view.box_clicked.connect(self._box_clicked)
        self.results.highlight_changed.connect(self.view.set_highlight)
        self.results.threshold_changed.connect(worker.set_threshold)
        self.results.binary_toggled.connect(lambda _: self._show_latest())
        self.save.snapshot_requested.connect(self.snapshot_to)
        self.save.recording_requested.connect(self.start_recording)
        self.save.stop_recording_requested.connect(self.stop_recording)
        self.save.folder_run_requested.connect(self.start_folder_run)
        self.save.problem.connect(self.banner.show_warning)
        worker.set_threshold(self.results.threshold())

    def _connect_worker(self) -> None:
        worker = self._stream.worker
        worker.opened.connect(self._source_opened)
        worker.update_ready.connect(self._show_update)
        worker.ended.connect(self._source_ended)
        worker.open_failed.connect(self._open_failed)
        worker.failed.connect(self._source_failed)
        worker.closed.connect(self._source_closed)
        worker.problem.connect(self.banner.show_warning)
        worker.notice.connect(self.banner.show_info)
        worker.recording_started.connect(self._recording_started)
        worker.recording_stopped.connect(self._recording_stopped)
        worker.snapshot_saved.connect(self.save.snapshot_saved)

    def _connect_hub(self) -> None:
        self.hub.model_changed.connect(self._model_changed)
        self.hub.loading_started.connect(self.results.model_loading)
        self.hub.load_failed.connect(self.results.model_failed)
        if self.hub.classifier is not None:
            self._model_changed(self.hub.classifier)
        elif self.hub.is_loading():
            self.results.model_loading(self.hub.loading_label() or "")
        else:
            self.results.model_failed()

    def _model_changed(self, classifier) -> None:
        self._stream.worker.set_classifier(classifier)
        self.results.model_ready(classifier)
        self.speed.show_reader(classifier.for_live_frames())     # decided by the hub while loading

    # --- opening sources -----------------------------------------------------------------------------

    def open_path(self, path: str | Path) -> None:
        """Open a picture, a folder of pictures or a video file."""
        path = Path(path).expanduser()
        self.banner.hide()
        self.sources.remember(path)
        self.save.say(lambda: self.tr("Opening {0}…").format(path.name))
        self._stream.worker.open(str(path))

    def open_paths(self, paths: list[str | Path]) -> bool:
        """Dropped (or forwarded by the window) files and folders: the first is opened."""
        paths = [Path(p) for p in paths]
        if not paths:
            return False
        self.open_path(paths[0])
        if len(paths) > 1:
            self.banner.show_info(lambda: self.tr("{0} files were dropped; {1} is open. To read many pictures, "
                                                  "open their folder (or drop the folder).").format(
                i18n.number(len(paths)), paths[0].name))
        return True

    def open_camera(self, index: int) -> None:
        self.banner.hide()
        self.save.say(lambda: self.tr("Opening camera {0}…").format(index))
        self._stream.worker.open(self.sources.camera_spec(index))

    def close_source(self) -> None:
        self._stream.worker.close()

    def _source_opened(self, info: SourceInfo) -> None:
        self._info = info
        self._ended = False
        self._playing = True
        self._latest = None
        self.sources.show_source(info)
        self.player.set_length(info.frame_count or 0)
        self.save.say("")
        self._update_controls()
        if not self.isVisible():          # opened from behind another tab: plays once it is in front
            self.toggle_play()
            self._resume_when_shown = True

    def _source_ended(self) -> None:
        self._ended = True
        self._playing = False
        if self._info is not None and self._info.frame_count != 1:
            video = self._is_video()
            self.save.say(lambda: self.tr("End of the video.") if video else self.tr("That was the last picture."))
        self._update_controls()

    def _open_failed(self, message: str) -> None:
        self.banner.show_warning(message)
        self._source_closed()

    def _source_failed(self, message: str) -> None:
        """Reading stopped (e.g. a camera unplugged): the last frame stays in view."""
        self.banner.show_warning(message)
        self._source_gone()

    def _source_closed(self) -> None:
        self._latest = None
        self.player.clear()
        self.results.clear()
        self.speed.clear()
        self._source_gone()

    def _source_gone(self) -> None:
        self._info = None
        self._playing = False
        self.sources.show_source(None)
        self.save.say("")
        self._update_controls()

    def _is_video(self) -> bool:
        return self._info is not None and Path(self._info.spec).suffix.lower() in media.VIDEO_SUFFIXES

    # --- playback ------------------------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self._info is None or self._info.frame_count == 1:
            return
        if self._playing:
            self._stream.worker.pause()
        else:
            self._ended = False
            self._stream.worker.resume()
        self._playing = not self._playing
        self._update_controls()

    def step(self) -> None:
        if not self._can_step():
            return
        if self._playing:
            self._stream.worker.pause()
            self._playing = False
        self._stream.worker.step()
        self._update_controls()

    def seek(self, index: int) -> None:
        if self._can_step():
            self._ended = False
            self._stream.worker.seek(int(index))

    def _can_step(self) -> bool:
        return self._info is not None and not self._info.is_live and (self._info.frame_count or 0) > 1

    def _update_controls(self) -> None:
        info = self._info
        has_frames = info is not None and info.frame_count != 1
        self.player.update_controls(self._playing, has_frames, self._can_step(), has_frames and not info.is_live)
        self.sources.set_closable(info is not None or self._latest is not None)
        self.save.update_controls(self._latest is not None, has_frames)

    # --- showing results -----------------------------------------------------------------------------

    def _show_update(self, update: StreamUpdate) -> None:
        first = self._latest is None
        self._latest = update
        self._panel_stale = True
        self._show_latest()
        self.player.show_position(update.frame.index)
        if first:
            self._update_controls()
        self._stream.worker.update_taken()

    def _show_latest(self) -> None:
        update = self._latest
        if update is None:
            return
        result = update.result
        boxes = [detection.box for detection, _ in listed(result)]
        if self.results.binary_view() and result is not None:
            scale = result.binary.shape[1] / update.frame.image.shape[1]
            self.view.set_frame(result.binary, scale_boxes(boxes, scale))
        else:
            self.view.set_frame(update.shown_image, boxes)
        self.view.set_highlight(self.results.selected_row())

    def _refresh_panels(self) -> None:
        if not self._panel_stale or self._latest is None:
            return
        self._panel_stale = False
        update = self._latest
        self.results.show_result(update.result)
        self.speed.show_figures(update.fps, update.timings)
        self.player.show_frame_number(update.frame.index, self._info.frame_count if self._info else None)

    def _box_clicked(self, row: int) -> None:
        self._refresh_panels()
        self.results.select_row(row)

    # --- snapshot, recording and folder runs ---------------------------------------------------------

    def snapshot_to(self, path: str | Path) -> None:
        self._stream.worker.snapshot(str(path))

    def start_recording(self, path: str | Path) -> None:
        self._stream.worker.start_recording(str(path))

    def stop_recording(self) -> None:
        self._stream.worker.stop_recording()

    def _recording_started(self, path: str) -> None:
        self.save.recording_started(path)
        self._update_controls()

    def _recording_stopped(self, path: str, frames: int) -> None:
        self.save.recording_stopped(path, frames)
        self._update_controls()

    def start_folder_run(self, folder: str | Path, csv_path: str | Path) -> None:
        """Read every picture of `folder` in the background with the loaded model; the results go to `csv_path`."""
        classifier = self.hub.classifier
        if classifier is None:
            self.banner.show_info(lambda: self.tr("The model is still loading; start the folder run once it is "
                                                  "ready."))
            return
        self.save.start_folder_run(folder, csv_path, classifier.for_live_frames(), self.results.threshold())

    # --- drag and drop, the window's questions -------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def confirm_close(self) -> bool:
        """Asked by the window before it closes: a folder run in progress would be lost."""
        return self.save.confirm_close()

    def shutdown(self) -> None:
        """Stop the worker thread and any folder run (the app is quitting or the tab is going away)."""
        self._panel_timer.stop()
        self.save.shutdown()
        self._stream.stop()

    def hideEvent(self, event) -> None:
        # Another tab is in front: stop spending the CPU on frames nobody sees (unless they are recorded).
        if self._playing and not self.save.is_recording() and not event.spontaneous():
            self.toggle_play()
            self._resume_when_shown = True
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        if self._resume_when_shown and not event.spontaneous():
            self._resume_when_shown = False
            if not self._playing:
                self.toggle_play()
        super().showEvent(event)

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
