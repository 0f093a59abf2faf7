"""Run on N processes / GPUs: the form's settings as the exact torchrun command (to copy, or to run on
another machine), and a button that starts it here as a subprocess. Rank 0's run folder is found once it
appears and its log (read through core.runs) is drawn live; only PyTorch trains data-parallel."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QProcess, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from gui import i18n
from gui.train.panels.form import FormPanel, hbox
from gui.train.widgets import TrainingCurves

POLL_MS = 500


def _project_folder() -> str:
    """Where `-m main` is importable from (the checkout, or anywhere once installed)."""
    import importlib.util

    spec = importlib.util.find_spec("main")
    return str(Path(spec.origin).parent) if spec and spec.origin else str(Path.cwd())


class ParallelPanel(FormPanel):
    def __init__(self, config_source: Callable, parent: QWidget | None = None):
        super().__init__(parent)
        self._config_source = config_source
        self._process: QProcess | None = None
        self._known_runs: set[Path] = set()
        self._run_dir: Path | None = None
        self._drawn_epochs = 0
        self._status: Callable[[], str] = lambda: self.tr("Not running.")
        self._build()
        self._timer = QTimer(self, interval=POLL_MS, timeout=self._follow)
        self.retranslate()

    def _build(self) -> None:
        import os

        self.processes = QSpinBox(minimum=1, maximum=max(64, os.cpu_count() or 1), value=2)
        self.processes.setObjectName("processes_spin")
        self.add_field(self.processes)
        self.command = QLineEdit(readOnly=True)
        self.command.setObjectName("launch_command")
        self.copy_button = QPushButton(clicked=self.copy_command)
        self._command_row = hbox(self.command, self.copy_button)
        self.add_field(self._command_row)
        self.start_button = QPushButton(clicked=self.start)
        self.start_button.setObjectName("start_parallel_button")
        self.stop_button = QPushButton(clicked=self.stop, enabled=False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.form.addRow(hbox(self.start_button, self.stop_button, stretch_first=False))
        self.form.addRow(self.status)
        self.curves = TrainingCurves()
        self.curves.setMinimumHeight(260)
        self.form.addRow(self.curves)
        self.processes.valueChanged.connect(self.refresh_command)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Run on N processes / GPUs"))
        self.name_field(self.processes, self.tr("Processes"),
                        self.tr("One per GPU, or a few on a CPU; the batch size is shared among them."))
        self.name_field(self._command_row, self.tr("Command"))
        self.copy_button.setText(self.tr("Copy"))
        self.start_button.setText(self.tr("Start here"))
        self.stop_button.setText(self.tr("Stop"))
        self._show_status()

    def _set_status(self, render: Callable[[], str]) -> None:
        """The status line, kept as a function of the run's state so a language switch re-renders it."""
        self._status = render
        self._show_status()

    def _show_status(self) -> None:
        self.status.setText(self._status())

    # ---- the command -------------------------------------------------------------------------------

    def launch_arguments(self, launcher: tuple[str, ...] = ("torchrun",)) -> list[str]:
        from core.cli.train import launch_command

        return launch_command(self._config_source(), self.processes.value(), launcher)

    def refresh_command(self) -> None:
        config = self._config_source()
        self.command.setText(shlex.join(self.launch_arguments()))
        can_start = config.engine == "torch" and self._process is None
        self.start_button.setEnabled(can_start)
        if config.engine != "torch" and self._process is None:
            self._set_status(lambda: self.tr("Only PyTorch trains on several processes; Keras uses the GPUs "
                                             "of one machine by itself."))

    def copy_command(self) -> None:
        QGuiApplication.clipboard().setText(self.command.text())

    # ---- running it here ---------------------------------------------------------------------------

    def start(self) -> None:
        from core.runs import list_runs

        arguments = self.launch_arguments((sys.executable, "-m", "torch.distributed.run"))
        self._known_runs = set(list_runs())
        self._run_dir, self._drawn_epochs = None, 0
        self.curves.reset(self._config_source().fit.epochs)
        process = QProcess(self)
        process.setWorkingDirectory(_project_folder())
        process.setProcessChannelMode(QProcess.MergedChannels)
        process.finished.connect(self._on_finished)
        process.start(arguments[0], arguments[1:])
        self._process = process
        count = self.processes.value()
        self._set_status(lambda: self.tr("Starting {0} processes…").format(i18n.number(count)))
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self._timer.start()

    def stop(self) -> None:
        """torchrun passes the stop to every rank: they stop together, rank 0 keeps the checkpoint."""
        if self._process is not None:
            self._process.terminate()

    def is_running(self) -> bool:
        return self._process is not None

    def run_dir(self) -> Path | None:
        return self._run_dir

    def _follow(self) -> None:
        from core.runs import list_runs, read_log

        if self._run_dir is None:
            new = sorted(set(list_runs()) - self._known_runs)
            if not new:
                return
            self._run_dir = new[-1]
            folder = self._run_dir.name
            self._set_status(lambda: self.tr("Training; rank 0 writes {0}.").format(folder))
        rows = read_log(self._run_dir)
        for row in rows[self._drawn_epochs:]:
            self.curves.add_epoch(row)
        if len(rows) > self._drawn_epochs:
            self._drawn_epochs = len(rows)
            self.curves.redraw()

    def _on_finished(self, exit_code: int, _status) -> None:
        from core.runs import read_status

        self._follow()
        self._timer.stop()
        output = bytes(self._process.readAll()).decode(errors="replace").strip().splitlines()
        self._process.deleteLater()
        self._process = None
        status = read_status(self._run_dir) if self._run_dir else None
        if exit_code == 0 and status and status.get("state") == "finished":
            line = output[-1] if output else ""
            self._set_status(lambda: self.tr("Finished: {0}").format(line))
        else:
            last = next((line for line in reversed(output) if line.strip()), None)
            self._set_status(lambda: self.tr("Ended (exit code {0}): {1}").format(
                exit_code, last if last is not None else self.tr("no output")))
        self.stop_button.setEnabled(False)
        self.refresh_command()

    def set_config(self, config) -> None:
        self.refresh_command()
