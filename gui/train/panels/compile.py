"""Step three of the course's recipe, compile: the optimizer, the learning rate and its schedule (with a
preview of the rate over the epochs), and the L2 penalty."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QDoubleSpinBox, QLineEdit, QWidget

from core.config import FitConfig, learning_rate_at
from gui.train.panels.form import FormPanel, combo, format_number, parse_number
from gui.train.widgets import RatePreview


OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam", "adadelta")
SCHEDULES = ("constant", "exponential", "step", "cosine", "onecycle")


class CompilePanel(FormPanel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._epochs = FitConfig().epochs     # the fit panel's, for the preview and the warm-up check
        self._build_optimizer_rows()
        self._build_schedule_rows()
        self.rate_preview = RatePreview()
        self.form.addRow(self.rate_preview)
        self.l2 = QLineEdit(format_number(FitConfig().l2))
        self.add_field(self.l2, "l2")
        self._wire()
        self.retranslate()

    def _build_optimizer_rows(self) -> None:
        defaults = FitConfig()
        self.optimizer = combo()
        for key in OPTIMIZERS:
            self.optimizer.addItem("", key)
        self.optimizer.setCurrentIndex(self.optimizer.findData(defaults.optimizer))
        self.add_field(self.optimizer)
        self.learning_rate = QLineEdit(format_number(defaults.learning_rate))
        self.add_field(self.learning_rate, "learning_rate")
        self.momentum = QDoubleSpinBox(minimum=0.0, maximum=0.999, singleStep=0.05, decimals=3,
                                       value=defaults.momentum)
        self.momentum_row = self.add_field(self.momentum)

    def _build_schedule_rows(self) -> None:
        defaults = FitConfig()
        self.schedule = combo()
        for key in SCHEDULES:
            self.schedule.addItem("", key)
        self.add_field(self.schedule)
        self.decay_rate = QDoubleSpinBox(minimum=0.01, maximum=1.0, singleStep=0.01, decimals=3,
                                         value=defaults.decay_rate)
        self.decay_rate_row = self.add_field(self.decay_rate)
        self.step_factor = QDoubleSpinBox(minimum=0.01, maximum=1.0, singleStep=0.05, decimals=3,
                                          value=defaults.step_factor)
        self.step_factor_row = self.add_field(self.step_factor)
        self.decay_epochs = QDoubleSpinBox(minimum=0.1, maximum=1000, singleStep=0.5, decimals=1,
                                           value=defaults.decay_epochs)
        self.decay_epochs_row = self.add_field(self.decay_epochs)
        self.warmup_epochs = QDoubleSpinBox(minimum=0.0, maximum=1000, singleStep=0.5, decimals=1,
                                            value=defaults.warmup_epochs)
        self.warmup_row = self.add_field(self.warmup_epochs, "warmup")
        self.label_smoothing = QDoubleSpinBox(minimum=0.0, maximum=0.5, singleStep=0.05, decimals=2,
                                              value=defaults.label_smoothing)
        self.add_field(self.label_smoothing)

    def retranslate(self) -> None:
        self.setTitle(self.tr("3 · Compile: optimizer and learning rate"))
        optimizers = {"sgd": "SGD", "momentum": self.tr("SGD with momentum"), "adagrad": "Adagrad",
                      "rmsprop": "RMSProp", "adam": "Adam", "adadelta": "Adadelta"}
        schedules = {"constant": self.tr("Constant"), "exponential": self.tr("Exponential decay (the course's)"),
                     "step": self.tr("Step decay"), "cosine": self.tr("Cosine with warm-up"),
                     "onecycle": self.tr("One-cycle (up, then down)")}
        for box, titles in ((self.optimizer, optimizers), (self.schedule, schedules)):
            for index in range(box.count()):
                box.setItemText(index, titles[box.itemData(index)])
        self.name_field(self.optimizer, self.tr("Optimizer"))
        self.name_field(self.learning_rate, self.tr("Learning rate"), self.tr("For example 0.001 or 1e-3."))
        self.name_field(self.momentum, self.tr("Momentum"))
        self.name_field(self.schedule, self.tr("Schedule"))
        self.name_field(self.decay_rate, self.tr("Decay rate"),
                        self.tr("The rate is multiplied by this every 'decay epochs'."))
        self.name_field(self.step_factor, self.tr("Step factor"))
        self.name_field(self.decay_epochs, self.tr("Decay epochs"))
        self.name_field(self.warmup_epochs, self.tr("Warm-up epochs"))
        self.name_field(self.label_smoothing, self.tr("Label smoothing"),
                        self.tr("Learn from softened targets: (1 − s) for the right class, s shared by all."))
        self.label_smoothing.setSpecialValueText(self.tr("off"))
        self.name_field(self.l2, self.tr("L2 penalty"), self.tr("Weight decay on kernels; 0 is off, try 1e-4."))

    def _wire(self) -> None:
        self.optimizer.currentIndexChanged.connect(self._on_optimizer_changed)
        self.schedule.currentIndexChanged.connect(self._on_schedule_changed)
        for spin in (self.decay_rate, self.step_factor, self.decay_epochs, self.warmup_epochs):
            spin.valueChanged.connect(self._refresh_rate_preview)
        self.learning_rate.textChanged.connect(self._refresh_rate_preview)
        self.connect_changes(self.optimizer, self.learning_rate, self.momentum, self.schedule, self.decay_rate,
                             self.step_factor, self.decay_epochs, self.warmup_epochs, self.l2,
                             self.label_smoothing)
        self._on_schedule_changed()
        self._on_optimizer_changed()

    # ---- the configuration ---------------------------------------------------------------------------

    def fit_fields(self) -> dict:
        """This panel's part of a core.config.FitConfig."""
        return dict(optimizer=self.optimizer.currentData(),
                    learning_rate=parse_number(self.learning_rate.text()) or FitConfig().learning_rate,
                    momentum=self.momentum.value(), schedule=self.schedule.currentData(),
                    decay_rate=self.decay_rate.value(), decay_epochs=self.decay_epochs.value(),
                    step_factor=self.step_factor.value(), warmup_epochs=self.warmup_epochs.value(),
                    l2=parse_number(self.l2.text()) or 0.0, label_smoothing=self.label_smoothing.value())

    def set_config(self, config) -> None:
        fit = config.fit
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(fit.optimizer)))
        self.learning_rate.setText(format_number(fit.learning_rate))
        self.momentum.setValue(fit.momentum)
        self.schedule.setCurrentIndex(max(0, self.schedule.findData(fit.schedule)))
        self.decay_rate.setValue(fit.decay_rate)
        self.decay_epochs.setValue(fit.decay_epochs)
        self.step_factor.setValue(fit.step_factor)
        self.warmup_epochs.setValue(fit.warmup_epochs)
        self.l2.setText(format_number(fit.l2))
        self.label_smoothing.setValue(fit.label_smoothing)

    def set_epochs(self, epochs: int) -> None:
        """The length of training (from the fit panel): the preview's span and the warm-up's limit."""
        self._epochs = int(epochs)
        self._refresh_rate_preview()
        self.changed.emit()

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        rate = parse_number(self.learning_rate.text())
        if rate is None:
            errors["learning_rate"] = self.tr("Type a number, for example 0.001 or 1e-3.")
        elif not 0 < rate <= 10:
            errors["learning_rate"] = self.tr("The learning rate must be above 0 (and at most 10).")
        l2 = parse_number(self.l2.text())
        if l2 is None:
            errors["l2"] = self.tr("Type a number, for example 0 or 1e-4.")
        elif not 0 <= l2 < 1:
            errors["l2"] = self.tr("The L2 penalty must be at least 0 and below 1.")
        if self.schedule.currentData() in ("cosine", "onecycle") and self.warmup_epochs.value() >= self._epochs:
            errors["warmup"] = self.tr("The warm-up must be shorter than the training "
                                       "(fewer epochs than 'Epochs').")
        return errors

    # ---- reacting ------------------------------------------------------------------------------------

    def _on_optimizer_changed(self) -> None:
        self.momentum_row.setEnabled(self.optimizer.currentData() == "momentum")

    def _on_schedule_changed(self) -> None:
        schedule = self.schedule.currentData()
        self.set_row_visible(self.decay_rate_row, schedule == "exponential")
        self.set_row_visible(self.step_factor_row, schedule == "step")
        self.set_row_visible(self.decay_epochs_row, schedule in ("exponential", "step"))
        self.set_row_visible(self.warmup_row, schedule in ("cosine", "onecycle"))
        self._refresh_rate_preview()

    def _refresh_rate_preview(self) -> None:
        if parse_number(self.learning_rate.text()) is None:
            return   # the field explains itself; the preview keeps the last valid schedule
        config = FitConfig(epochs=self._epochs, **self.fit_fields())
        epochs = np.linspace(0, config.epochs, max(2, min(400, config.epochs * 40)))
        try:
            rates = np.array([learning_rate_at(config, e) for e in epochs])
        except (ValueError, ZeroDivisionError):
            return
        self.rate_preview.show_rates(epochs, rates)
