"""The Images & video tab: find and read every digit in pictures, folders, videos and cameras.

Everything slow happens off the GUI thread (gui/media_worker.py); this module lays out the controls,
paints what the worker sends and keeps the controls in step with the open source.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QActionGroup, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QMenu, QMessageBox, QProgressBar, QPushButton,
                               QSizePolicy, QSlider, QSplitter, QStyle, QTableWidget, QTableWidgetItem,
                               QToolButton, QVBoxLayout, QWidget)

from core import media
from gui.settings import app_settings
from gui.media.widgets import FrameView
from gui.media.worker import FolderRun, SourceInfo, StreamThread, StreamUpdate
from gui.common.model_hub import BackgroundRunner, plain_message
from gui.common.widgets import NoticeBar

RECENT_KEY = "media/recent"
RESOLUTION_KEY = "media/camera_resolution"
SPLITTER_KEY = "media/splitter"
MAX_RECENT = 10
PANEL_REFRESH_MS = 100        # the results list and figures change at most this often
OPEN_ENV = "INKLING_OPEN"     # a path opened when the tab starts (demos, screenshots)
CAMERA_RESOLUTIONS = [None, (640, 480), (1280, 720), (1920, 1080)]   # None: the camera's own default
_NO_MODEL_NOTE = "No model is loaded: pictures are shown, but no digit is read."
PLACEHOLDER = ("Open a picture, a folder of pictures, a video or a camera — or drop files here.\n\n"
               "Every digit found is boxed and read; digits side by side are read as one number.")


class MediaTab(QWidget):
    def __init__(self, hub, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self._info: SourceInfo | None = None
        self._playing = False
        self._ended = False
        self._latest: StreamUpdate | None = None
        self._panel_stale = False
        self._recording_path = ""
        self._resume_when_shown = False
        self._folder_run: FolderRun | None = None
        self._cameras: list | None = None        # None: not searched yet
        self._searching_cameras = False
        self._runner = BackgroundRunner(parent=self)
        self._stream = StreamThread()
        self._build()
        self._connect_worker()
        self._connect_hub()
        self._update_controls()
        self.setAcceptDrops(True)
        # The stream's thread must stop before its QThread object goes: at quit, or with this tab.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.destroyed.connect(self._stream.stop)
        self._panel_timer = QTimer(self)
        self._panel_timer.setInterval(PANEL_REFRESH_MS)
        self._panel_timer.timeout.connect(self._refresh_panel)
        self._panel_timer.start()
        if os.environ.get(OPEN_ENV):
            QTimer.singleShot(0, lambda: self.open_path(os.environ[OPEN_ENV]))

    # --- layout --------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = NoticeBar()
        self.view = FrameView()
        self.view.set_placeholder(PLACEHOLDER)
        self.view.box_clicked.connect(self._select_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("media_splitter")
        splitter.addWidget(self._build_viewer())
        splitter.addWidget(self._build_side_panel())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setCollapsible(0, False)
        state = app_settings().value(SPLITTER_KEY)
        if state is not None:
            splitter.restoreState(state)
        splitter.splitterMoved.connect(lambda *_: app_settings().setValue(SPLITTER_KEY, splitter.saveState()))
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.banner)
        layout.addLayout(self._build_source_bar())
        layout.addWidget(splitter, 1)

        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.toggle_play,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Period), self, self.step,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _build_source_bar(self) -> QHBoxLayout:
        style = self.style()
        self.open_file_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
                                            "Open file…")
        self.open_file_button.setToolTip("Open a picture (PNG, JPEG, BMP, TIFF, WebP) or a video (MP4, AVI, MKV, MOV)")
        self.open_file_button.clicked.connect(self._choose_file)
        self.open_folder_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon),
                                              "Open folder…")
        self.open_folder_button.setToolTip("Show every picture of a folder, one after another")
        self.open_folder_button.clicked.connect(self._choose_folder)

        self.camera_button = QToolButton()
        self.camera_button.setText("Camera")
        self.camera_button.setToolTip("Read digits live from a camera")
        self.camera_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.camera_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.camera_menu = QMenu(self)
        self.camera_menu.aboutToShow.connect(self._camera_menu_opening)
        self.camera_button.setMenu(self.camera_menu)
        self.resolution_menu = self._build_resolution_menu()

        self.recent_button = QToolButton()
        self.recent_button.setText("Recent")
        self.recent_button.setToolTip("Open a file or folder you opened before")
        self.recent_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.recent_menu = QMenu(self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.recent_button.setMenu(self.recent_menu)

        self.close_button = QToolButton()
        self.close_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogCloseButton))
        self.close_button.setToolTip("Close the open picture, video or camera")
        self.close_button.clicked.connect(self.close_source)

        self.source_label = QLabel("Nothing open")
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        bar = QHBoxLayout()
        for widget in (self.open_file_button, self.open_folder_button, self.camera_button, self.recent_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.source_label, 1)
        bar.addWidget(self.close_button)
        return bar

    def _build_viewer(self) -> QWidget:
        style = self.style()
        self.play_button = QToolButton()
        self.play_button.setToolTip("Play or pause (Space)")
        self.play_button.clicked.connect(self.toggle_play)
        self.step_button = QToolButton()
        self.step_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self.step_button.setToolTip("Next frame (.)")
        self.step_button.clicked.connect(self.step)
        self.seek_slider = QSlider(Qt.Orientation.Horizontal)
        self.seek_slider.setToolTip("Go to a frame")
        self.seek_slider.sliderReleased.connect(lambda: self.seek(self.seek_slider.value()))
        self.seek_slider.actionTriggered.connect(self._seek_slider_action)
        self.frame_label = QLabel("")
        self.frame_label.setMinimumWidth(110)
        self.loop_check = QCheckBox("Loop")
        self.loop_check.setToolTip("Start the video or folder again when it ends")
        self.loop_check.toggled.connect(self._stream.worker.set_loop)

        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.step_button)
        controls.addWidget(self.seek_slider, 1)
        controls.addWidget(self.frame_label)
        controls.addWidget(self.loop_check)

        viewer = QWidget()
        layout = QVBoxLayout(viewer)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(controls)
        return viewer

    def _build_side_panel(self) -> QWidget:
        self.number_label = QLabel("—")
        self.number_label.setToolTip("Digits standing in a row are read left to right as one number")
        font = self.number_label.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.number_label.setFont(font)
        self.number_label.setWordWrap(True)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.results_table = QTableWidget(0, 4)
        self.results_table.setHorizontalHeaderLabels(["#", "Digit", "Confidence", "Box (x, y, w, h)"])
        self.results_table.setToolTip("Every digit found; click one to highlight its box "
                                      "(greyed rows are below the confidence threshold)")
        self.results_table.verticalHeader().hide()
        self.results_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.results_table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.results_table.itemSelectionChanged.connect(self._row_selected)

        self.threshold_slider = QSlider(Qt.Orientation.Horizontal)
        self.threshold_slider.setRange(0, 100)
        self.threshold_slider.setValue(50)
        self.threshold_slider.setToolTip("Digits read with less confidence than this are hidden")
        self.threshold_label = QLabel()
        self.threshold_slider.valueChanged.connect(self._threshold_changed)
        self._threshold_changed(self.threshold_slider.value())
        threshold_row = QHBoxLayout()
        threshold_row.addWidget(self.threshold_slider, 1)
        threshold_row.addWidget(self.threshold_label)

        self.binary_check = QCheckBox("Show what the detector sees (binary view)")
        self.binary_check.setToolTip("The thresholded picture the detector finds digits in")
        self.binary_check.toggled.connect(lambda _: self._show_latest())

        self.model_note = QLabel()
        self.model_note.setWordWrap(True)
        self.model_note.setStyleSheet("color: palette(placeholder-text);")

        results = QGroupBox("Digits found")
        results_layout = QVBoxLayout(results)
        results_layout.addWidget(self.number_label)
        results_layout.addWidget(self.model_note)
        results_layout.addWidget(self.results_table, 1)
        results_layout.addWidget(QLabel("Confidence threshold"))
        results_layout.addLayout(threshold_row)
        results_layout.addWidget(self.binary_check)

        panel = QWidget()
        panel.setMinimumWidth(300)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(results, 1)
        layout.addWidget(self._build_figures())
        layout.addWidget(self._build_output_box())
        return panel

    def _build_figures(self) -> QGroupBox:
        self.fps_label = QLabel("—")
        self.stage_labels = {stage: QLabel("—") for stage in ("capture", "detect", "preprocess", "classify", "draw")}
        box = QGroupBox("Speed")
        box.setToolTip("Frames read per second and the milliseconds each stage takes per frame")
        form = QFormLayout(box)
        form.addRow("Frames per second", self.fps_label)
        for stage, label in self.stage_labels.items():
            form.addRow(f"{stage.capitalize()} (ms)", label)
        return box

    def _build_output_box(self) -> QGroupBox:
        self.snapshot_button = QPushButton("Snapshot…")
        self.snapshot_button.setToolTip("Save the frame as shown, boxes and all, as a PNG picture")
        self.snapshot_button.clicked.connect(self._choose_snapshot_path)
        self.record_button = QPushButton("Record…")
        self.record_button.setToolTip("Record the annotated video to a file (MP4 or AVI) until you stop")
        self.record_button.clicked.connect(self._record_clicked)
        self.folder_run_button = QPushButton("Read a folder to CSV…")
        self.folder_run_button.setToolTip("Read every picture of a folder in the background and save what was "
                                          "read (numbers, digits, boxes, confidences) as a CSV table")
        self.folder_run_button.clicked.connect(self._choose_folder_run)
        self.progress_bar = QProgressBar()
        self.progress_bar.setFormat("%v / %m pictures")
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the folder run (nothing is saved)")
        self.cancel_button.clicked.connect(self.cancel_folder_run)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        buttons.addWidget(self.snapshot_button)
        buttons.addWidget(self.record_button)
        progress = QHBoxLayout()
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        self._progress_row = [self.progress_bar, self.cancel_button]
        for widget in self._progress_row:
            widget.hide()

        box = QGroupBox("Save")
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.folder_run_button)
        layout.addLayout(progress)
        layout.addWidget(self.status_label)
        return box

    # --- wiring --------------------------------------------------------------------------------------

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
        worker.snapshot_saved.connect(self._snapshot_saved)

    def _connect_hub(self) -> None:
        self.hub.model_changed.connect(self._model_changed)
        self.hub.loading_started.connect(self._model_loading)
        self.hub.load_failed.connect(self._model_failed)
        self._reading_model = None        # the model the worker reads with (the old one while a new one loads)
        if self.hub.classifier is not None:
            self._model_changed(self.hub.classifier)
        elif self.hub.is_loading():
            self._model_loading(self.hub.loading_label() or "")
        else:
            self._model_failed("")

    def _model_changed(self, classifier) -> None:
        self._reading_model = classifier
        self._stream.worker.set_classifier(classifier)
        self._show_model_note("" if classifier is not None else _NO_MODEL_NOTE)

    def _model_loading(self, name: str) -> None:
        if self._reading_model is not None:
            self._show_model_note(f"Switching to {name}… {self._reading_model.info.name} reads until it is ready.")
        else:
            self._show_model_note(f"Loading {name or 'the model'}… digits are read once it is ready.")

    def _model_failed(self, message: str) -> None:
        # The window says why; this tab says what it means here.
        self._show_model_note("" if self._reading_model is not None else _NO_MODEL_NOTE)

    def _show_model_note(self, text: str) -> None:
        self.model_note.setText(text)
        self.model_note.setVisible(bool(text))

    # --- opening sources -----------------------------------------------------------------------------

    def open_path(self, path: str | Path) -> None:
        """Open a picture, a folder of pictures or a video file."""
        path = Path(path).expanduser()
        self.banner.hide()
        self._remember(path)
        self._say(f"Opening {path.name}…")
        self._stream.worker.open(str(path))

    def open_paths(self, paths: list[str | Path]) -> None:
        """Dropped (or forwarded by the window) files and folders: the first is opened."""
        paths = [Path(p) for p in paths]
        if not paths:
            return
        self.open_path(paths[0])
        if len(paths) > 1:
            self.banner.show_info(f"{len(paths)} files were dropped; {paths[0].name} is open. To read many "
                                  "pictures, open their folder (or drop the folder).")

    def open_camera(self, index: int) -> None:
        self.banner.hide()
        self._say(f"Opening camera {index}…")
        self._stream.worker.open(self._camera_spec(index))

    def close_source(self) -> None:
        self._stream.worker.close()

    def _camera_spec(self, index: int) -> media.CameraSpec:
        chosen = str(app_settings().value(RESOLUTION_KEY, ""))
        resolution = tuple(int(v) for v in chosen.split("x")) if chosen else None
        return media.CameraSpec(index, resolution)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a picture or a video", self._last_folder(),
                                              _file_filter())
        if path:
            self.open_path(path)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of pictures", self._last_folder())
        if folder:
            self.open_path(folder)

    def _source_opened(self, info: SourceInfo) -> None:
        self._info = info
        self._ended = False
        self._playing = True
        self._latest = None
        kind = ("live" if info.is_live else
                "picture" if info.frame_count == 1 else
                f"{info.frame_count} frames" if info.frame_count else "")
        fps = f", {info.fps:.0f} fps" if info.fps and info.frame_count != 1 else ""
        self.source_label.setText(f"<b>{info.name}</b> ({kind}{fps})" if kind else f"<b>{info.name}</b>")
        self.source_label.setToolTip(info.spec)
        count = info.frame_count or 0
        self.seek_slider.setRange(0, max(0, count - 1))
        self.seek_slider.setValue(0)
        self._say("")
        self._update_controls()
        if not self.isVisible():          # opened from behind another tab: plays once it is in front
            self.toggle_play()
            self._resume_when_shown = True

    def _source_ended(self) -> None:
        self._ended = True
        self._playing = False
        if self._info is not None and self._info.frame_count != 1:
            self._say("End of the video." if self._is_video() else "That was the last picture.")
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
        self.view.set_frame(None)
        self.results_table.setRowCount(0)
        self.number_label.setText("—")
        self.frame_label.setText("")
        for label in [self.fps_label, *self.stage_labels.values()]:
            label.setText("—")
        self._source_gone()

    def _source_gone(self) -> None:
        self._info = None
        self._playing = False
        self.source_label.setText("Nothing open")
        self.source_label.setToolTip("")
        self._say("")
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

    def _seek_slider_action(self, action: int) -> None:
        # Clicks on the groove and keyboard moves; dragging seeks once, when the handle is let go.
        if action != QSlider.SliderAction.SliderMove:
            QTimer.singleShot(0, lambda: self.seek(self.seek_slider.value()))

    def _can_step(self) -> bool:
        return self._info is not None and not self._info.is_live and (self._info.frame_count or 0) > 1

    def _update_controls(self) -> None:
        info = self._info
        is_open = info is not None
        has_frames = is_open and info.frame_count != 1
        style = self.style()
        icon = QStyle.StandardPixmap.SP_MediaPause if self._playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(style.standardIcon(icon))
        self.play_button.setEnabled(has_frames)
        self.step_button.setEnabled(self._can_step())
        self.seek_slider.setEnabled(self._can_step())
        self.loop_check.setEnabled(has_frames and not info.is_live)
        self.close_button.setEnabled(is_open or self._latest is not None)
        self.snapshot_button.setEnabled(self._latest is not None)
        self.record_button.setEnabled(bool(self._recording_path) or has_frames)
        self.record_button.setText("Stop recording" if self._recording_path else "Record…")
        self.folder_run_button.setEnabled(self._folder_run is None)

    # --- showing results -----------------------------------------------------------------------------

    def _show_update(self, update: StreamUpdate) -> None:
        self._latest = update
        self._panel_stale = True
        self._show_latest()
        if not self.seek_slider.isSliderDown():
            self.seek_slider.blockSignals(True)
            self.seek_slider.setValue(update.frame.index)
            self.seek_slider.blockSignals(False)
        if not self.snapshot_button.isEnabled():
            self._update_controls()
        self._stream.worker.update_taken()

    def _show_latest(self) -> None:
        update = self._latest
        if update is None:
            return
        result = update.result
        boxes = [detection.box for detection, _ in _rows(result)]
        if self.binary_check.isChecked() and result is not None:
            binary = result.binary
            scale = binary.shape[1] / update.frame.image.shape[1]
            boxes = [tuple(round(v * scale) for v in box) for box in boxes]
            self.view.set_frame(binary, boxes)
        else:
            self.view.set_frame(update.shown_image, boxes)
        self.view.set_highlight(self._selected_row())

    def _refresh_panel(self) -> None:
        if not self._panel_stale or self._latest is None:
            return
        self._panel_stale = False
        update = self._latest
        self._fill_results(update)
        self.fps_label.setText(f"{update.fps:.1f}" if update.fps else "—")
        for stage, label in self.stage_labels.items():
            value = update.timings.get(stage)
            label.setText("—" if value is None else f"{value:.1f}")
        count = self._info.frame_count if self._info else None
        self.frame_label.setText(f"frame {update.frame.index + 1} / {count}" if count and count > 1 else "")

    def _fill_results(self, update: StreamUpdate) -> None:
        result = update.result
        self.number_label.setText((result.reading() if result is not None else "") or "—")
        rows = _rows(result)
        selected = self._selected_row()
        table = self.results_table
        table.blockSignals(True)
        table.setRowCount(len(rows))
        for row, (detection, confident) in enumerate(rows):
            cells = [str(row + 1), str(detection.label), f"{detection.confidence:.1%}",
                     ", ".join(str(int(v)) for v in detection.box)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column < 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if not confident:
                    item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
                    item.setToolTip("Below the confidence threshold: not drawn on the frame")
                table.setItem(row, column, item)
        if selected is not None and selected < len(rows):
            table.selectRow(selected)
        else:
            table.clearSelection()
        table.blockSignals(False)

    def _selected_row(self) -> int | None:
        rows = self.results_table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _row_selected(self) -> None:
        self.view.set_highlight(self._selected_row())

    def _select_row(self, row: int) -> None:
        self._refresh_panel()
        if row < self.results_table.rowCount():
            self.results_table.selectRow(row)

    def _threshold_changed(self, value: int) -> None:
        threshold = value / 100.0
        self.threshold_label.setText(f"{threshold:.0%}")
        self._stream.worker.set_threshold(threshold)

    # --- snapshot and recording ----------------------------------------------------------------------

    def snapshot_to(self, path: str | Path) -> None:
        self._stream.worker.snapshot(str(path))

    def start_recording(self, path: str | Path) -> None:
        self._stream.worker.start_recording(str(path))

    def stop_recording(self) -> None:
        self._stream.worker.stop_recording()

    def _choose_snapshot_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the frame as PNG",
                                              str(Path(self._last_folder()) / "inkling-snapshot.png"),
                                              "PNG picture (*.png)")
        if path:
            self.snapshot_to(path if path.lower().endswith(".png") else path + ".png")

    def _record_clicked(self) -> None:
        if self._recording_path:
            self.stop_recording()
            return
        path, _ = QFileDialog.getSaveFileName(self, "Record the annotated video",
                                              str(Path(self._last_folder()) / "inkling-recording.mp4"),
                                              "MP4 video (*.mp4);;AVI video (*.avi)")
        if path:
            self.start_recording(path if Path(path).suffix.lower() in (".mp4", ".avi") else path + ".mp4")

    def _snapshot_saved(self, path: str) -> None:
        self._say(f"Snapshot saved: {path}")

    def _recording_started(self, path: str) -> None:
        self._recording_path = path
        self._say(f"Recording to {path}…")
        self._update_controls()

    def _recording_stopped(self, path: str, frames: int) -> None:
        self._recording_path = ""
        if path:
            self._say(f"Recording saved: {path} ({frames} frames)")
        self._update_controls()

    # --- folder run ----------------------------------------------------------------------------------

    def start_folder_run(self, folder: str | Path, csv_path: str | Path) -> None:
        """Read every picture of `folder` in the background; the results go to `csv_path`."""
        if self._folder_run is not None:
            return
        classifier = self.hub.classifier
        if classifier is None:
            self.banner.show_info("The model is still loading; start the folder run once it is ready.")
            return
        run = FolderRun(folder, csv_path, classifier, self.threshold_slider.value() / 100.0)
        run.progress.connect(self._folder_progress)
        run.finished.connect(self._folder_finished)
        run.cancelled.connect(self._folder_cancelled)
        run.failed.connect(self._folder_failed)
        self._folder_run = run
        self.progress_bar.setRange(0, 0)
        for widget in self._progress_row:
            widget.show()
        self._say(f"Reading the pictures in {Path(folder).name}…")
        self._update_controls()
        run.start()

    def cancel_folder_run(self) -> None:
        if self._folder_run is not None:
            self._folder_run.cancel()

    def _choose_folder_run(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Read every picture of a folder", self._last_folder())
        if not folder:
            return
        csv_path, _ = QFileDialog.getSaveFileName(self, "Save what was read as CSV",
                                                  str(Path(folder) / "inkling-results.csv"), "CSV table (*.csv)")
        if csv_path:
            self.start_folder_run(folder, csv_path)

    def _folder_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, done))
        self.progress_bar.setValue(done)

    def _folder_finished(self, csv_path: str, count: int) -> None:
        self._folder_done(f"Read {count} picture{'s' if count != 1 else ''}; results saved to {csv_path}")

    def _folder_cancelled(self) -> None:
        self._folder_done("Folder run cancelled; nothing was saved.")

    def _folder_failed(self, message: str) -> None:
        self.banner.show_warning(message)
        self._folder_done("")

    def _folder_done(self, message: str) -> None:
        self._folder_run = None
        for widget in self._progress_row:
            widget.hide()
        self._say(message)
        self._update_controls()

    def folder_run_active(self) -> bool:
        return self._folder_run is not None

    # --- cameras -------------------------------------------------------------------------------------

    def _camera_menu_opening(self) -> None:
        if self._cameras is None and not self._searching_cameras:
            self.search_cameras()
        self._fill_camera_menu()

    def search_cameras(self) -> None:
        """Look for cameras off the GUI thread (bounded in time by core.media.list_cameras)."""
        if self._searching_cameras:
            return
        self._searching_cameras = True
        self._runner.run(media.list_cameras, self._cameras_found,
                         lambda error: self._cameras_found([], plain_message(error, "look for cameras")))
        self._fill_camera_menu()

    def _cameras_found(self, cameras: list, problem: str = "") -> None:
        self._searching_cameras = False
        self._cameras = list(cameras)
        if problem:
            self.banner.show_warning(problem)
        self._fill_camera_menu()

    def _fill_camera_menu(self) -> None:
        menu = self.camera_menu
        menu.clear()
        if self._searching_cameras:
            menu.addAction("Looking for cameras…").setEnabled(False)
        elif not self._cameras:
            menu.addAction("No camera found").setEnabled(False)
        else:
            for camera in self._cameras:
                action = menu.addAction(_camera_title(camera))
                action.triggered.connect(lambda _=False, index=camera.index: self.open_camera(index))
        menu.addSeparator()
        menu.addMenu(self.resolution_menu)
        search = menu.addAction("Search again")
        search.setEnabled(not self._searching_cameras)
        search.triggered.connect(self.search_cameras)

    def _build_resolution_menu(self) -> QMenu:
        """The size cameras are asked for when opened (remembered)."""
        menu = QMenu("Resolution", self)
        group = QActionGroup(menu)
        chosen = str(app_settings().value(RESOLUTION_KEY, ""))
        for resolution in CAMERA_RESOLUTIONS:
            key = "" if resolution is None else f"{resolution[0]}x{resolution[1]}"
            action = menu.addAction("Camera default" if resolution is None else f"{resolution[0]} × {resolution[1]}")
            action.setCheckable(True)
            action.setChecked(key == chosen)
            action.setActionGroup(group)
            action.triggered.connect(lambda _=False, key=key: app_settings().setValue(RESOLUTION_KEY, key))
        return menu

    # --- recent files --------------------------------------------------------------------------------

    def recent_paths(self) -> list[str]:
        value = app_settings().value(RECENT_KEY, [])
        if isinstance(value, str):   # QSettings gives a lone string for a one-item list
            value = [value]
        return [str(item) for item in value or []]

    def _remember(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [entry] + [p for p in self.recent_paths() if p != entry]
        app_settings().setValue(RECENT_KEY, recent[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.recent_paths()
        if not recent:
            menu.addAction("Nothing opened yet").setEnabled(False)
            return
        for entry in recent:
            action = menu.addAction(Path(entry).name or entry)
            action.setToolTip(entry)
            action.setStatusTip(entry)
            action.triggered.connect(lambda _=False, entry=entry: self.open_path(entry))
        menu.addSeparator()
        menu.addAction("Clear the list").triggered.connect(lambda: app_settings().remove(RECENT_KEY))

    def _last_folder(self) -> str:
        recent = self.recent_paths()
        if not recent:
            return str(Path.home())
        last = Path(recent[0])
        return str(last if last.is_dir() else last.parent)

    # --- drag and drop -------------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # --- the rest ------------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    def confirm_close(self) -> bool:
        """Asked by the window before it closes: a folder run in progress would be lost."""
        if self._folder_run is None:
            return True
        answer = QMessageBox.question(self, "Quit Inkling?", "A folder run is still reading pictures; its results "
                                      "are not saved yet. Quit anyway?")
        return answer == QMessageBox.StandardButton.Yes

    def shutdown(self) -> None:
        """Stop the worker thread and any folder run (the app is quitting or the tab is going away)."""
        self._panel_timer.stop()
        if self._folder_run is not None:
            self._folder_run.cancel()
            self._folder_run.wait(2.0)
        self._stream.stop()

    def hideEvent(self, event) -> None:
        # Another tab is in front: stop spending the CPU on frames nobody sees (unless they are recorded).
        if self._playing and not self._recording_path and not event.spontaneous():
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


def _rows(result) -> list[tuple]:
    """The results list and the view's boxes, in one order: (detection, confident), confident ones first."""
    if result is None:
        return []
    return [(d, True) for d in result.detections] + [(d, False) for d in result.hidden]


def _camera_title(camera: media.CameraInfo) -> str:
    width, height = camera.resolution
    return f"{camera.name} ({width} × {height})" if width and height else camera.name


def _file_filter() -> str:
    images = " ".join(f"*{suffix}" for suffix in media.IMAGE_SUFFIXES)
    videos = " ".join(f"*{suffix}" for suffix in media.VIDEO_SUFFIXES)
    return f"Pictures and videos ({images} {videos});;Pictures ({images});;Videos ({videos});;All files (*)"
