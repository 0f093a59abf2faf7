"""The Train tab's settings: one scrollable form that yields a core.training.TrainConfig.

Steps one to four of the course's recipe: the data (with a preview), the model (with its summary),
how to compile it (optimizer, learning rate and schedule, regularisation) and how to fit it (batch
size, epochs, augmentation, checkpoints). Every field explains a bad value next to itself, and the
form says whether it is valid as a whole (the tab enables Start from that).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QSizePolicy, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from core import paths
from core.config import COURSE_AUGMENT, AugmentConfig, FitConfig, TrainConfig, learning_rate_at
from core.training import read_log, read_status
from gui.common.workers import LatestRunner
from gui.train.widgets import ImageGrid, RatePreview

DATASETS = [("MNIST (handwritten digits)", "mnist"), ("MNIST sample shipped with Inkling (3 000 images)", "sample"),
            ("Fashion-MNIST (clothing)", "fashion-mnist"), ("CIFAR-10 (colour photos)", "cifar10"),
            ("Own dataset…", "own")]
OPTIMIZER_TITLES = {"sgd": "SGD", "momentum": "SGD with momentum", "adagrad": "Adagrad", "rmsprop": "RMSProp",
                    "adam": "Adam", "adadelta": "Adadelta"}
SCHEDULE_TITLES = {"constant": "Constant", "exponential": "Exponential decay (the course's)",
                   "step": "Step decay", "cosine": "Cosine with warm-up"}
ENGINE_TITLES = {"torch": "PyTorch", "keras": "TensorFlow / Keras"}
DEVICE_TITLES = {"auto": "Automatic (GPU when there is one)", "cpu": "CPU", "cuda": "GPU (CUDA)"}
NEW_RUN = ""
PUBLISHED = ("mnist", "fashion-mnist", "cifar10")
PREVIEW_COLUMNS = 10


class _LoadProgress(QObject):
    """Carries download progress from the loading thread to the form."""
    progress = Signal(int, int)


class TrainSettings(QScrollArea):
    changed = Signal()
    validity_changed = Signal(bool)
    dataset_loaded = Signal(object)          # core.data.Dataset

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setMinimumWidth(440)
        self.dataset = None                  # the loaded core.data.Dataset, or None
        self._not_downloaded = False
        self._dataset_error = ""
        self._dataset_loading = False
        self._summary_error = ""
        self._errors: dict[str, str] = {}
        self._error_labels: dict[str, QLabel] = {}
        self._valid: bool | None = None
        self._resume_epochs_done = 0
        self._augment_seed = 0
        self._loader = LatestRunner(self)
        self._summarizer = LatestRunner(self)
        self._load_progress = _LoadProgress(self)
        self._load_progress.progress.connect(self._show_download_progress)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._build_data_group())
        layout.addWidget(self._build_model_group())
        layout.addWidget(self._build_optimizer_group())
        layout.addWidget(self._build_fit_group())
        layout.addWidget(self._build_augment_group())
        layout.addStretch(1)
        self.setWidget(body)

        self._augment_timer = QTimer(self, singleShot=True, interval=120, timeout=self._refresh_augment_preview)
        self._summary_timer = QTimer(self, singleShot=True, interval=150, timeout=self._refresh_summary)
        self._wire()
        self.refresh_runs()
        self._on_schedule_changed()
        self._on_optimizer_changed()
        self._on_validation_changed()
        self._on_dataset_choice()

    # ---- building the form ----------------------------------------------------------------------

    def _field(self, form: QFormLayout, label: str, widget: QWidget, key: str | None = None,
               tip: str = "") -> QWidget:
        """A form row whose field carries its own error line underneath."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        if key:
            error = QLabel()
            error.setObjectName(f"error_{key}")
            error.setWordWrap(True)
            error.setStyleSheet("color: #dc2626; font-size: 11px;")
            error.hide()
            column.addWidget(error)
            self._error_labels[key] = error
        if tip:
            widget.setToolTip(tip)
        form.addRow(label, holder)
        return holder

    def _build_data_group(self) -> QGroupBox:
        group = QGroupBox("1 · Data")
        form = QFormLayout(group)
        self.dataset_combo = _combo()
        for title, key in DATASETS:
            self.dataset_combo.addItem(title, key)
        self._field(form, "Dataset", self.dataset_combo, "dataset")

        self.own_path = QLineEdit()
        self.own_path.setPlaceholderText("a folder of images with a label .txt, or one folder per class")
        browse_folder = QPushButton("Folder…", clicked=self._browse_own_folder)
        browse_file = QPushButton("File…", clicked=self._browse_own_file)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.own_path, 1)
        row_layout.addWidget(browse_folder)
        row_layout.addWidget(browse_file)
        self.own_row = self._field(form, "Location", row, None,
                                   "The course's own-dataset format (an image folder and a txt file of "
                                   "'name label' lines), one folder per class, an .npz or IDX files.")

        self.dataset_status = QLabel("Loading…")
        self.dataset_status.setWordWrap(True)
        self.download_button = QPushButton("Download", clicked=self._download_dataset)
        self.download_button.hide()
        status_row = QWidget()
        status_layout = QHBoxLayout(status_row)
        status_layout.setContentsMargins(0, 0, 0, 0)
        status_layout.addWidget(self.dataset_status, 1)
        status_layout.addWidget(self.download_button, 0, Qt.AlignTop)
        form.addRow("Source", status_row)
        self.class_counts = QLabel()
        self.class_counts.setWordWrap(True)
        self.class_counts.setStyleSheet("font-size: 11px;")
        self.class_counts_row = QWidget()
        counts_layout = QVBoxLayout(self.class_counts_row)
        counts_layout.setContentsMargins(0, 0, 0, 0)
        counts_layout.addWidget(self.class_counts)
        form.addRow("Per class", self.class_counts_row)
        self.dataset_preview = ImageGrid(columns=PREVIEW_COLUMNS, cell=36)
        self.dataset_preview.setObjectName("dataset_preview")
        form.addRow(self.dataset_preview)

        self.limit = QSpinBox(maximum=10_000_000, singleStep=1000, specialValueText="all")
        self._field(form, "Training images", self.limit, tip="Train on the first N images only (quick trials).")
        self.validation_combo = _combo()
        self.validation_combo.addItem("the test set (as the course does)", "test")
        self.validation_combo.addItem("a share of the training images", "split")
        self.validation_fraction = QDoubleSpinBox(minimum=0.01, maximum=0.9, singleStep=0.05, decimals=2, value=0.1)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.validation_combo, 1)
        row_layout.addWidget(self.validation_fraction)
        self._field(form, "Validate on", row, "validation")
        return group

    def _build_model_group(self) -> QGroupBox:
        from core.zoo import architecture_names, get_spec

        group = QGroupBox("2 · Model")
        form = QFormLayout(group)
        self.architecture = _combo()
        for name in architecture_names():
            self.architecture.addItem(get_spec(name).title, name)
        self.architecture.setCurrentIndex(max(0, self.architecture.findData("lenet5")))
        self._field(form, "Architecture", self.architecture, "model")
        self.architecture_description = QLabel()
        self.architecture_description.setWordWrap(True)
        self.architecture_description.setStyleSheet("font-size: 11px;")
        form.addRow(self.architecture_description)
        self.engine = _combo()
        for key, title in ENGINE_TITLES.items():
            self.engine.addItem(title, key)
        self._field(form, "Framework", self.engine)
        self.device = _combo()
        for key, title in DEVICE_TITLES.items():
            self.device.addItem(title, key)
        self._field(form, "Device", self.device)
        self.summary_table = QTableWidget(0, 3)
        self.summary_table.setObjectName("summary_table")
        self.summary_table.setHorizontalHeaderLabels(["Layer", "Output shape", "Parameters"])
        self.summary_table.verticalHeader().hide()
        self.summary_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.summary_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.summary_table.setFixedHeight(170)
        form.addRow(self.summary_table)
        self.parameter_total = QLabel()
        form.addRow("Parameters", self.parameter_total)
        self.model_name = QLineEdit()
        self.model_name.setPlaceholderText("automatic: <architecture>-<framework>")
        self._field(form, "Save as", self.model_name, "name", "The name of the trained model in every model list.")
        return group

    def _build_optimizer_group(self) -> QGroupBox:
        defaults = FitConfig()
        group = QGroupBox("3 · Compile: optimizer and learning rate")
        form = QFormLayout(group)
        self.optimizer = _combo()
        for key, title in OPTIMIZER_TITLES.items():
            self.optimizer.addItem(title, key)
        self.optimizer.setCurrentIndex(self.optimizer.findData(defaults.optimizer))
        self._field(form, "Optimizer", self.optimizer)
        self.learning_rate = QLineEdit(_format_number(defaults.learning_rate))
        self._field(form, "Learning rate", self.learning_rate, "learning_rate", "For example 0.001 or 1e-3.")
        self.momentum = QDoubleSpinBox(minimum=0.0, maximum=0.999, singleStep=0.05, decimals=3,
                                       value=defaults.momentum)
        self.momentum_row = self._field(form, "Momentum", self.momentum)
        self.schedule = _combo()
        for key, title in SCHEDULE_TITLES.items():
            self.schedule.addItem(title, key)
        self._field(form, "Schedule", self.schedule)
        self.decay_rate = QDoubleSpinBox(minimum=0.01, maximum=1.0, singleStep=0.01, decimals=3,
                                         value=defaults.decay_rate)
        self.decay_rate_row = self._field(form, "Decay rate", self.decay_rate,
                                          tip="The rate is multiplied by this every 'decay epochs'.")
        self.step_factor = QDoubleSpinBox(minimum=0.01, maximum=1.0, singleStep=0.05, decimals=3,
                                          value=defaults.step_factor)
        self.step_factor_row = self._field(form, "Step factor", self.step_factor)
        self.decay_epochs = QDoubleSpinBox(minimum=0.1, maximum=1000, singleStep=0.5, decimals=1,
                                           value=defaults.decay_epochs)
        self.decay_epochs_row = self._field(form, "Decay epochs", self.decay_epochs)
        self.warmup_epochs = QDoubleSpinBox(minimum=0.0, maximum=1000, singleStep=0.5, decimals=1,
                                            value=defaults.warmup_epochs)
        self.warmup_row = self._field(form, "Warm-up epochs", self.warmup_epochs, "warmup")
        self.rate_preview = RatePreview()
        form.addRow(self.rate_preview)
        self.l2 = QLineEdit(_format_number(defaults.l2))
        self._field(form, "L2 penalty", self.l2, "l2", "Weight decay on kernels; 0 is off, try 1e-4.")
        return group

    def _build_fit_group(self) -> QGroupBox:
        defaults = FitConfig()
        group = QGroupBox("4 · Fit")
        form = QFormLayout(group)
        self.batch_size = QSpinBox(minimum=1, maximum=65536, value=defaults.batch_size)
        self._field(form, "Batch size", self.batch_size, "batch_size")
        self.epochs = QSpinBox(minimum=1, maximum=10_000, value=defaults.epochs)
        self._field(form, "Epochs", self.epochs, "epochs")
        self.patience = QSpinBox(minimum=0, maximum=1000, value=defaults.early_stopping_patience,
                                 specialValueText="off")
        self._field(form, "Early stopping", self.patience,
                    tip="Stop after this many epochs without a better validation accuracy.")
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1, value=defaults.seed)
        self._field(form, "Random seed", self.seed)
        self.resume_run = _combo()
        self.resume_run.setObjectName("resume_run")
        self.resume_run.setToolTip("Start fresh, or continue an earlier run from its last checkpoint "
                                   "(its settings are loaded; raise the epochs to train it further).")
        resume_row = QWidget()
        resume_layout = QHBoxLayout(resume_row)
        resume_layout.setContentsMargins(0, 0, 0, 0)
        resume_layout.addWidget(self.resume_run, 1)
        resume_layout.addWidget(QPushButton("Folder…", clicked=self._browse_run_folder))
        self._field(form, "Continue run", resume_row, "resume")
        self.keep = _combo()
        self.keep.addItem("the last epoch", "last")
        self.keep.addItem("the best epoch (validation accuracy)", "best")
        self._field(form, "Save the model of", self.keep,
                    tip="Which weights become the trained model: the last epoch's, or the best checkpoint's.")
        self.checkpoint_note = QLabel("Checkpoints of the best and the last epoch are kept in the run folder "
                                      "after every epoch; a stop keeps both and saves the model so far.")
        self.checkpoint_note.setWordWrap(True)
        self.checkpoint_note.setStyleSheet("font-size: 11px;")
        form.addRow(self.checkpoint_note)
        return group

    def _build_augment_group(self) -> QGroupBox:
        group = QGroupBox("Augmentation")
        form = QFormLayout(group)
        self.augment_enabled = QCheckBox("Vary the training images randomly")
        form.addRow(self.augment_enabled)
        self.rotation = QDoubleSpinBox(maximum=180, singleStep=5, decimals=0, suffix="°")
        self.width_shift = QDoubleSpinBox(maximum=0.5, singleStep=0.05, decimals=2)
        self.height_shift = QDoubleSpinBox(maximum=0.5, singleStep=0.05, decimals=2)
        self.zoom = QDoubleSpinBox(maximum=0.9, singleStep=0.05, decimals=2)
        self.shear = QDoubleSpinBox(maximum=45, singleStep=5, decimals=0, suffix="°")
        self.stroke = QSpinBox(maximum=3, suffix=" px")
        self._augment_fields = [self.rotation, self.width_shift, self.height_shift, self.zoom, self.shear, self.stroke]
        for label, widget, tip in (("Rotation ±", self.rotation, ""),
                                   ("Width shift ±", self.width_shift, "A share of the width."),
                                   ("Height shift ±", self.height_shift, "A share of the height."),
                                   ("Zoom ±", self.zoom, "Scale between 1 − zoom and 1 + zoom."),
                                   ("Shear ±", self.shear, "Slant, as in italic handwriting."),
                                   ("Stroke ±", self.stroke, "Thinner or thicker pen strokes.")):
            self._field(form, label, widget, tip=tip)
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QPushButton("Course settings", clicked=lambda: self._set_augment(COURSE_AUGMENT)))
        row.addWidget(QPushButton("Gentle for digits", clicked=self._set_digit_augment))
        row.addWidget(QPushButton("New samples", clicked=self._new_augment_samples))
        form.addRow(buttons)
        self.augment_preview = ImageGrid(columns=PREVIEW_COLUMNS, cell=36)
        self.augment_preview.setObjectName("augment_preview")
        self.augment_preview.setToolTip("Left: an original training image; right: what augmentation makes of it.")
        form.addRow(self.augment_preview)
        return group

    def _wire(self) -> None:
        self.dataset_combo.currentIndexChanged.connect(self._on_dataset_choice)
        self.own_path.editingFinished.connect(self._load_dataset)
        self.validation_combo.currentIndexChanged.connect(self._on_validation_changed)
        self.architecture.currentIndexChanged.connect(self._summary_timer.start)
        self.optimizer.currentIndexChanged.connect(self._on_optimizer_changed)
        self.schedule.currentIndexChanged.connect(self._on_schedule_changed)
        self.augment_enabled.toggled.connect(self._on_augment_toggled)
        self.resume_run.currentIndexChanged.connect(self._on_resume_choice)
        for spin in (self.decay_rate, self.step_factor, self.decay_epochs, self.warmup_epochs, self.epochs):
            spin.valueChanged.connect(self._refresh_rate_preview)
        self.learning_rate.textChanged.connect(self._refresh_rate_preview)
        for widget in self._augment_fields:
            widget.valueChanged.connect(self._augment_timer.start)
        for widget in (self.limit, self.validation_fraction, self.momentum, self.batch_size, self.epochs,
                       self.patience, self.seed, self.decay_rate, self.step_factor, self.decay_epochs,
                       self.warmup_epochs, *self._augment_fields):
            widget.valueChanged.connect(self._validate)
        for edit in (self.learning_rate, self.l2, self.model_name, self.own_path):
            edit.textChanged.connect(self._validate)
        for combo in (self.architecture, self.engine, self.device, self.optimizer, self.schedule):
            combo.currentIndexChanged.connect(self._validate)
        self._on_augment_toggled(False)
        self._summary_timer.start()

    # ---- reading the form ------------------------------------------------------------------------

    def data_spec(self) -> str:
        key = self.dataset_combo.currentData()
        return self.own_path.text().strip() if key == "own" else key

    def augment_config(self) -> AugmentConfig:
        if not self.augment_enabled.isChecked():
            return AugmentConfig()
        return AugmentConfig(rotation_range=self.rotation.value(), width_shift_range=self.width_shift.value(),
                             height_shift_range=self.height_shift.value(), zoom_range=self.zoom.value(),
                             shear_range=self.shear.value(), stroke_range=self.stroke.value())

    def fit_config(self) -> FitConfig:
        return FitConfig(
            epochs=self.epochs.value(), batch_size=self.batch_size.value(), optimizer=self.optimizer.currentData(),
            learning_rate=_parse_number(self.learning_rate.text()) or FitConfig().learning_rate,
            momentum=self.momentum.value(), schedule=self.schedule.currentData(),
            decay_rate=self.decay_rate.value(), decay_epochs=self.decay_epochs.value(),
            step_factor=self.step_factor.value(), warmup_epochs=self.warmup_epochs.value(),
            l2=_parse_number(self.l2.text()) or 0.0, early_stopping_patience=self.patience.value(),
            augment=self.augment_config(), seed=self.seed.value())

    def config(self) -> TrainConfig:
        resume_dir = self.resume_run.currentData() or None
        return TrainConfig(
            model=self.architecture.currentData(), engine=self.engine.currentData(), data=self.data_spec(),
            fit=self.fit_config(), limit=self.limit.value() or None,
            validation_split=(self.validation_fraction.value()
                              if self.validation_combo.currentData() == "split" else 0.0),
            device=self.device.currentData(), name=self.model_name.text().strip() or None,
            resume=resume_dir is not None, run_dir=resume_dir, keep=self.keep.currentData())

    def set_config(self, config: TrainConfig) -> None:
        """Show a configuration (an earlier run's) in the form."""
        data_before = self.data_spec()
        data_index = self.dataset_combo.findData(config.data)
        if data_index < 0:
            self.own_path.setText(config.data)
            data_index = self.dataset_combo.findData("own")
        self.dataset_combo.blockSignals(True)
        self.dataset_combo.setCurrentIndex(data_index)
        self.dataset_combo.blockSignals(False)
        self.architecture.setCurrentIndex(max(0, self.architecture.findData(config.model)))
        self.engine.setCurrentIndex(max(0, self.engine.findData(config.engine)))
        self.device.setCurrentIndex(max(0, self.device.findData(config.device)))
        self.limit.setValue(config.limit or 0)
        self.validation_combo.setCurrentIndex(1 if config.validation_split else 0)
        if config.validation_split:
            self.validation_fraction.setValue(config.validation_split)
        self.model_name.setText(config.name or "")
        self.keep.setCurrentIndex(max(0, self.keep.findData(config.keep)))
        fit = config.fit
        self.epochs.setValue(fit.epochs)
        self.batch_size.setValue(fit.batch_size)
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(fit.optimizer)))
        self.learning_rate.setText(_format_number(fit.learning_rate))
        self.momentum.setValue(fit.momentum)
        self.schedule.setCurrentIndex(max(0, self.schedule.findData(fit.schedule)))
        self.decay_rate.setValue(fit.decay_rate)
        self.decay_epochs.setValue(fit.decay_epochs)
        self.step_factor.setValue(fit.step_factor)
        self.warmup_epochs.setValue(fit.warmup_epochs)
        self.l2.setText(_format_number(fit.l2))
        self.patience.setValue(fit.early_stopping_patience)
        self.seed.setValue(fit.seed)
        self._set_augment(fit.augment)
        self.augment_enabled.setChecked(fit.augment.enabled)
        if self.data_spec() != data_before:
            self._on_dataset_choice()

    def errors(self) -> dict[str, str]:
        return dict(self._errors)

    def is_valid(self) -> bool:
        return not self._errors

    def set_locked(self, locked: bool) -> None:
        """No edits while a run is going."""
        self.widget().setEnabled(not locked)

    # ---- validation --------------------------------------------------------------------------------

    def _validate(self) -> None:
        errors: dict[str, str] = {}
        if self.dataset_combo.currentData() == "own":
            path = self.own_path.text().strip()
            if not path:
                errors["dataset"] = "Choose the folder or file of your dataset."
            elif not Path(path).expanduser().exists():
                errors["dataset"] = "There is nothing at this location."
        if self._dataset_error and "dataset" not in errors:
            errors["dataset"] = self._dataset_error
        rate = _parse_number(self.learning_rate.text())
        if rate is None:
            errors["learning_rate"] = "Type a number, for example 0.001 or 1e-3."
        elif not 0 < rate <= 10:
            errors["learning_rate"] = "The learning rate must be above 0 (and at most 10)."
        l2 = _parse_number(self.l2.text())
        if l2 is None:
            errors["l2"] = "Type a number, for example 0 or 1e-4."
        elif not 0 <= l2 < 1:
            errors["l2"] = "The L2 penalty must be at least 0 and below 1."
        if self.schedule.currentData() == "cosine" and self.warmup_epochs.value() >= self.epochs.value():
            errors["warmup"] = "The warm-up must be shorter than the training (fewer epochs than 'Epochs')."
        if self._summary_error:
            errors["model"] = self._summary_error
        name = self.model_name.text().strip()
        if name and not any(ch.isalnum() for ch in name):
            errors["name"] = "Use letters or digits in the name."
        training_images = self._training_image_count()
        if training_images is not None and self.batch_size.value() > training_images:
            errors["batch_size"] = f"Larger than the {training_images} training images; use a smaller batch."
        if self._resume_epochs_done and self.epochs.value() <= self._resume_epochs_done:
            errors["epochs"] = (f"This run already trained {self._resume_epochs_done} epochs; "
                                f"set more to continue it.")
        run_dir = self.resume_run.currentData()
        if run_dir and not (Path(run_dir) / "checkpoints").is_dir():
            errors["resume"] = "This folder is no run with a checkpoint to continue from."
        elif run_dir and read_run_config(Path(run_dir)) is None:
            errors["resume"] = "This run's settings (config.json) are missing or damaged."
        self._show_errors(errors)

    def _training_image_count(self) -> int | None:
        if self.dataset is None:
            return None
        count = len(self.dataset.x_train)
        if self.limit.value():
            count = min(count, self.limit.value())
        if self.validation_combo.currentData() == "split" or self.dataset.x_test is None:
            fraction = self.validation_fraction.value() if self.validation_combo.currentData() == "split" else 0.1
            count = max(1, int(count * (1 - fraction)))
        return count

    def _show_errors(self, errors: dict[str, str]) -> None:
        self._errors = errors
        for key, label in self._error_labels.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        valid = not errors
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self.changed.emit()

    # ---- data ---------------------------------------------------------------------------------------

    def _on_dataset_choice(self) -> None:
        self._set_row_visible(self.own_row, self.dataset_combo.currentData() == "own")
        self._load_dataset()

    def _browse_own_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Dataset folder", self.own_path.text())
        if folder:
            self.own_path.setText(folder)
            self._load_dataset()

    def _browse_own_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Dataset file (label list, .npz or IDX)", self.own_path.text(),
                                              "Datasets (*.txt *.npz *.gz *idx*-ubyte);;All files (*)")
        if path:
            self.own_path.setText(path)
            self._load_dataset()

    def _load_dataset(self, download: bool = False) -> None:
        """Read the chosen dataset for the preview, off the GUI thread. Published datasets are not
        downloaded just for a preview: the user presses Download, or training fetches them."""
        spec = self.data_spec()
        self.dataset = None
        self._dataset_error = ""
        self._not_downloaded = False
        self.download_button.hide()
        self.class_counts.clear()
        self._set_row_visible(self.class_counts_row, False)
        if self.dataset_combo.currentData() == "own" and (not spec or not Path(spec).expanduser().exists()):
            self._loader.cancel()
            self._dataset_loading = False
            self.dataset_status.setText("Choose your dataset above.")
            self.dataset_preview.set_message("")
            self.augment_preview.set_message("")
            self._validate()
            return
        self._dataset_loading = True
        self.dataset_status.setText("Downloading…" if download else "Loading…")
        self.dataset_preview.set_message("Loading…")
        progress = self._load_progress.progress

        def load():
            from core.data import load_dataset
            return load_dataset(spec, allow_download=download,
                                progress=lambda done, total: progress.emit(int(done), int(total or 0)))

        def failed(message: str):
            if not download and spec in PUBLISHED:
                self._on_dataset_missing()
            else:
                self._on_dataset_failed(message)

        self._loader.run(load, self._on_dataset_loaded, failed)
        self._validate()

    def _download_dataset(self) -> None:
        self._load_dataset(download=True)

    def _on_dataset_missing(self) -> None:
        """A published dataset that is not on this computer yet: not an error, training downloads it."""
        self._dataset_loading = False
        self._not_downloaded = True
        title = self.dataset_combo.currentText().split(" (")[0]
        self.dataset_status.setText(f"{title} is not on this computer yet. It is downloaded when training "
                                    "starts, or now with Download.")
        self.dataset_preview.set_message("No preview before the download.")
        self.augment_preview.set_message("")
        self.download_button.show()
        self._validate()

    def _on_validation_changed(self) -> None:
        self.validation_fraction.setEnabled(self.validation_combo.currentData() == "split")
        self._validate()

    def _show_download_progress(self, done: int, total: int) -> None:
        if not self._dataset_loading:
            return
        share = f" ({done / total:.0%})" if total else ""
        if self.dataset_combo.currentData() == "own":
            self.dataset_status.setText(f"Reading images… {done:,}{share}")
        else:
            self.dataset_status.setText(f"Downloading… {done / 1e6:.1f} MB{share}")

    def _on_dataset_loaded(self, dataset) -> None:
        self._dataset_loading = False
        if self.data_spec() == "mnist" and dataset.is_sample and dataset.name == "sample":
            # load_dataset stood the shipped sample in for MNIST (not downloaded, or no network).
            self._on_dataset_missing()
            if "downloading is turned off" not in dataset.source:
                self.dataset_status.setText(_sentence(dataset.source) + ".")
            return
        self.dataset = dataset
        test = (f"{len(dataset.x_test):,} test images" if dataset.x_test is not None else "no test set")
        shape = "×".join(str(v) for v in dataset.image_shape)
        status = f"{_sentence(dataset.source)}. {len(dataset.x_train):,} training and {test}, {shape} pixels."
        if dataset.skipped:
            status += f" {dataset.skipped} unreadable image(s) were skipped; training uses the rest."
        self.dataset_status.setText(status)
        counts = np.bincount(dataset.y_train, minlength=dataset.num_classes)
        # Non-breaking spaces keep each "class: count" pair on one line when the text wraps.
        self.class_counts.setText("   ".join(f"{name}:\u00a0{count:,}".replace(" ", "\u00a0")
                                            for name, count in zip(dataset.class_names, counts)))
        self._set_row_visible(self.class_counts_row, True)
        indices = _examples_per_class(dataset.y_train, dataset.num_classes, PREVIEW_COLUMNS * 2)
        self.dataset_preview.set_images(dataset.x_train[indices],
                                        [_short(dataset.class_names[dataset.y_train[i]]) for i in indices])
        self._summary_timer.start()
        self._refresh_augment_preview()
        self._validate()
        self.dataset_loaded.emit(dataset)

    def _on_dataset_failed(self, message: str) -> None:
        self._dataset_loading = False
        self._dataset_error = _sentence(message)
        self.dataset_status.setText("Could not load this dataset.")
        self.dataset_preview.set_message(self._dataset_error)
        self.augment_preview.set_message("")
        self._validate()

    # ---- model summary -------------------------------------------------------------------------------

    def _input_shape_and_classes(self) -> tuple[tuple[int, int, int], int]:
        if self.dataset is not None:
            return tuple(self.dataset.image_shape), self.dataset.num_classes
        return (32, 32, 3) if self.data_spec() == "cifar10" else (28, 28, 1), 10

    def _refresh_summary(self) -> None:
        """Layers and output shapes come from the spec at once; parameter counts from building the model
        with PyTorch off the GUI thread (both frameworks count the same parameters from one spec, and
        torch is the lighter one to load into the window's process)."""
        from core.zoo import get_spec
        from core.fileio import UserError

        name = self.architecture.currentData()
        shape, classes = self._input_shape_and_classes()
        try:
            spec = get_spec(name, input_shape=shape, num_classes=classes)
            shapes = spec.output_shapes()
        except UserError as error:
            self._summary_error = str(error)
            self.summary_table.setRowCount(0)
            self.parameter_total.setText("—")
            self.architecture_description.setText("")
            self._validate()
            return
        self._summary_error = ""
        self.architecture_description.setText(spec.description)
        self.summary_table.setRowCount(len(shapes))
        for row, (layer_name, output) in enumerate(zip(spec.layer_names(), shapes)):
            self.summary_table.setItem(row, 0, QTableWidgetItem(layer_name))
            self.summary_table.setItem(row, 1, QTableWidgetItem(" × ".join(str(v) for v in output)))
            self.summary_table.setItem(row, 2, QTableWidgetItem("…"))
        self.parameter_total.setText("counting…")
        def count():
            from core.engines.factory import create_engine
            engine = create_engine("torch", spec, "cpu")
            return engine.parameter_count(), [layer.parameters for layer in engine.summary()]

        self._summarizer.run(count, self._show_parameters, self._on_summary_failed)
        self._validate()

    def _show_parameters(self, result) -> None:
        total, per_layer = result
        if len(per_layer) == self.summary_table.rowCount():
            for row, parameters in enumerate(per_layer):
                self.summary_table.setItem(row, 2, QTableWidgetItem(f"{parameters:,}"))
        self.parameter_total.setText(f"{total:,}")

    def _on_summary_failed(self, message: str) -> None:
        self.parameter_total.setText(f"could not count ({message})")

    def parameters_known(self) -> bool:
        return self.parameter_total.text()[:1].isdigit()

    # ---- optimizer and schedule ------------------------------------------------------------------

    def _on_optimizer_changed(self) -> None:
        self.momentum_row.setEnabled(self.optimizer.currentData() == "momentum")

    def _on_schedule_changed(self) -> None:
        schedule = self.schedule.currentData()
        self._set_row_visible(self.decay_rate_row, schedule == "exponential")
        self._set_row_visible(self.step_factor_row, schedule == "step")
        self._set_row_visible(self.decay_epochs_row, schedule in ("exponential", "step"))
        self._set_row_visible(self.warmup_row, schedule == "cosine")
        self._refresh_rate_preview()

    def _set_row_visible(self, field: QWidget, visible: bool) -> None:
        form = field.parentWidget().layout()
        if isinstance(form, QFormLayout):
            form.setRowVisible(field, visible)

    def _refresh_rate_preview(self) -> None:
        if _parse_number(self.learning_rate.text()) is None:
            return   # the field explains itself; the preview keeps the last valid schedule
        config = self.fit_config()
        epochs = np.linspace(0, config.epochs, max(2, min(400, config.epochs * 40)))
        try:
            rates = np.array([learning_rate_at(config, e) for e in epochs])
        except (ValueError, ZeroDivisionError):
            return
        self.rate_preview.show_rates(epochs, rates)

    # ---- augmentation ------------------------------------------------------------------------------

    def _set_augment(self, augment: AugmentConfig) -> None:
        self.rotation.setValue(augment.rotation_range)
        self.width_shift.setValue(augment.width_shift_range)
        self.height_shift.setValue(augment.height_shift_range)
        self.zoom.setValue(augment.zoom_range)
        self.shear.setValue(augment.shear_range)
        self.stroke.setValue(int(augment.stroke_range))
        self.augment_enabled.setChecked(augment.enabled)

    def _set_digit_augment(self) -> None:
        from core.config import DIGITS_AUGMENT
        self._set_augment(DIGITS_AUGMENT)

    def _on_augment_toggled(self, enabled: bool) -> None:
        for widget in self._augment_fields:
            widget.setEnabled(enabled)
        self._augment_timer.start()
        self._validate()

    def _new_augment_samples(self) -> None:
        self._augment_seed += 1
        self._refresh_augment_preview()

    def _refresh_augment_preview(self) -> None:
        """Rows of one original and its augmented variants; the same random draws while knobs move,
        so the preview shows what a knob does rather than new noise."""
        if self.dataset is None:
            return
        rng = np.random.default_rng(self._augment_seed)
        count = len(self.dataset.x_train)
        originals = self.dataset.x_train[rng.choice(count, size=min(2, count), replace=False)]
        variants = PREVIEW_COLUMNS - 1
        batch = np.repeat(originals, variants, axis=0)
        config = self.augment_config()
        if config.enabled:
            from core.data.augment import augment_batch
            batch = augment_batch(batch, config, np.random.default_rng(self._augment_seed + 1))
        images, captions = [], []
        for row, original in enumerate(originals):
            images.append(original)
            captions.append("original")
            images.extend(batch[row * variants:(row + 1) * variants])
            captions.extend([""] * variants)
        self.augment_preview.set_images(images, captions)

    # ---- runs to continue ----------------------------------------------------------------------------

    def refresh_runs(self) -> None:
        """List earlier runs that can be continued (those with checkpoints), newest first."""
        current = self.resume_run.currentData()
        self.resume_run.blockSignals(True)
        self.resume_run.clear()
        self.resume_run.addItem("No: start a new run", NEW_RUN)
        for run in _resumable_runs():
            self.resume_run.addItem(run[0], run[1])
        index = self.resume_run.findData(current)
        self.resume_run.setCurrentIndex(max(0, index))
        self.resume_run.blockSignals(False)
        if index < 0 and current:
            self._on_resume_choice()

    def choose_resume_run(self, run_dir: str | Path) -> None:
        """Select an earlier run to continue (used by the tab's Resume button after a failure)."""
        self.refresh_runs()
        index = self.resume_run.findData(str(run_dir))
        if index < 0:
            self.resume_run.addItem(Path(run_dir).name, str(run_dir))
            index = self.resume_run.count() - 1
        self.resume_run.setCurrentIndex(index)
        self._on_resume_choice()

    def _browse_run_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A run folder (with config.json and checkpoints)",
                                                  str(paths.runs_dir()))
        if folder:
            self.choose_resume_run(folder)

    def choose_new_run(self) -> None:
        self.resume_run.setCurrentIndex(0)

    def _on_resume_choice(self) -> None:
        run_dir = self.resume_run.currentData()
        locked = [self.dataset_combo, self.own_path, self.architecture, self.engine, self.limit,
                  self.validation_combo, self.validation_fraction]
        if run_dir:
            config = read_run_config(Path(run_dir))
            rows = read_log(Path(run_dir))
            self._resume_epochs_done = int(rows[-1]["epoch"]) if rows else 0
            if config is not None:
                self.resume_run.blockSignals(True)
                self.set_config(config)
                self.resume_run.blockSignals(False)
        else:
            self._resume_epochs_done = 0
        for widget in locked:
            widget.setEnabled(not run_dir)
        self._validate()


