"""The Train tab: settings on the left; on the right the run's controls, live curves, earlier runs to
compare, and the evaluation of the trained model.

Training runs in its own process (core.training.TrainingJob). A timer polls its events every 50 ms;
each is handled through a table keyed by its kind (core.events), recorded at once, and the curves are
redrawn at a steadier pace, so the window stays responsive however fast batches arrive.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from core import events
from core.config import TrainConfig, learning_rate_at
from core.runs import read_log
from core.training import TrainingJob
from gui.settings import app_settings
from gui.tab import Tab
from gui.train.panels.compare import ComparePanel
from gui.train.results import EvaluationPanel
from gui.train.settings import TrainSettings
from gui.train.widgets import TrainingCurves

POLL_MS = 50
REDRAW_S = 0.25           # curves are redrawn at most four times a second: live, and cheap
STOP_GRACE_S = 10.0       # on close: how long a stopping worker may take before it is killed
SETTINGS_KEY = "train/last_settings"
LOCK_DELAY_MS = 120


class TrainTab(Tab):
    run_finished = Signal(str)       # the new bundle's path
    run_failed = Signal(str)         # the plain message
    state_changed = Signal(str)      # idle | starting | running | pausing | paused | stopping

    def __init__(self, hub, parent: QWidget | None = None):
        super().__init__(parent)
        self._hub = hub
        self.job: TrainingJob | None = None
        self._exiting_jobs: list[TrainingJob] = []   # finished workers not yet reaped
        self.state = "idle"
        self._resumable_run: str | None = None
        self._rate_start: tuple[float, int] | None = None   # (time, batches done) when batches began
        self._progress = {"epoch": 0, "epochs": 0, "batch": 0, "batches": 0, "images_per_second": 0.0}
        self._last_redraw = 0.0
        self._dirty = False

        self.settings = TrainSettings()
        self.settings.validity_changed.connect(lambda _valid: self._update_buttons())
        self.settings.changed.connect(self._update_buttons)

        self._handlers = {
            events.BATCH: self._on_batch, events.EPOCH: self._on_epoch, events.STARTED: self._on_started,
            events.DOWNLOAD: self._on_download, events.CHECKPOINT: self._on_checkpoint,
            events.EARLY_STOPPED: self._on_early_stopped, events.TARGET_REACHED: self._on_target_reached,
            events.PAUSED: self._on_paused,
            events.RESUMED: self._on_resumed, events.STOPPED: self._on_stopped,
            events.FINISHED: self._on_finished, events.FAILED: self._on_failed}

        self.start_button = QPushButton(self.tr("Start training"), clicked=self.start)
        self.start_button.setObjectName("start_button")
        self.start_button.setShortcut("Ctrl+Return")
        self.start_button.setToolTip(self.tr("Start training (Ctrl+Enter)"))
        self.pause_button = QPushButton(self.tr("Pause"), clicked=self.toggle_pause)
        self.stop_button = QPushButton(self.tr("Stop"), clicked=self.stop)
        self.stop_button.setToolTip(self.tr("Stop after the current batch; the model so far is saved."))
        self.resume_button = QPushButton(self.tr("Resume from checkpoint"), clicked=self.resume_from_checkpoint)
        self.resume_button.setToolTip(self.tr("Continue the interrupted run from its last checkpoint."))
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.progress_label = QLabel(self.tr("Ready."))
        self.run_info = QLabel("")
        self.run_info.setWordWrap(True)
        self.run_info.setStyleSheet("font-size: 11px;")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)

        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.stop_button, self.resume_button):
            buttons.addWidget(button)
        buttons.addWidget(self.progress, 1)

        self.curves = TrainingCurves()
        self.compare = ComparePanel()
        self.compare.overlays_changed.connect(self.curves.set_overlays)
        self.compare.refresh_requested.connect(self.refresh_runs)
        curves_page = QSplitter(Qt.Horizontal)
        curves_page.addWidget(self.curves)
        curves_page.addWidget(self.compare)
        curves_page.setSizes([800, 220])

        self.results = EvaluationPanel(hub)
        self.results.evaluated.connect(self._on_evaluated)
        self.settings.dataset_loaded.connect(self.results.remember_dataset)
        self.pages = QTabWidget()
        self.pages.addTab(curves_page, self.tr("Curves"))
        self.pages.addTab(self.results, self.tr("Evaluation"))

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.progress_label)
        right_layout.addWidget(self.run_info)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.pages, 1)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.settings)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([450, 950])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.timer = QTimer(self, interval=POLL_MS, timeout=self.poll)
        self._restore_settings()
        self.refresh_runs()
        self._update_buttons()

    # ---- controls ------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start a run with the form's settings (continuing an earlier one if chosen there)."""
        if self.job is not None or not self.settings.is_valid():
            return
        config = self.settings.config()
        self._remember_settings(config)
        self.curves.reset(config.fit.epochs, _highest_rate(config.fit))
        if config.resume and config.run_dir:
            self._show_history(Path(config.run_dir))
        self._set_message("")
        self.run_info.setText("")
        self._resumable_run = None
        self._progress = {"epoch": 0, "epochs": config.fit.epochs, "batch": 0, "batches": 0,
                          "images_per_second": 0.0}
        self._rate_start = None
        try:
            self.job = TrainingJob(config)
            self.job.start()
        except Exception as error:  # noqa: BLE001 - e.g. no run to resume, a full disk: say so, stay alive
            self.job = None
            self._set_message(self.tr("Could not start training: {reason}").format(reason=error), error=True)
            self._set_state("idle")
            return
        self.progress_label.setText(self.tr("Starting the training process (loading the framework and the data)…"))
        self.progress.setRange(0, 0)     # busy until the first event says how long the run is
        # Greyed out a moment later: repainting the whole form in the same frame as the spawn and the
        # reset curves would make one long stretch on the GUI thread.
        QTimer.singleShot(LOCK_DELAY_MS, self, lambda: self.settings.set_locked(self.job is not None))
        self._set_state("starting")
        self.pages.setCurrentIndex(0)
        self.timer.start()

    def toggle_pause(self) -> None:
        if self.job is None:
            return
        if self.state in ("running", "starting"):
            self.job.pause()
            self._set_state("pausing")
            self.progress_label.setText(self.progress_label.text() + self.tr(" — pausing after this batch…"))
        elif self.state in ("paused", "pausing"):
            self.job.resume()
            self._set_state("running")

    def stop(self) -> None:
        """Stop at the next batch boundary; the worker then saves the model so far."""
        if self.job is None:
            return
        self.job.stop()
        self._set_state("stopping")
        self.progress_label.setText(self.tr("Stopping after the current batch; the model so far will be saved…"))

    def resume_from_checkpoint(self) -> None:
        """Continue the run that was interrupted, from its last checkpoint."""
        if self.job is not None or not self._resumable_run:
            return
        self.settings.choose_resume_run(self._resumable_run)
        if self.settings.is_valid():
            self.start()
        else:
            problems = " ".join(self.settings.errors().values())
            self._set_message(self.tr("The run cannot continue as it is: {problems}").format(problems=problems),
                              error=True)

    # ---- the event loop side -------------------------------------------------------------------------

    def poll(self) -> None:
        """Collect the worker's events (never blocks) and update the view."""
        job = self.job
        arrived = job.poll() if job is not None else []
        for event in arrived:
            events.dispatch(self._handlers, event)
        now = time.monotonic()
        # Redraw at a steady pace, and at once when the run has ended (its last points).
        if self._dirty and (now - self._last_redraw >= REDRAW_S or self.job is None):
            self.curves.redraw()
            self._last_redraw = now
            self._dirty = False
        if arrived:
            self._show_progress()
        self._reap_exited()
        if self.job is None and not self._exiting_jobs:
            self.timer.stop()

    def _reap_exited(self) -> None:
        for job in [job for job in self._exiting_jobs if not job.is_alive()]:
            job.join(timeout=0)
            self._exiting_jobs.remove(job)

    def _on_batch(self, event: dict) -> None:
        self.curves.add_batch(event)
        self._dirty = True
        self._progress.update(epoch=int(event["epoch"]), batch=int(event["batch"]),
                              batches=int(event.get("batches") or 0),
                              images_per_second=float(event.get("images_per_second") or 0.0))
        if self.state == "starting":
            self._set_state("running")
        if self._rate_start is None:
            self._rate_start = (time.monotonic(), self._batches_done())

    def _on_epoch(self, event: dict) -> None:
        self.curves.add_epoch(event)
        self._dirty = True
        self._progress.update(epoch=int(event["epoch"]), batch=self._progress["batches"])
        self._set_message(self._describe_epoch(event))

    def _describe_epoch(self, event: dict) -> str:
        parts = [self.tr("Epoch {epoch}: loss {loss}, accuracy {accuracy}").format(
            epoch=event["epoch"], loss=f"{float(event['loss']):.4f}", accuracy=f"{float(event['accuracy']):.2%}")]
        if event.get("val_accuracy") is not None:
            parts.append(self.tr("validation loss {loss}, accuracy {accuracy}").format(
                loss=f"{float(event['val_loss']):.4f}", accuracy=f"{float(event['val_accuracy']):.2%}"))
        if event.get("seconds"):
            parts.append(f"{float(event['seconds']):.1f} s")
        return " · ".join(parts)

    def _on_download(self, event: dict) -> None:
        total = event.get("total") or 0
        share = f" {event['bytes'] / total:.0%}" if total else ""
        self.progress_label.setText(self.tr("Downloading the dataset…") + share)

    def _on_checkpoint(self, event: dict) -> None:
        which = self.tr("best and last") if event.get("best") else self.tr("last")
        self.run_info.setToolTip(self.tr("Checkpoint ({which}) after epoch {epoch}: {path}").format(
            which=which, epoch=event.get("epoch"), path=event.get("path")))

    def _on_early_stopped(self, event: dict) -> None:
        best = event.get("best_val_accuracy")
        best_text = f" ({best:.2%})" if isinstance(best, float) else ""
        self._set_message(self.tr("Stopped early after epoch {epoch}: validation accuracy stopped improving; "
                                  "the best was epoch {best_epoch}{best}.").format(
            epoch=event.get("epoch"), best_epoch=event.get("best_epoch"), best=best_text))

    def _on_target_reached(self, event: dict) -> None:
        self._set_message(self.tr("Stopped after epoch {epoch}: validation accuracy {reached:.2%} reached the "
                                  "target {target:.2%}.").format(epoch=event.get("epoch"),
                                                                 reached=event.get("val_accuracy", 0.0),
                                                                 target=event.get("target", 0.0)))

    def _on_paused(self, event: dict) -> None:
        self._set_state("paused")
        self.progress_label.setText(self._progress_text() + self.tr(" — paused"))

    def _on_resumed(self, event: dict) -> None:
        if self.state in ("paused", "pausing"):
            self._set_state("running")

    def _on_stopped(self, event: dict) -> None:
        """A stop inside an epoch (the model so far is being saved), or the run left resumable."""
        if event.get("epoch") is not None:
            self._set_message(self.tr("Stopped in epoch {epoch} after batch {batch}; saving the model so far…")
                              .format(epoch=event.get("epoch"), batch=event.get("batch")))
            return
        self._resumable_run = event.get("run_dir")
        self._on_ended()
        self._set_message(self.tr("Stopped; the run can be continued from its checkpoint."))

    def _on_started(self, event: dict) -> None:
        self._progress.update(epochs=int(event["epochs"]), batches=int(event["batches_per_epoch"]),
                              epoch=int(event.get("start_epoch") or 0), batch=0)
        self.progress.setRange(0, max(1, self._progress["epochs"] * self._progress["batches"]))
        self.run_info.setText(self._describe_start(event))
        if self.state == "starting":
            self.progress_label.setText(self.tr("Training…"))

    def _describe_start(self, event: dict) -> str:
        sample = self.tr(" (the small sample shipped with Inkling)") if event.get("is_sample") else ""
        skipped = (" " + self.tr("{count} unreadable image(s) were skipped; training uses the rest.").format(
            count=event["skipped"]) if event.get("skipped") else "")
        resumed = (" " + self.tr("Continuing after epoch {epoch}.").format(epoch=event["start_epoch"])
                   if event.get("start_epoch") else "")
        return self.tr("Device: {device} · {parameters} parameters · {train} training, {val} validation images "
                       "from {source}{sample}.{skipped}{resumed}\nRun folder: {run_dir}").format(
            device=event.get("device"), parameters=f"{event.get('parameters', 0):,}",
            train=f"{event.get('train_size', 0):,}", val=f"{event.get('val_size', 0):,}",
            source=event.get("dataset_source"), sample=sample, skipped=skipped, resumed=resumed,
            run_dir=event.get("run_dir"))

    def _on_finished(self, event: dict) -> None:
        self._on_ended()
        self.settings.choose_new_run()
        stopped = self.tr(" (stopped early: the model so far)") if event.get("stopped_early") else ""
        accuracy = event.get("test_accuracy")
        accuracy_text = (self.tr(", test accuracy {accuracy}").format(accuracy=f"{accuracy:.2%}")
                         if accuracy is not None else "")
        self._set_message(self.tr("Saved the model {model}{stopped}{accuracy}.").format(
            model=event.get("model"), stopped=stopped, accuracy=accuracy_text) + self._evaluating_text())
        self.progress_label.setText(self._progress_text() + self.tr(" — done"))
        self._hub.refresh()
        bundle = event.get("bundle")
        if bundle:
            self.results.evaluate(bundle, dataset=self._dataset_for(bundle))
            self.run_finished.emit(bundle)

    def _on_failed(self, event: dict) -> None:
        message = event.get("message") or self.tr("Training failed.")
        if event.get("checkpoint") and event.get("run_dir"):
            self._resumable_run = event["run_dir"]
            message += " " + self.tr("Press “Resume from checkpoint” to continue.")
        self._on_ended()
        self._set_message(message, error=True)
        self.progress_label.setText(self._progress_text() + self.tr(" — interrupted"))
        self.run_failed.emit(message)

    def _on_ended(self) -> None:
        if self.job is not None:
            # The worker exits on its own after its last event; it is reaped later, never waited for here.
            self._exiting_jobs.append(self.job)
        self.job = None
        self.settings.set_locked(False)
        self.settings.refresh_runs()
        self.refresh_runs()
        self._set_state("idle")
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)

    def _on_evaluated(self, result) -> None:
        if self.job is None:
            self._set_message(self.message.text().replace(self._evaluating_text(), ""))
            self.pages.setCurrentWidget(self.results)

    def _evaluating_text(self) -> str:
        return self.tr(" Evaluating it…")

    def _dataset_for(self, bundle: str):
        """The form's dataset when the model was trained on it (no second read from disk)."""
        dataset = self.settings.dataset
        try:
            from core.registry import read_bundle
            if dataset is not None and read_bundle(bundle).dataset == dataset.name:
                return dataset
        except Exception:  # noqa: BLE001 - the panel loads the dataset itself and reports problems
            pass
        return None

    # ---- progress ---------------------------------------------------------------------------------------

    def _batches_done(self) -> int:
        p = self._progress
        return max(0, (p["epoch"] - 1) * p["batches"] + p["batch"])

    def _show_progress(self) -> None:
        p = self._progress
        if p["batches"] and self.state in ("running", "pausing", "stopping"):
            if self.progress.maximum() == 0:
                self.progress.setRange(0, max(1, p["epochs"] * p["batches"]))
            self.progress.setValue(min(self._batches_done(), self.progress.maximum()))
            self.progress.setFormat(self.tr("epoch {epoch}/{epochs} · batch {batch}/{batches}").format(**p))
            if self.state == "running":
                self.progress_label.setText(self._progress_text())

    def _progress_text(self) -> str:
        p = self._progress
        text = self.tr("Epoch {epoch} of {epochs}, batch {batch} of {batches}").format(**p)
        if p["images_per_second"]:
            text += " · " + self.tr("{rate} images/s").format(rate=f"{p['images_per_second']:,.0f}")
        left = self.seconds_left()
        if left is not None:
            text += " · " + self.tr("about {duration} left").format(duration=_duration(left))
        return text

    def seconds_left(self) -> float | None:
        """From the pace since the first batch (start-up excluded), the time to the last batch."""
        if self._rate_start is None:
            return None
        started, done_then = self._rate_start
        done = self._batches_done() - done_then
        elapsed = time.monotonic() - started
        if done <= 0 or elapsed <= 0:
            return None
        p = self._progress
        remaining = p["epochs"] * p["batches"] - self._batches_done()
        return max(0.0, remaining * elapsed / done)

    # ---- remembered settings ----------------------------------------------------------------------

    def _remember_settings(self, config) -> None:
        """The form comes back as it was for the last run (without the choice to continue that run)."""
        remembered = config.to_dict()
        remembered.update(resume=False, run_dir=None)
        app_settings().setValue(SETTINGS_KEY, json.dumps(remembered))

    def _restore_settings(self) -> None:
        text = app_settings().value(SETTINGS_KEY)
        if not text:
            return
        try:
            self.settings.set_config(TrainConfig.from_dict(json.loads(str(text))))
        except (ValueError, TypeError, KeyError):
            pass   # settings of an older version: the form keeps its defaults

    # ---- state, buttons, messages -------------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        self.state = state
        self._update_buttons()
        self.state_changed.emit(state)

    def _update_buttons(self) -> None:
        idle = self.job is None
        resuming = self.settings.resuming()
        self.start_button.setEnabled(idle and self.settings.is_valid())
        self.start_button.setText(self.tr("Continue run") if resuming else self.tr("Start training"))
        self.start_button.setToolTip(self.tr("Start training (Ctrl+Enter)") if self.settings.is_valid() else
                                     self.tr("Fix the settings marked in red first."))
        self.pause_button.setEnabled(self.state in ("starting", "running", "pausing", "paused"))
        self.pause_button.setText(self.tr("Resume") if self.state in ("paused", "pausing") else self.tr("Pause"))
        self.stop_button.setEnabled(self.state in ("starting", "running", "pausing", "paused"))
        self.resume_button.setVisible(idle and self._resumable_run is not None)

    def _set_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #dc2626;" if error else "")

    # ---- earlier runs -----------------------------------------------------------------------------------

    def refresh_runs(self) -> None:
        """List the earlier runs to compare with (not the one training now), keeping the ticks."""
        self.compare.refresh(exclude=str(self.job.run_dir) if self.job is not None else None)

    def _show_history(self, run_dir: Path) -> None:
        """A continued run shows its earlier epochs from its log."""
        for row in read_log(run_dir):
            self.curves.add_epoch(row)
        self.curves.redraw()

    def apply_setup(self, setup: object) -> bool:
        """Show the training settings another tab prepared (a TrainConfig: the Course tab's chapters)."""
        if not isinstance(setup, TrainConfig):
            return False
        self.settings.set_config(setup)
        return True

    # ---- closing ---------------------------------------------------------------------------------------

    def is_training(self) -> bool:
        return self.job is not None

    def confirm_close(self) -> bool:
        """The main window asks before closing: True when it may close (any training was stopped)."""
        if self.job is None:
            return True
        answer = QMessageBox.question(
            self, self.tr("Training is running"),
            self.tr("A training run is in progress. Stop it and close Inkling?\n\n"
                    "Training stops after the current batch and keeps its checkpoint, so the run can be "
                    "continued later from the Train tab."),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
        self.shutdown()
        return True

    def shutdown(self, grace_s: float = STOP_GRACE_S) -> None:
        """Stop the worker cleanly (at a batch boundary, checkpoint written); kill it if it hangs.
        No process is left behind."""
        self.timer.stop()
        job, self.job = self.job, None
        if job is not None:
            job.stop()
            job.join(timeout=grace_s)
        for worker in ([job] if job is not None else []) + self._exiting_jobs:
            worker.join(timeout=2.0)
            if worker.is_alive():
                worker.kill()
                worker.join(timeout=5.0)
        self._exiting_jobs = []
        self._set_state("idle")


# ---- text helpers ------------------------------------------------------------------------------------

def _highest_rate(fit) -> float:
    return max(learning_rate_at(fit, epoch) for epoch in np.linspace(0, fit.epochs, 200))


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
