"""Step four of the course's recipe, fit: batch size, epochs, early stopping and the random seed."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QWidget

from core.config import FitConfig
from gui import i18n
from gui.train.panels.form import FormPanel


class FitPanel(FormPanel):
    epochs_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        defaults = FitConfig()
        self._epochs_done = 0                 # epochs an earlier run (being continued) already trained
        self.batch_size = QSpinBox(minimum=1, maximum=65536, value=defaults.batch_size)
        self.add_field(self.batch_size, "batch_size")
        self.epochs = QSpinBox(minimum=1, maximum=10_000, value=defaults.epochs)
        self.add_field(self.epochs, "epochs")
        self.patience = QSpinBox(minimum=0, maximum=1000, value=defaults.early_stopping_patience)
        self.add_field(self.patience)
        self.target = QDoubleSpinBox(minimum=0.0, maximum=100.0, singleStep=0.5, decimals=1, suffix=" %",
                                     value=0.0)
        self.add_field(self.target)
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1, value=defaults.seed)
        self.add_field(self.seed)
        self.epochs.valueChanged.connect(self.epochs_changed)
        self.connect_changes(self.batch_size, self.epochs, self.patience, self.target, self.seed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("4 · Fit"))
        self.name_field(self.batch_size, self.tr("Batch size"))
        self.name_field(self.epochs, self.tr("Epochs"))
        self.name_field(self.patience, self.tr("Early stopping"),
                        self.tr("Stop after this many epochs without a better validation accuracy."))
        self.patience.setSpecialValueText(self.tr("off"))
        self.name_field(self.target, self.tr("Stop at validation accuracy"),
                        self.tr("Stop after the epoch whose validation accuracy reaches this."))
        self.target.setSpecialValueText(self.tr("off"))
        self.name_field(self.seed, self.tr("Random seed"))

    def fit_fields(self) -> dict:
        """This panel's part of a core.config.FitConfig."""
        return dict(epochs=self.epochs.value(), batch_size=self.batch_size.value(),
                    early_stopping_patience=self.patience.value(), seed=self.seed.value(),
                    target_accuracy=self.target.value() / 100 if self.target.value() else None)

    def set_config(self, config) -> None:
        fit = config.fit
        self.epochs.setValue(fit.epochs)
        self.batch_size.setValue(fit.batch_size)
        self.patience.setValue(fit.early_stopping_patience)
        self.target.setValue(100 * (getattr(fit, "target_accuracy", None) or 0.0))
        self.seed.setValue(fit.seed)

    def set_epochs_done(self, epochs: int) -> None:
        """A continued run must train past the epochs it already has."""
        self._epochs_done = int(epochs)
        self.changed.emit()

    def errors(self, training_images: int | None = None) -> dict[str, str]:
        errors: dict[str, str] = {}
        if training_images is not None and self.batch_size.value() > training_images:
            errors["batch_size"] = self.tr("Larger than the {0} training images; use a smaller batch.").format(
                i18n.number(training_images))
        if self._epochs_done and self.epochs.value() <= self._epochs_done:
            errors["epochs"] = self.tr("This run already trained {0} epochs; set more to continue it.").format(
                i18n.number(self._epochs_done))
        return errors
