"""Checkpoints: continue an earlier run from its last checkpoint, or start afresh; and which epoch's
weights become the trained model. The runs come from core.runs."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from core import paths, runs
from gui.train.panels.form import FormPanel, combo, hbox

NEW_RUN = ""


class ResumePanel(FormPanel):
    run_chosen = Signal(str, object)      # the run folder ("" for a new run), its TrainConfig or None
    epochs_done_changed = Signal(int)     # epochs the chosen run already trained (0 for a new run)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Checkpoints"), parent)
        self.resume_run = combo()
        self.resume_run.setObjectName("resume_run")
        self.resume_run.setToolTip(self.tr("Start fresh, or continue an earlier run from its last checkpoint "
                                           "(its settings are loaded; raise the epochs to train it further)."))
        self.add_field(self.tr("Continue run"),
                       hbox(self.resume_run, QPushButton(self.tr("Folder…"), clicked=self._browse_run_folder)),
                       "resume")
        self.keep = combo()
        self.keep.addItem(self.tr("the last epoch"), "last")
        self.keep.addItem(self.tr("the best epoch (validation accuracy)"), "best")
        self.add_field(self.tr("Save the model of"), self.keep,
                       tip=self.tr("Which weights become the trained model: the last epoch's, or the best "
                                   "checkpoint's."))
        self.checkpoint_note = QLabel(self.tr("Checkpoints of the best and the last epoch are kept in the run "
                                              "folder after every epoch; a stop keeps both and saves the model "
                                              "so far."))
        self.checkpoint_note.setWordWrap(True)
        self.checkpoint_note.setStyleSheet("font-size: 11px;")
        self.form.addRow(self.checkpoint_note)
        self.resume_run.currentIndexChanged.connect(self._on_resume_choice)
        self.keep.currentIndexChanged.connect(lambda _index: self.changed.emit())

    # ---- the configuration ---------------------------------------------------------------------------

    def run_dir(self) -> str | None:
        """The run to continue, or None for a new run."""
        return self.resume_run.currentData() or None

    def set_config(self, config) -> None:
        self.keep.setCurrentIndex(max(0, self.keep.findData(config.keep)))

    def errors(self) -> dict[str, str]:
        run_dir = self.run_dir()
        if run_dir and not runs.checkpoints_dir(Path(run_dir)).is_dir():
            return {"resume": self.tr("This folder is no run with a checkpoint to continue from.")}
        if run_dir and runs.read_run_config(Path(run_dir)) is None:
            return {"resume": self.tr("This run's settings (config.json) are missing or damaged.")}
        return {}

    # ---- choosing a run ------------------------------------------------------------------------------

    def refresh_runs(self) -> None:
        """List earlier runs that can be continued (those with checkpoints), newest first."""
        current = self.resume_run.currentData()
        self.resume_run.blockSignals(True)
        self.resume_run.clear()
        self.resume_run.addItem(self.tr("No: start a new run"), NEW_RUN)
        for run in runs.resumable_runs():
            title = self.tr("{name}: {done}/{epochs} epochs, {state}").format(
                name=run.name, done=run.epochs_done, epochs=run.config.fit.epochs, state=run.state or "?")
            self.resume_run.addItem(title, str(run.path))
        index = self.resume_run.findData(current)
        self.resume_run.setCurrentIndex(max(0, index))
        self.resume_run.blockSignals(False)
        if index < 0 and current:
            self._on_resume_choice()

    def choose_resume_run(self, run_dir: str | Path) -> None:
        """Select an earlier run to continue (also one that is not in the list, such as a chosen folder)."""
        self.refresh_runs()
        index = self.resume_run.findData(str(run_dir))
        if index < 0:
            self.resume_run.addItem(Path(run_dir).name, str(run_dir))
            index = self.resume_run.count() - 1
        self.resume_run.setCurrentIndex(index)
        self._on_resume_choice()

    def choose_new_run(self) -> None:
        self.resume_run.setCurrentIndex(0)

    def _browse_run_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("A run folder (with config.json and checkpoints)"),
                                                  str(paths.runs_dir()))
        if folder:
            self.choose_resume_run(folder)

    def _on_resume_choice(self) -> None:
        run_dir = self.resume_run.currentData() or ""
        config, done = None, 0
        if run_dir:
            summary = runs.summarize(Path(run_dir))
            config, done = summary.config, summary.epochs_done
        self.epochs_done_changed.emit(done)
        self.run_chosen.emit(run_dir, config)
