"""Earlier runs to compare: tick a run to draw its curves (dashed) beside the live ones."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from core import runs


class ComparePanel(QWidget):
    overlays_changed = Signal(list)       # [(run name, log rows)] of the ticked runs
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runs_list = QListWidget()
        self.runs_list.setObjectName("runs_list")
        self.runs_list.setToolTip(self.tr("Tick earlier runs to draw their validation curves (dashed) for "
                                          "comparison."))
        self.runs_list.itemChanged.connect(self._emit_overlays)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Compare with earlier runs")))
        layout.addWidget(self.runs_list, 1)
        layout.addWidget(QPushButton(self.tr("Refresh list"), clicked=self.refresh_requested))

    def refresh(self, exclude: str | None = None) -> None:
        """List finished and interrupted runs that have a log (but the one training now), keeping the ticks."""
        ticked = set(self._ticked())
        self.runs_list.blockSignals(True)
        self.runs_list.clear()
        for run in runs.logged_runs(exclude=exclude):
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
        best = run.best_val_accuracy
        best_text = " · " + self.tr("best val {accuracy}").format(accuracy=f"{best:.2%}") if best is not None else ""
        state = f" · {run.state}" if run.state else ""
        return f"{run.name[:15]} {what} · " + self.tr("{count} ep").format(count=len(run.rows)) + best_text + state
