"""Earlier runs to compare: tick a run to draw its curves (dashed) beside the live ones."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from core import runs
from gui import i18n


class ComparePanel(i18n.Retranslatable, QWidget):
    overlays_changed = Signal(list)       # [(run name, log rows)] of the ticked runs
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._listed: list[runs.RunSummary] = []     # the runs shown, in the list's order
        self.runs_list = QListWidget()
        self.runs_list.setObjectName("runs_list")
        self.runs_list.itemChanged.connect(self._emit_overlays)
        self.title = QLabel()
        self.refresh_button = QPushButton(clicked=self.refresh_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.runs_list, 1)
        layout.addWidget(self.refresh_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.runs_list.setToolTip(self.tr("Tick earlier runs to draw their validation curves (dashed) for "
                                          "comparison."))
        self.title.setText(self.tr("Compare with earlier runs"))
        self.refresh_button.setText(self.tr("Refresh list"))
        self.runs_list.blockSignals(True)
        for index, run in enumerate(self._listed):
            self.runs_list.item(index).setText(self._describe(run))
        if not self._listed and self.runs_list.count():
            self.runs_list.item(0).setText(self.tr("No earlier runs yet."))
        self.runs_list.blockSignals(False)

    def refresh(self, exclude: str | None = None) -> None:
        """List finished and interrupted runs that have a log (but the one training now), keeping the ticks."""
        ticked = set(self._ticked())
        self.runs_list.blockSignals(True)
        self.runs_list.clear()
        self._listed = list(runs.logged_runs(exclude=exclude))
        for run in self._listed:
            item = QListWidgetItem(self._describe(run))
            item.setData(Qt.UserRole, str(run.path))
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if str(run.path) in ticked else Qt.Unchecked)
            item.setToolTip(str(run.path))
            self.runs_list.addItem(item)
        if not self.runs_list.count():
            placeholder = QListWidgetItem(self.tr("No earlier runs yet."))
            placeholder.setFlags(Qt.NoItemFlags)
            self.runs_list.addItem(placeholder)
        self.runs_list.blockSignals(False)
        self._emit_overlays()

    def _ticked(self) -> list[str]:
        items = [self.runs_list.item(i) for i in range(self.runs_list.count())]
        return [item.data(Qt.UserRole) for item in items
                if item.data(Qt.UserRole) and item.checkState() == Qt.Checked]

    def _emit_overlays(self, *_args) -> None:
        folders = [Path(folder) for folder in self._ticked()]
        self.overlays_changed.emit([(folder.name, runs.read_log(folder)) for folder in folders])

    def _describe(self, run: runs.RunSummary) -> str:
        what = f"{run.config.model} · {run.config.engine}" if run.config else run.name
        parts = [f"{run.name[:15]} {what}", self.tr("%n ep", "", len(run.rows))]
        if run.best_val_accuracy is not None:
            parts.append(self.tr("best val {0}").format(i18n.percent(run.best_val_accuracy, 2)))
        if run.state:
            parts.append(run.state)
        return " · ".join(parts)
