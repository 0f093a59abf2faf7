"""Checkpoints: continue an earlier run from its last checkpoint, or start afresh; and which epoch's
weights become the trained model. The runs come from core.runs."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from core import paths, runs
from gui import i18n
from gui.train.panels.form import FormPanel, combo, hbox

NEW_RUN = ""
RUN_FACTS = Qt.ItemDataRole.UserRole + 1       # an item's (name, epochs done, planned, state) to name it


class ResumePanel(FormPanel):
    run_chosen = Signal(str, object)      # the run folder ("" for a new run), its TrainConfig or None
    epochs_done_changed = Signal(int)     # epochs the chosen run already trained (0 for a new run)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.resume_run = combo()
        self.resume_run.setObjectName("resume_run")
        self.folder_button = QPushButton(clicked=self._browse_run_folder)
        self._run_row = hbox(self.resume_run, self.folder_button)
        self.add_field(self._run_row, "resume")
        self.keep = combo()
        self.keep.addItem("", "last")
        self.keep.addItem("", "best")
        self.add_field(self.keep)
        self.checkpoint_note = QLabel()
        self.checkpoint_note.setWordWrap(True)
        self.checkpoint_note.setStyleSheet("font-size: 11px;")
        self.form.addRow(self.checkpoint_note)
        self.resume_run.currentIndexChanged.connect(self._on_resume_choice)
        self.keep.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Checkpoints"))
        self.resume_run.setToolTip(self.tr("Start fresh, or continue an earlier run from its last checkpoint "
                                           "(its settings are loaded; raise the epochs to train it further)."))
        self.folder_button.setText(self.tr("Folder…"))
        self.name_field(self._run_row, self.tr("Continue run"))
        self.keep.setItemText(0, self.tr("the last epoch"))
        self.keep.setItemText(1, self.tr("the best epoch (validation accuracy)"))
        self.name_field(self.keep, self.tr("Save the model of"),
                        self.tr("Which weights become the trained model: the last epoch's, or the best "
                                "checkpoint's."))
        self.checkpoint_note.setText(self.tr("Checkpoints of the best and the last epoch are kept in the run "
                                             "folder after every epoch; a stop keeps both and saves the model "
                                             "so far."))
        for index in range(self.resume_run.count()):
            self.resume_run.setItemText(index, self._run_title(self.resume_run.itemData(index, RUN_FACTS)))

    def _run_title(self, facts: tuple | None) -> str:
        """A run's line in the list, from its facts (name, epochs done, planned, state); None: a new run."""
        if facts is None:
            return self.tr("No: start a new run")
        name, done, epochs, state = facts
        if epochs is None:
            return name
        return self.tr("{0}: {1}/{2} epochs, {3}").format(name, i18n.number(done), i18n.number(epochs),
                                                           state or "?")

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
        self._add_run(None, NEW_RUN)
        for run in runs.resumable_runs():
            self._add_run((run.name, run.epochs_done, run.config.fit.epochs, run.state), str(run.path))
        index = self.resume_run.findData(current)
        self.resume_run.setCurrentIndex(max(0, index))
        self.resume_run.blockSignals(False)
        if index < 0 and current:
            self._on_resume_choice()

    def _add_run(self, facts: tuple | None, run_dir: str) -> None:
        self.resume_run.addItem(self._run_title(facts), run_dir)
        self.resume_run.setItemData(self.resume_run.count() - 1, facts, RUN_FACTS)

    def choose_resume_run(self, run_dir: str | Path) -> None:
        """Select an earlier run to continue (also one that is not in the list, such as a chosen folder)."""
        self.refresh_runs()
        index = self.resume_run.findData(str(run_dir))
        if index < 0:
            self._add_run((Path(run_dir).name, 0, None, None), str(run_dir))
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
