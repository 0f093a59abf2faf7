"""Teach it your handwriting: say what a digit really is, see your digits, fine-tune, roll back.

The correction row ("This is really a 0 … 9", also Alt+0 … Alt+9) stores the digit on the canvas (the
28×28 input the network saw) in the personal dataset (core.personal). The panel lists that dataset as
thumbnails grouped by label, with delete and relabel. "Fine-tune" runs core.finetune's FinetuneJob in
its own process (never this thread; a timer polls its events), shows before and after on the held-out
digits and on MNIST test, and switches every tab to the new bundle; "Use the original" switches back in
one click, and the new bundle can be deleted. A stopped or failed fine-tune leaves the original active.
The panel's message is kept as a function that renders it, so a language switch (gui.i18n) re-renders it
while a fine-tune keeps running.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from core import personal
from core.events import EPOCH, FAILED, FINISHED, STARTED, STOPPED, dispatch
from core.fileio import UserError
from gui import i18n
from gui.common.images import to_pixmap

THUMB_SIDE = 42
POLL_MS = 100


class PersonalPanel(i18n.Retranslatable, QWidget):
    """See the module docstring. `current_digit()` gives the digit on the canvas (28×28, 0..1) or None."""

    saved = Signal(int)              # a digit was stored with this label
    finetune_ended = Signal(dict)    # the final event of a fine-tune (finished, failed or stopped)

    def __init__(self, hub, current_digit: Callable[[], np.ndarray | None], parent: QWidget | None = None):
        super().__init__(parent)
        self._hub = hub
        self._current_digit = current_digit
        self._job = None
        self._original: str | None = None     # the bundle fine-tuned from (its folder)
        self._new: str | None = None          # the bundle a fine-tune made (its folder)
        self._message: Callable[[], str] = str  # the panel's message, rendered in the current language
        self._summary: Callable[[], str] = str  # how many digits of each label
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.correction_actions = [self._correction_action(digit) for digit in range(10)]
        self.correction_row = self._build_correction_row()
        self._build()
        self.refresh()
        self.retranslate()

    def retranslate(self) -> None:
        for digit, (action, button) in enumerate(zip(self.correction_actions, self.correction_buttons)):
            action.setToolTip(self.tr("This digit is really a {0}: keep it in your personal dataset (Alt+{0})")
                              .format(digit))
            button.setToolTip(action.toolTip())
        self.correction_label.setText(self.tr("This is really a"))
        self.show_action.setText(self.tr("Your digits…"))
        self.show_action.setToolTip(self.tr("Show your personal dataset and fine-tune the model to it (Alt+D)"))
        self.digits_box.setTitle(self.tr("Your digits"))
        self.thumbnails.setToolTip(self.tr("Your personal dataset, by label; select digits to delete or relabel"))
        self.delete_button.setText(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Remove the selected digits from your personal dataset"))
        self.relabel_button.setText(self.tr("Relabel as"))
        self.relabel_button.setToolTip(self.tr("Give the selected digits the label on the right"))
        self.finetune_box.setTitle(self.tr("Fine-tune to your handwriting"))
        self.finetune_button.setText(self.tr("Fine-tune"))
        self.finetune_button.setToolTip(self.tr("Adapt the active model to your digits (a quarter held out to "
                                                "measure), with MNIST replayed so it does not forget"))
        self.stop_button.setText(self.tr("Stop"))
        self.rollback_button.setText(self.tr("Use the original"))
        self.rollback_button.setToolTip(self.tr("Switch every tab back to the model you fine-tuned from"))
        self.delete_new_button.setText(self.tr("Delete the new model"))
        for row in range(self.thumbnails.count()):
            self._name_thumbnail(self.thumbnails.item(row))
        self.summary_label.setText(self._summary())
        self.result_label.setText(self._message())

    # ----- layout ------------------------------------------------------------------------------------

    def _correction_action(self, digit: int) -> QAction:
        action = QAction(str(digit), self)
        action.setShortcut(QKeySequence(f"Alt+{digit}"))
        action.triggered.connect(lambda _=False, d=digit: self.save_current(d))
        return action

    def _build_correction_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.correction_label = QLabel()
        layout.addWidget(self.correction_label)
        self.correction_buttons = []
        for action in self.correction_actions:
            button = QPushButton(action.text())
            button.setFixedWidth(30)
            button.clicked.connect(action.trigger)
            layout.addWidget(button)
            self.correction_buttons.append(button)
        layout.addStretch(1)
        self.show_action = QAction(self)
        self.show_action.setCheckable(True)
        self.show_action.setShortcut(QKeySequence("Alt+D"))
        self.show_action.toggled.connect(self._toggle_shown)
        toggle = QToolButton()
        toggle.setDefaultAction(self.show_action)
        layout.addWidget(toggle)
        return row

    def _toggle_shown(self, on: bool) -> None:
        self.setVisible(on)
        if on:
            self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.digits_box = digits_box = QGroupBox()
        digits_layout = QVBoxLayout(digits_box)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.thumbnails = QListWidget()
        self.thumbnails.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbnails.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
        self.thumbnails.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.thumbnails.setMovement(QListWidget.Movement.Static)
        self.thumbnails.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        digits_layout.addWidget(self.summary_label)
        digits_layout.addWidget(self.thumbnails, 1)
        digits_layout.addLayout(self._build_edit_row())
        layout.addWidget(digits_box, 1)
        layout.addWidget(self._build_finetune_box())

    def _build_edit_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.relabel_spin = QSpinBox()
        self.relabel_spin.setRange(0, 9)
        self.relabel_button = QPushButton()
        self.relabel_button.clicked.connect(lambda: self.relabel_selected(self.relabel_spin.value()))
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.relabel_button)
        row.addWidget(self.relabel_spin)
        return row

    def _build_finetune_box(self) -> QGroupBox:
        self.finetune_box = box = QGroupBox()
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.finetune_button = QPushButton()
        self.finetune_button.clicked.connect(self.start_finetune)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop_finetune)
        self.rollback_button = QPushButton()
        self.rollback_button.clicked.connect(self.rollback)
        self.delete_new_button = QPushButton()
        self.delete_new_button.clicked.connect(self.delete_new_model)
        for button in (self.finetune_button, self.stop_button, self.rollback_button, self.delete_new_button):
            row.addWidget(button)
        row.addStretch(1)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        self._update_buttons()
        return box

    # ----- the personal dataset ----------------------------------------------------------------------

    def save_current(self, label: int) -> bool:
        """Store the digit on the canvas with its true label; False (and why, in the panel) when there is none."""
        digit = self._current_digit()
        if digit is None:
            self._say(lambda: self.tr("Draw a digit first: there is nothing to keep yet."))
            return False
        try:
            personal.add_digit(digit, label)
        except UserError as error:
            self._say(str(error))
            return False
        self.refresh()
        self._say(lambda: self.tr("Kept as a {0} in your personal dataset.").format(label))
        self.saved.emit(label)
        return True

    def refresh(self) -> None:
        try:
            digits = personal.list_digits()
        except UserError as error:
            digits = []
            self._say(str(error))
        self.thumbnails.clear()
        for digit in sorted(digits, key=lambda d: d.label):
            self.thumbnails.addItem(self._thumbnail(digit))
        self._summary = partial(self._summary_text, len(digits), personal.counts_by_label(digits))
        self.summary_label.setText(self._summary())
        self._update_buttons()

    def _summary_text(self, total: int, counts: dict) -> str:
        if not total:
            return self.tr("None yet: draw a digit and say what it really is (the buttons under the canvas, or "
                           "Alt+0 … Alt+9).")
        return self.tr("{0} digits: {1}").format(i18n.number(total), ", ".join(f"{k}×{i18n.number(v)}"
                                                                               for k, v in counts.items()))

    def _thumbnail(self, digit: personal.PersonalDigit) -> QListWidgetItem:
        item = QListWidgetItem(str(digit.label))
        image = personal.read_digit(digit)
        if image is not None:
            item.setIcon(QIcon(to_pixmap(image, THUMB_SIDE)))
        item.setData(Qt.ItemDataRole.UserRole, digit.name)
        item.setData(Qt.ItemDataRole.UserRole + 1, image is not None)
        self._name_thumbnail(item)
        return item

    def _name_thumbnail(self, item: QListWidgetItem) -> None:
        if not item.data(Qt.ItemDataRole.UserRole + 1):
            item.setToolTip(self.tr("{0} cannot be read").format(item.data(Qt.ItemDataRole.UserRole)))

    def _selected_names(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.thumbnails.selectedItems()]

    def delete_selected(self) -> None:
        self._edit(lambda name: personal.delete_digit(name))

    def relabel_selected(self, label: int) -> None:
        self._edit(lambda name: personal.relabel_digit(name, label))

    def _edit(self, change: Callable[[str], object]) -> None:
        try:
            for name in self._selected_names():
                change(name)
        except UserError as error:
            self._say(str(error))
        self.refresh()

    # ----- fine-tuning ---------------------------------------------------------------------------------

    def start_finetune(self) -> bool:
        from core.finetune import FinetuneJob, FinetuneSettings

        classifier = self._hub.classifier
        if classifier is None:
            self._say(lambda: self.tr("No model is loaded yet; wait for it, then fine-tune."))
            return False
        self._original = str(classifier.info.path)
        self._job = FinetuneJob(FinetuneSettings(model=self._original))
        self._job.start()
        self._timer.start()
        name = classifier.info.name
        self._say(lambda: self.tr("Fine-tuning {0} in the background…").format(name))
        self._update_buttons()
        return True

    def stop_finetune(self) -> None:
        if self._job is not None:
            self._job.stop()

    def is_running(self) -> bool:
        return self._job is not None

    def _poll(self) -> None:
        if self._job is None:
            return
        handlers = {STARTED: self._on_started, EPOCH: self._on_epoch, FINISHED: self._on_finished,
                    FAILED: self._on_ended, STOPPED: self._on_ended}
        for item in self._job.poll():
            dispatch(handlers, item)

    def _on_started(self, event: dict) -> None:
        self._say(lambda: self.tr("Learning from {0} of your digits ({1} held out) beside {2} MNIST digits…").format(
            i18n.number(event["personal"]), i18n.number(event["holdout"]),
            i18n.number(event["train_size"] - event["personal"])))

    def _on_epoch(self, event: dict) -> None:
        self._say(partial(self._epoch_text, event))

    def _epoch_text(self, event: dict) -> str:
        epoch, epochs = i18n.number(event["epoch"]), i18n.number(event["epochs"])
        held = event.get("val_accuracy")
        if held is None:
            return self.tr("Epoch {0} of {1}").format(epoch, epochs)
        return self.tr("Epoch {0} of {1}: held-out digits {2}").format(epoch, epochs, i18n.percent(held))

    def _on_finished(self, event: dict) -> None:
        self._new = event["bundle"]
        self._hub.refresh()
        self._hub.select(self._new)
        self._say(partial(self._before_after, event))
        self._end(event)

    def _on_ended(self, event: dict) -> None:
        message = event.get("message")   # core's own words, when it gives any
        self._say((lambda: message) if message else (lambda: self.tr("Fine-tuning ended.")))
        self._end(event)

    def _end(self, event: dict) -> None:
        self._timer.stop()
        self._job.join(1.0)
        self._job = None
        self._update_buttons()
        self.finetune_ended.emit(event)

    def _before_after(self, event: dict) -> str:
        before, after = event["before"], event["after"]
        text = self.tr("Now using {0}.").format(event["model"])
        if after.get("holdout_accuracy") is not None:
            text += " " + self.tr("Your held-out digits: {0} → {1}.").format(
                i18n.percent(before["holdout_accuracy"], 1), i18n.percent(after["holdout_accuracy"], 1))
        text += " " + self.tr("MNIST test: {0} → {1}.").format(i18n.percent(before["mnist_accuracy"], 2),
                                                             i18n.percent(after["mnist_accuracy"], 2))
        return text + " " + self.tr("({0} s)").format(i18n.number(event["seconds"], 1))

    def rollback(self) -> None:
        """Switch every tab back to the model fine-tuned from."""
        if self._original is not None:
            self._hub.select(self._original)
            name = Path(self._original).name
            self._say(lambda: self.tr("Back to {0}.").format(name))
        self._update_buttons()

    def delete_new_model(self) -> None:
        from core.registry import delete_bundle

        if self._new is None:
            return
        if self._hub.classifier is not None and str(self._hub.classifier.info.path) == self._new:
            self.rollback()
        try:
            delete_bundle(self._new)
        except UserError as error:
            self._say(str(error))
            return
        name = Path(self._new).name
        self._say(lambda: self.tr("Deleted {0}.").format(name))
        self._new = None
        self._hub.refresh()
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self._job is not None
        self.finetune_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.rollback_button.setEnabled(not running and self._original is not None and self._new is not None)
        self.delete_new_button.setEnabled(not running and self._new is not None)

    def _say(self, text: str | Callable[[], str]) -> None:
        """Show a message: a function that renders it (re-run on a language switch) or core's own words."""
        self._message = text if callable(text) else (lambda: text)
        self.result_label.setText(self._message())

    def result_text(self) -> str:
        return self.result_label.text()

    def shutdown(self) -> None:
        """The window is closing: a running fine-tune is stopped (nothing is saved)."""
        self._timer.stop()
        if self._job is not None:
            self._job.stop()
            self._job.join(3.0)
            self._job.kill()
            self._job = None
