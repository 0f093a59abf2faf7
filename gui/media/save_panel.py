"""What the Images & video tab saves ("Save"): a snapshot of the frame shown, a recording of the annotated
video, and a whole folder read to a CSV table in the background; plus the tab's status line.

The panel owns the folder run (core.batch_read through gui.media.worker.FolderRun) and whether a
recording is on; snapshots and recordings are done by the stream worker, which the tab asks.
The status line is kept as a function that renders it, so a language switch (gui.i18n) re-renders it
while a folder run or a recording goes on.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton,
                               QToolButton, QVBoxLayout, QWidget)

from gui import i18n
from gui.media.worker import FolderRun

RECORDING_SUFFIXES = (".mp4", ".avi")


class SavePanel(i18n.Retranslatable, QGroupBox):
    snapshot_requested = Signal(str)          # a PNG path
    recording_requested = Signal(str)         # a video path
    stop_recording_requested = Signal()
    folder_run_requested = Signal(str, str)   # the folder, the CSV path
    problem = Signal(str)                     # plain words: a folder run failed

    def __init__(self, last_folder: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self._last_folder = last_folder        # where file dialogs start
        self._recording_path = ""
        self._folder_run: FolderRun | None = None
        self._status: Callable[[], str] = str  # renders the status line in the current language
        self._build()
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Save"))
        self.snapshot_button.setText(self.tr("Snapshot…"))
        self.snapshot_button.setToolTip(self.tr("Save the frame as shown, boxes and all, as a PNG picture"))
        self.record_button.setToolTip(self.tr("Record the annotated video to a file (MP4 or AVI) until you stop"))
        self._name_record_button()
        self.folder_run_button.setText(self.tr("Read a folder to CSV…"))
        self.folder_run_button.setToolTip(self.tr("Read every picture of a folder in the background and save what "
                                                  "was read (numbers, digits, boxes, confidences) as a CSV table"))
        self.progress_bar.setFormat(self.tr("%v / %m pictures"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the folder run (nothing is saved)"))
        self.status_label.setText(self._status())

    def _name_record_button(self) -> None:
        self.record_button.setText(self.tr("Stop recording") if self._recording_path else self.tr("Record…"))

    def _build(self) -> None:
        self.snapshot_button = QPushButton()
        self.snapshot_button.clicked.connect(self._choose_snapshot_path)
        self.record_button = QPushButton()
        self.record_button.clicked.connect(self._record_clicked)
        self.folder_run_button = QPushButton()
        self.folder_run_button.clicked.connect(self._choose_folder_run)
        self.progress_bar = QProgressBar()
        self.cancel_button = QToolButton()
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
        self._show_progress(False)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.folder_run_button)
        layout.addLayout(progress)
        layout.addWidget(self.status_label)

    def say(self, text: str | Callable[[], str]) -> None:
        """The tab's status line: a function that renders it (re-run on a language switch) or plain words
        (core's, or "" to clear it)."""
        self._status = text if callable(text) else (lambda: text)
        self.status_label.setText(self._status())

    def update_controls(self, has_frame: bool, has_frames: bool) -> None:
        """`has_frame`: a frame is shown; `has_frames`: the open source has more than one."""
        self.snapshot_button.setEnabled(has_frame)
        self.record_button.setEnabled(bool(self._recording_path) or has_frames)
        self._name_record_button()
        self.folder_run_button.setEnabled(self._folder_run is None)

    # --- snapshot and recording ----------------------------------------------------------------------

    def _choose_snapshot_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the frame as PNG"),
                                              str(Path(self._last_folder()) / "inkling-snapshot.png"),
                                              self.tr("PNG picture (*.png)"))
        if path:
            self.snapshot_requested.emit(path if path.lower().endswith(".png") else path + ".png")

    def _record_clicked(self) -> None:
        if self._recording_path:
            self.stop_recording_requested.emit()
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Record the annotated video"),
                                              str(Path(self._last_folder()) / "inkling-recording.mp4"),
                                              self.tr("MP4 video (*.mp4);;AVI video (*.avi)"))
        if path:
            self.recording_requested.emit(path if Path(path).suffix.lower() in RECORDING_SUFFIXES else path + ".mp4")

    def is_recording(self) -> bool:
        return bool(self._recording_path)

    def snapshot_saved(self, path: str) -> None:
        self.say(lambda: self.tr("Snapshot saved: {0}").format(path))

    def recording_started(self, path: str) -> None:
        self._recording_path = path
        self.say(lambda: self.tr("Recording to {0}…").format(path))

    def recording_stopped(self, path: str, frames: int) -> None:
        self._recording_path = ""
        if path:
            self.say(lambda: self.tr("Recording saved: {0} ({1} frames)").format(path, i18n.number(frames)))

    # --- folder run ----------------------------------------------------------------------------------

    def _choose_folder_run(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Read every picture of a folder"), self._last_folder())
        if not folder:
            return
        csv_path, _ = QFileDialog.getSaveFileName(self, self.tr("Save what was read as CSV"),
                                                  str(Path(folder) / "inkling-results.csv"),
                                                  self.tr("CSV table (*.csv)"))
        if csv_path:
            self.folder_run_requested.emit(folder, csv_path)

    def start_folder_run(self, folder: str | Path, csv_path: str | Path, classifier, threshold: float) -> None:
        """Read every picture of `folder` in the background; the results go to `csv_path`."""
        if self._folder_run is not None:
            return
        run = FolderRun(folder, csv_path, classifier, threshold)
        run.progress.connect(self._folder_progress)
        run.finished.connect(self._folder_finished)
        run.cancelled.connect(self._folder_cancelled)    # bound methods: delivered on the GUI thread
        run.failed.connect(self._folder_failed)
        self._folder_run = run
        self.progress_bar.setRange(0, 0)
        self._show_progress(True)
        self.say(lambda: self.tr("Reading the pictures in {0}…").format(Path(folder).name))
        self.folder_run_button.setEnabled(False)
        run.start()

    def cancel_folder_run(self) -> None:
        if self._folder_run is not None:
            self._folder_run.cancel()

    def folder_run_active(self) -> bool:
        return self._folder_run is not None

    def confirm_close(self) -> bool:
        """A folder run in progress would be lost: ask first."""
        if self._folder_run is None:
            return True
        answer = QMessageBox.question(self, self.tr("Quit Inkling?"),
                                      self.tr("A folder run is still reading pictures; its results are not saved "
                                              "yet. Quit anyway?"))
        return answer == QMessageBox.StandardButton.Yes

    def shutdown(self) -> None:
        if self._folder_run is not None:
            self._folder_run.cancel()
            self._folder_run.wait(2.0)

    def _folder_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, done))
        self.progress_bar.setValue(done)

    def _folder_finished(self, csv_path: str, count: int) -> None:
        self._folder_done(lambda: self.tr("Read 1 picture; results saved to {0}").format(csv_path) if count == 1 else
                          self.tr("Read {0} pictures; results saved to {1}").format(i18n.number(count), csv_path))

    def _folder_cancelled(self) -> None:
        self._folder_done(lambda: self.tr("Folder run cancelled; nothing was saved."))

    def _folder_failed(self, message: str) -> None:
        self.problem.emit(message)
        self._folder_done("")

    def _folder_done(self, message: str | Callable[[], str]) -> None:
        self._folder_run = None
        self._show_progress(False)
        self.say(message)
        self.folder_run_button.setEnabled(True)

    def _show_progress(self, shown: bool) -> None:
        for widget in (self.progress_bar, self.cancel_button):
            widget.setVisible(shown)
