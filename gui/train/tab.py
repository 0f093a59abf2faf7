"""The Train tab: settings on the left; on the right the run's controls, live curves, earlier runs to
compare, and the evaluation of the trained model.

Training runs in its own process (core.training.TrainingJob). A timer polls its events every 50 ms;
each is handled through a table keyed by its kind (core.events), recorded at once, and the curves are
redrawn at a steadier pace, so the window stays responsive however fast batches arrive.

Language (gui.i18n): the status lines (progress, run facts, message) are kept as functions of the run's
state, not as text, so a language switch renders them again without touching the running job.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from core import events
from core.config import TrainConfig, learning_rate_at
from core.runs import read_log
from core.training import TrainingJob
from gui import i18n
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
Render = Callable[[], str]        # a status line rendered from the run's state in the current language


class TrainTab(i18n.Retranslatable, Tab):
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
        self._progress_line: Render = lambda: self.tr("Ready.")
        self._run_info: Render = lambda: ""
        self._run_info_tip: Render = lambda: ""
        self._message: Render = lambda: ""
        self._finished_event: dict | None = None     # the last run's end, while its model is evaluated

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

        self.start_button = QPushButton(clicked=self.start)
        self.start_button.setObjectName("start_button")
        self.start_button.setShortcut("Ctrl+Return")
        self.pause_button = QPushButton(clicked=self.toggle_pause)
        self.stop_button = QPushButton(clicked=self.stop)
        self.resume_button = QPushButton(clicked=self.resume_from_checkpoint)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.progress_label = QLabel()
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
        self.pages.addTab(curves_page, "")
        self.pages.addTab(self.results, "")

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
        self.retranslate()

    def retranslate(self) -> None:
        """Buttons, pages and every status line in the current language; the run goes on untouched."""
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop after the current batch; the model so far is saved."))
        self.resume_button.setText(self.tr("Resume from checkpoint"))
        self.resume_button.setToolTip(self.tr("Continue the interrupted run from its last checkpoint."))
        self.pages.setTabText(0, self.tr("Curves"))
        self.pages.setTabText(1, self.tr("Evaluation"))
        self._update_buttons()
        self._show_texts()

    def _show_texts(self) -> None:
        """Render the status lines from the state they were given as."""
        self.progress_label.setText(self._progress_line())
        self.run_info.setText(self._run_info())
        self.run_info.setToolTip(self._run_info_tip())
        self.message.setText(self._message())
        if self.progress.format():
            self.progress.setFormat(self._progress_format())

    def _set_progress_line(self, render: Render) -> None:
        self._progress_line = render
        self.progress_label.setText(render())

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
        self._set_message(lambda: "")
        self._set_run_info(lambda: "")
        self._finished_event = None
        self._resumable_run = None
        self._progress = {"epoch": 0, "epochs": config.fit.epochs, "batch": 0, "batches": 0,
                          "images_per_second": 0.0}
        self._rate_start = None
        try:
            self.job = TrainingJob(config)
            self.job.start()
        except Exception as error:  # noqa: BLE001 - e.g. no run to resume, a full disk: say so, stay alive
            self.job = None
            reason = str(error)
            self._set_message(lambda: self.tr("Could not start training: {0}").format(reason), error=True)
            self._set_state("idle")
            return
        self._set_progress_line(lambda: self.tr("Starting the training process (loading the framework and the "
                                                "data)…"))
        self.progress.setRange(0, 0)     # busy until the first event says how long the run is
        self._lock_form_soon()
        self._set_state("starting")
        self.pages.setCurrentIndex(0)
        self.timer.start()

    def _lock_form_soon(self) -> None:
        """Grey the form out, or back in, a moment later, as the job then is: repainting the whole form in
        the same frame as the spawn and the reset curves, or as the run's last curves and the refreshed
        run lists, would make one long stretch on the GUI thread."""
        QTimer.singleShot(LOCK_DELAY_MS, self, lambda: self.settings.set_locked(self.job is not None))

    def toggle_pause(self) -> None:
        if self.job is None:
            return
        if self.state in ("running", "starting"):
            self.job.pause()
            self._set_state("pausing")
            before = self._progress_line
            self._set_progress_line(lambda: self.tr("{0} — pausing after this batch…").format(before()))
        elif self.state in ("paused", "pausing"):
            self.job.resume()
            self._set_state("running")

    def stop(self) -> None:
        """Stop at the next batch boundary; the worker then saves the model so far."""
        if self.job is None:
            return
        self.job.stop()
        self._set_state("stopping")
        self._set_progress_line(lambda: self.tr("Stopping after the current batch; the model so far will be "
                                                "saved…"))

    def resume_from_checkpoint(self) -> None:
        """Continue the run that was interrupted, from its last checkpoint."""
        if self.job is not None or not self._resumable_run:
            return
        self.settings.choose_resume_run(self._resumable_run)
        if self.settings.is_valid():
            self.start()
        else:
            self._set_message(lambda: self.tr("The run cannot continue as it is: {0}").format(
                " ".join(self.settings.errors().values())), error=True)

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
        self._set_message(lambda: self._describe_epoch(event))

    def _describe_epoch(self, event: dict) -> str:
        parts = [self.tr("Epoch {0}: loss {1}, accuracy {2}").format(
            _count(event["epoch"]), i18n.number(float(event["loss"]), 4), i18n.percent(float(event["accuracy"]), 2))]
        if event.get("val_accuracy") is not None:
            parts.append(self.tr("validation loss {0}, accuracy {1}").format(
                i18n.number(float(event["val_loss"]), 4), i18n.percent(float(event["val_accuracy"]), 2)))
        if event.get("seconds"):
            parts.append(self.tr("{0} s").format(i18n.number(float(event["seconds"]), 1)))
        return self.tr(" · ").join(parts)

    def _on_download(self, event: dict) -> None:
        total = event.get("total") or 0
        done = event.get("bytes") or 0
        self._set_progress_line(lambda: self.tr("Downloading the dataset… {0}").format(i18n.percent(done / total))
                                if total else self.tr("Downloading the dataset…"))

    def _on_checkpoint(self, event: dict) -> None:
        def tip() -> str:
            which = self.tr("best and last") if event.get("best") else self.tr("last")
            return self.tr("Checkpoint ({0}) after epoch {1}: {2}").format(which, _count(event.get("epoch")),
                                                                          event.get("path"))
        self._run_info_tip = tip
        self.run_info.setToolTip(tip())

    def _on_early_stopped(self, event: dict) -> None:
        best = event.get("best_val_accuracy")

        def text() -> str:
            best_text = self.tr(" ({0})").format(i18n.percent(best, 2)) if isinstance(best, float) else ""
            return self.tr("Stopped early after epoch {0}: validation accuracy stopped improving; the best was "
                           "epoch {1}{2}.").format(_count(event.get("epoch")), _count(event.get("best_epoch")),
                                                   best_text)
        self._set_message(text)

    def _on_target_reached(self, event: dict) -> None:
        self._set_message(lambda: self.tr("Stopped after epoch {0}: validation accuracy {1} reached the target "
                                          "{2}.").format(_count(event.get("epoch")),
                                                         i18n.percent(event.get("val_accuracy", 0.0), 2),
                                                         i18n.percent(event.get("target", 0.0), 2)))

    def _on_paused(self, event: dict) -> None:
        self._set_state("paused")
        self._set_progress_line(lambda: self.tr("{0} — paused").format(self._progress_text()))

    def _on_resumed(self, event: dict) -> None:
        if self.state in ("paused", "pausing"):
            self._set_state("running")

    def _on_stopped(self, event: dict) -> None:
        """A stop inside an epoch (the model so far is being saved), or the run left resumable."""
        if event.get("epoch") is not None:
            self._set_message(lambda: self.tr("Stopped in epoch {0} after batch {1}; saving the model so far…")
                              .format(_count(event.get("epoch")), _count(event.get("batch"))))
            return
        self._resumable_run = event.get("run_dir")
        self._on_ended()
        self._set_message(lambda: self.tr("Stopped; the run can be continued from its checkpoint."))

    def _on_started(self, event: dict) -> None:
        self._progress.update(epochs=int(event["epochs"]), batches=int(event["batches_per_epoch"]),
                              epoch=int(event.get("start_epoch") or 0), batch=0)
        self.progress.setRange(0, max(1, self._progress["epochs"] * self._progress["batches"]))
        self._set_run_info(lambda: self._describe_start(event))
        if self.state == "starting":
            self._set_progress_line(lambda: self.tr("Training…"))

    def _describe_start(self, event: dict) -> str:
        sample = self.tr(" (the small sample shipped with Inkling)") if event.get("is_sample") else ""
        skipped = (" " + self.tr("%n unreadable image(s) were skipped; training uses the rest.", "",
                                 int(event["skipped"])) if event.get("skipped") else "")
        resumed = (" " + self.tr("Continuing after epoch {0}.").format(_count(event["start_epoch"]))
                   if event.get("start_epoch") else "")
        return self.tr("Device: {0} · {1} parameters · {2} training, {3} validation images from {4}{5}.{6}{7}\n"
                       "Run folder: {8}").format(
            event.get("device"), i18n.number(int(event.get("parameters", 0))),
            i18n.number(int(event.get("train_size", 0))), i18n.number(int(event.get("val_size", 0))),
            event.get("dataset_source"), sample, skipped, resumed, event.get("run_dir"))

    def _on_finished(self, event: dict) -> None:
        self._on_ended()
        self.settings.choose_new_run()
        bundle = event.get("bundle")
        self._finished_event = event if bundle else None
        self._set_message(lambda: self._describe_finished(event))
        self._set_progress_line(lambda: self.tr("{0} — done").format(self._progress_text()))
        self._hub.refresh()
        if bundle:
            self.results.evaluate(bundle, dataset=self._dataset_for(bundle))
            self.run_finished.emit(bundle)

    def _on_failed(self, event: dict) -> None:
        resumable = bool(event.get("checkpoint") and event.get("run_dir"))
        if resumable:
            self._resumable_run = event["run_dir"]

        def text() -> str:
            message = event.get("message") or self.tr("Training failed.")     # core's message stays English
            return message + " " + self.tr("Press “Resume from checkpoint” to continue.") if resumable else message
        self._on_ended()
        self._set_message(text, error=True)
        self._set_progress_line(lambda: self.tr("{0} — interrupted").format(self._progress_text()))
        self.run_failed.emit(text())

    def _on_ended(self) -> None:
        if self.job is not None:
            # The worker exits on its own after its last event; it is reaped later, never waited for here.
            self._exiting_jobs.append(self.job)
        self.job = None
        self._lock_form_soon()
        self.settings.refresh_runs()
        self.refresh_runs()
        self._set_state("idle")
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)

    def _describe_finished(self, event: dict) -> str:
        stopped = self.tr(" (stopped early: the model so far)") if event.get("stopped_early") else ""
        accuracy = event.get("test_accuracy")
        accuracy_text = (self.tr(", test accuracy {0}").format(i18n.percent(accuracy, 2))
                         if accuracy is not None else "")
        text = self.tr("Saved the model {0}{1}{2}.").format(event.get("model"), stopped, accuracy_text)
        if self._finished_event is event:
            text += " " + self.tr("Evaluating it…")
        return text

    def _on_evaluated(self, result) -> None:
        if self.job is None:
            self._finished_event = None
            self._set_message(self._message)      # without "Evaluating it…"
            self.pages.setCurrentWidget(self.results)

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
            self.progress.setFormat(self._progress_format())
            if self.state == "running":
                self._set_progress_line(self._progress_text)

    def _progress_format(self) -> str:
        """The bar's own text (shown once batches are known; the bar stays blank before)."""
        p = self._progress
        return self.tr("epoch {0}/{1} · batch {2}/{3}").format(
            *(_count(p[key]) for key in ("epoch", "epochs", "batch", "batches")))

    def _progress_text(self) -> str:
        p = self._progress
        parts = [self.tr("Epoch {0} of {1}, batch {2} of {3}").format(
            *(_count(p[key]) for key in ("epoch", "epochs", "batch", "batches")))]
        if p["images_per_second"]:
            parts.append(self.tr("{0} images/s").format(i18n.number(float(p["images_per_second"]), 0)))
        left = self.seconds_left()
        if left is not None:
            parts.append(self.tr("about {0} left").format(self._duration(left)))
        return self.tr(" · ").join(parts)

    def _duration(self, seconds: float) -> str:
        seconds = int(round(seconds))
        if seconds < 60:
            return self.tr("{0} s").format(i18n.number(seconds))
        minutes, seconds = divmod(seconds, 60)
        if minutes < 60:
            return self.tr("{0} min {1} s").format(i18n.number(minutes), f"{seconds:02d}")
        hours, minutes = divmod(minutes, 60)
        return self.tr("{0} h {1} min").format(i18n.number(hours), f"{minutes:02d}")

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

    def _set_message(self, render: Render, error: bool = False) -> None:
        """The message line, as a function of the run's state (re-rendered on a language switch)."""
        self._message = render
        self.message.setText(render())
        self.message.setStyleSheet("color: #dc2626;" if error else "")

    def _set_run_info(self, render: Render) -> None:
        self._run_info = render
        self.run_info.setText(render())

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


def _count(value) -> str:
    """An epoch or batch number from an event as the current language writes it ("?" when missing)."""
    try:
        return i18n.number(int(value))
    except (TypeError, ValueError):
        return "?"