# ---- helpers -----------------------------------------------------------------------------------------

def _combo() -> QComboBox:
    """A combo box whose long item texts never widen the form beyond its panel."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def _parse_number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _format_number(value: float) -> str:
    return f"{value:g}"


def _sentence(text: str) -> str:
    """Messages from core start in lower case (they are also used mid-sentence)."""
    return text[:1].upper() + text[1:]


def _short(name: str, length: int = 6) -> str:
    return name if len(name) <= length else name[:length - 1] + "…"


def _examples_per_class(labels: np.ndarray, classes: int, total: int) -> np.ndarray:
    """Indices of the first images of each class in turn, so the preview shows every class."""
    per_class = [np.flatnonzero(labels == k)[: math.ceil(total / max(classes, 1))] for k in range(classes)]
    order = [indices[i] for i in range(max((len(p) for p in per_class), default=0))
             for indices in per_class if i < len(indices)]
    return np.array(order[:total], dtype=np.int64)


def read_run_config(run_dir: Path) -> TrainConfig | None:
    import json
    try:
        return TrainConfig.from_dict(json.loads((run_dir / "config.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _resumable_runs() -> list[tuple[str, str]]:
    """(title, folder) for every run with checkpoints, newest first."""
    runs = []
    for folder in sorted(paths.runs_dir().iterdir(), reverse=True):
        if not (folder / "checkpoints").is_dir() or not any((folder / "checkpoints").iterdir()):
            continue
        config = read_run_config(folder)
        if config is None:
            continue
        rows = read_log(folder)
        state = (read_status(folder) or {}).get("state", "?")
        done = int(rows[-1]["epoch"]) if rows else 0
        runs.append((f"{folder.name}: {done}/{config.fit.epochs} epochs, {state}", str(folder)))
    return runs
