"""The Train tab's settings: one scrollable form of panels that yields a core.config.TrainConfig.

Steps one to four of the course's recipe, each a panel (gui/train/panels): the data (with a preview),
the model (with its summary), how to compile it (optimizer, learning rate and schedule, regularisation)
and how to fit it (batch size, epochs), then checkpoints (continue an earlier run) and augmentation.
A recipe on top fills the form in one click; a panel at the bottom runs the same settings on N processes.
Each panel owns its widgets and says what is wrong with its own fields; this form wires the facts one
panel needs from another, and says whether the whole is valid (the tab enables Start from that).
Each panel names its own rows on a language switch; the form re-renders the error lines under the fields.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from core.config import RECIPES, AugmentConfig, FitConfig, TrainConfig
from gui import i18n
from gui.train.panels.augment import AugmentPanel
from gui.train.panels.compile import CompilePanel
from gui.train.panels.data import DataPanel
from gui.train.panels.fit import FitPanel
from gui.train.panels.model import ModelPanel
from gui.train.panels.parallel import ParallelPanel
from gui.train.panels.recipe import RecipePanel
from gui.train.panels.resume import ResumePanel


class TrainSettings(i18n.Retranslatable, QScrollArea):
    changed = Signal()
    validity_changed = Signal(bool)
    dataset_loaded = Signal(object)          # core.data.Dataset

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setMinimumWidth(440)
        self._errors: dict[str, str] = {}
        self._valid: bool | None = None
        self.recipe_panel = RecipePanel()
        self.data_panel = DataPanel()
        self.model_panel = ModelPanel()
        self.compile_panel = CompilePanel()
        self.fit_panel = FitPanel()
        self.resume_panel = ResumePanel()
        self.augment_panel = AugmentPanel()
        self.parallel_panel = ParallelPanel(self.config)
        body = QWidget()
        layout = QVBoxLayout(body)
        for panel in self._panels():
            layout.addWidget(panel)
        layout.addStretch(1)
        self.setWidget(body)
        self._wire()
        self.resume_panel.refresh_runs()
        self.model_panel.refresh_summary_soon()
        self.data_panel.reload()
        self.retranslate()

    def retranslate(self) -> None:
        """The panels name their own rows; the error lines under the fields are rendered again here."""
        self._validate()

    def _panels(self):
        """In the order the form shows them (and its errors are listed)."""
        return (self.recipe_panel, self.data_panel, self.model_panel, self.compile_panel, self.fit_panel,
                self.resume_panel, self.augment_panel, self.parallel_panel)

    def _wire(self) -> None:
        data = self.data_panel
        data.dataset_changed.connect(self._on_dataset_changed)
        data.dataset_loaded.connect(self._on_dataset_loaded)
        data.preview_unavailable.connect(self.augment_panel.clear_preview)
        self.fit_panel.epochs_changed.connect(self.compile_panel.set_epochs)
        self.resume_panel.epochs_done_changed.connect(self.fit_panel.set_epochs_done)
        self.resume_panel.run_chosen.connect(self._on_run_chosen)
        self.recipe_panel.recipe_chosen.connect(self.use_recipe)
        self.changed.connect(self.parallel_panel.refresh_command)
        for panel in self._panels():
            panel.changed.connect(self._validate)

    # ---- facts one panel needs from another ----------------------------------------------------------

    def _on_dataset_changed(self, dataset) -> None:
        self.model_panel.set_input(*self.data_panel.input_shape_and_classes())
        self.augment_panel.set_dataset(dataset)

    def _on_dataset_loaded(self, dataset) -> None:
        self.model_panel.refresh_summary_soon()
        self._validate()
        self.dataset_loaded.emit(dataset)

    def _on_run_chosen(self, run_dir: str, config) -> None:
        """Continuing a run loads its settings and keeps its data and model fixed."""
        if config is not None:
            self.resume_panel.blockSignals(True)
            self.set_config(config)
            self.resume_panel.blockSignals(False)
        self.data_panel.set_resume_locked(bool(run_dir))
        self.model_panel.set_resume_locked(bool(run_dir))
        self._validate()

    # ---- reading and showing the configuration -------------------------------------------------------

    @property
    def dataset(self):
        """The loaded core.data.Dataset, or None."""
        return self.data_panel.dataset

    def data_spec(self) -> str:
        return self.data_panel.data_spec()

    def augment_config(self) -> AugmentConfig:
        return self.augment_panel.augment_config()

    def fit_config(self) -> FitConfig:
        return FitConfig(**self.fit_panel.fit_fields(), **self.compile_panel.fit_fields(),
                         augment=self.augment_config())

    def config(self) -> TrainConfig:
        model, resume_dir = self.model_panel, self.resume_panel.run_dir()
        return TrainConfig(
            model=model.architecture.currentData(), engine=model.engine.currentData(), data=self.data_spec(),
            fit=self.fit_config(), limit=self.data_panel.limit.value() or None,
            validation_split=self.data_panel.validation_split(), device=model.device.currentData(),
            name=model.model_name.text().strip() or None, resume=resume_dir is not None, run_dir=resume_dir,
            keep=self.resume_panel.keep.currentData())

    def set_config(self, config: TrainConfig) -> None:
        """Show a configuration (an earlier run's) in the form; the data last (it may read a dataset)."""
        for panel in (self.model_panel, self.resume_panel, self.fit_panel, self.compile_panel,
                      self.augment_panel, self.data_panel):
            panel.set_config(config)

    def use_recipe(self, name: str) -> None:
        """Fill the form with a recipe's network and settings; the data and the seed stay as they are."""
        chosen = RECIPES[name]
        config = self.config()
        config.model = chosen.model
        config.fit = chosen.fit_config(seed=config.fit.seed)
        config.validation_split = chosen.validation_split
        self.set_config(config)

    def parameters_known(self) -> bool:
        return self.model_panel.parameters_known()

    def resuming(self) -> bool:
        return self.resume_panel.run_dir() is not None

    def refresh_runs(self) -> None:
        self.resume_panel.refresh_runs()

    def choose_resume_run(self, run_dir) -> None:
        """Select an earlier run to continue (used by the tab's Resume button after a failure)."""
        self.resume_panel.choose_resume_run(run_dir)

    def choose_new_run(self) -> None:
        self.resume_panel.choose_new_run()

    def set_locked(self, locked: bool) -> None:
        """No edits while a run is going."""
        self.widget().setEnabled(not locked)

    # ---- validation --------------------------------------------------------------------------------

    def errors(self) -> dict[str, str]:
        return dict(self._errors)

    def is_valid(self) -> bool:
        return not self._errors

    def error_label(self, key: str) -> QLabel | None:
        """The line under the field that explains the error of this key."""
        labels = (panel.error_label(key) for panel in self._panels())
        return next((label for label in labels if label is not None), None)

    def _validate(self) -> None:
        errors = {**self.data_panel.errors(), **self.compile_panel.errors(), **self.model_panel.errors(),
                  **self.fit_panel.errors(self.data_panel.training_image_count()), **self.resume_panel.errors()}
        self._errors = errors
        for panel in self._panels():
            panel.show_errors(errors)
        valid = not errors
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self.changed.emit()
