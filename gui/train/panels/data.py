"""Step one of the course's recipe: which images to train on, a look at them, and what validates.

The panel reads the chosen dataset off the GUI thread for its preview and per-class counts; a published
dataset that is not on this computer is not downloaded just for a preview (the user presses Download,
or training fetches it).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QDoubleSpinBox, QFileDialog, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from gui.common.workers import LatestRunner
from gui.train.panels.form import FormPanel, combo, hbox, sentence
from gui.train.widgets import ImageGrid

PUBLISHED = ("mnist", "fashion-mnist", "cifar10")
PREVIEW_COLUMNS = 10


class _LoadProgress(QObject):
    """Carries download progress from the loading thread to the panel."""
    progress = Signal(int, int)


class DataPanel(FormPanel):
    dataset_changed = Signal(object)      # the loaded core.data.Dataset, or None while there is none
    dataset_loaded = Signal(object)       # core.data.Dataset, once read
    preview_unavailable = Signal()        # no images to show (nothing chosen, not downloaded, unreadable)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("1 · Data"), parent)
        self.dataset = None                  # the loaded core.data.Dataset, or None
        self.loading = False
        self._dataset_error = ""
        self._loader = LatestRunner(self)
        self._load_progress = _LoadProgress(self)
        self._load_progress.progress.connect(self._show_download_progress)
        self._build_source_rows()
        self._build_preview_rows()
        self._build_split_rows()
        self._wire()

    # ---- building ---------------------------------------------------------------------------------

    def _dataset_titles(self) -> list[tuple[str, str]]:
        return [(self.tr("MNIST (handwritten digits)"), "mnist"),
                (self.tr("MNIST sample shipped with Inkling (3 000 images)"), "sample"),
                (self.tr("Fashion-MNIST (clothing)"), "fashion-mnist"),
                (self.tr("CIFAR-10 (colour photos)"), "cifar10"), (self.tr("Own dataset…"), "own")]

    def _build_source_rows(self) -> None:
        self.dataset_combo = combo()
        for title, key in self._dataset_titles():
            self.dataset_combo.addItem(title, key)
        self.add_field(self.tr("Dataset"), self.dataset_combo, "dataset")
        self.own_path = QLineEdit()
        self.own_path.setPlaceholderText(self.tr("a folder of images with a label .txt, or one folder per class"))
        row = hbox(self.own_path, QPushButton(self.tr("Folder…"), clicked=self._browse_own_folder),
                   QPushButton(self.tr("File…"), clicked=self._browse_own_file))
        self.own_row = self.add_field(
            self.tr("Location"), row, None,
            self.tr("The course's own-dataset format (an image folder and a txt file of 'name label' lines), "
                    "one folder per class, an .npz or IDX files."))
        self.dataset_status = QLabel(self.tr("Loading…"))
        self.dataset_status.setWordWrap(True)
        self.download_button = QPushButton(self.tr("Download"), clicked=self.download)
        self.download_button.hide()
        status_row = hbox(self.dataset_status, self.download_button)
        status_row.layout().setAlignment(self.download_button, Qt.AlignTop)
        self.form.addRow(self.tr("Source"), status_row)

    def _build_preview_rows(self) -> None:
        self.class_counts = QLabel()
        self.class_counts.setWordWrap(True)
        self.class_counts.setStyleSheet("font-size: 11px;")
        self.class_counts_row = QWidget()
        counts_layout = QVBoxLayout(self.class_counts_row)
        counts_layout.setContentsMargins(0, 0, 0, 0)
        counts_layout.addWidget(self.class_counts)
        self.form.addRow(self.tr("Per class"), self.class_counts_row)
        self.dataset_preview = ImageGrid(columns=PREVIEW_COLUMNS, cell=36)
        self.dataset_preview.setObjectName("dataset_preview")
        self.form.addRow(self.dataset_preview)

    def _build_split_rows(self) -> None:
        self.limit = QSpinBox(maximum=10_000_000, singleStep=1000, specialValueText=self.tr("all"))
        self.add_field(self.tr("Training images"), self.limit,
                       tip=self.tr("Train on the first N images only (quick trials)."))
        self.validation_combo = combo()
        self.validation_combo.addItem(self.tr("the test set (as the course does)"), "test")
        self.validation_combo.addItem(self.tr("a share of the training images"), "split")
        self.validation_fraction = QDoubleSpinBox(minimum=0.01, maximum=0.9, singleStep=0.05, decimals=2, value=0.1)
        self.add_field(self.tr("Validate on"), hbox(self.validation_combo, self.validation_fraction), "validation")

    def _wire(self) -> None:
        self.dataset_combo.currentIndexChanged.connect(self.reload)
        self.own_path.editingFinished.connect(self._load_dataset)
        self.validation_combo.currentIndexChanged.connect(self._on_validation_changed)
        self.connect_changes(self.limit, self.validation_fraction, self.own_path)
        self._on_validation_changed()

    # ---- reading and showing the configuration ------------------------------------------------------

    def data_spec(self) -> str:
        key = self.dataset_combo.currentData()
        return self.own_path.text().strip() if key == "own" else key

    def validation_split(self) -> float:
        return self.validation_fraction.value() if self.validation_combo.currentData() == "split" else 0.0

    def set_config(self, config) -> None:
        """Show a configuration's data settings; the dataset is read again when it changed."""
        data_before = self.data_spec()
        data_index = self.dataset_combo.findData(config.data)
        if data_index < 0:
            self.own_path.setText(config.data)
            data_index = self.dataset_combo.findData("own")
        self.dataset_combo.blockSignals(True)
        self.dataset_combo.setCurrentIndex(data_index)
        self.dataset_combo.blockSignals(False)
        self.limit.setValue(config.limit or 0)
        self.validation_combo.setCurrentIndex(1 if config.validation_split else 0)
        if config.validation_split:
            self.validation_fraction.setValue(config.validation_split)
        if self.data_spec() != data_before:
            self.reload()

    def set_resume_locked(self, locked: bool) -> None:
        """A continued run keeps the data it was trained on."""
        for widget in (self.dataset_combo, self.own_path, self.limit, self.validation_combo,
                       self.validation_fraction):
            widget.setEnabled(not locked)

    def input_shape_and_classes(self) -> tuple[tuple[int, int, int], int]:
        """The network's input: the loaded dataset's, or the usual one of the chosen dataset."""
        if self.dataset is not None:
            return tuple(self.dataset.image_shape), self.dataset.num_classes
        return (32, 32, 3) if self.data_spec() == "cifar10" else (28, 28, 1), 10

    def training_image_count(self) -> int | None:
        """How many images one epoch trains on (None until the dataset is read)."""
        if self.dataset is None:
            return None
        count = len(self.dataset.x_train)
        if self.limit.value():
            count = min(count, self.limit.value())
        if self.validation_combo.currentData() == "split" or self.dataset.x_test is None:
            fraction = self.validation_fraction.value() if self.validation_combo.currentData() == "split" else 0.1
            count = max(1, int(count * (1 - fraction)))
        return count

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.dataset_combo.currentData() == "own":
            path = self.own_path.text().strip()
            if not path:
                errors["dataset"] = self.tr("Choose the folder or file of your dataset.")
            elif not Path(path).expanduser().exists():
                errors["dataset"] = self.tr("There is nothing at this location.")
        if self._dataset_error and "dataset" not in errors:
            errors["dataset"] = self._dataset_error
        return errors

    # ---- choosing and loading ------------------------------------------------------------------------

    def reload(self) -> None:
        """The dataset choice changed: show or hide the location row and read the dataset."""
        self.set_row_visible(self.own_row, self.dataset_combo.currentData() == "own")
        self._load_dataset()

    def download(self) -> None:
        self._load_dataset(download=True)

    def _browse_own_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Dataset folder"), self.own_path.text())
        if folder:
            self.own_path.setText(folder)
            self._load_dataset()

    def _browse_own_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Dataset file (label list, .npz or IDX)"),
                                              self.own_path.text(),
                                              self.tr("Datasets (*.txt *.npz *.gz *idx*-ubyte);;All files (*)"))
        if path:
            self.own_path.setText(path)
            self._load_dataset()

    def _on_validation_changed(self) -> None:
        self.validation_fraction.setEnabled(self.validation_combo.currentData() == "split")
        self.changed.emit()

    def _forget_dataset(self) -> None:
        self.dataset = None
        self._dataset_error = ""
        self.download_button.hide()
        self.class_counts.clear()
        self.set_row_visible(self.class_counts_row, False)
        self.dataset_changed.emit(None)

    def _load_dataset(self, download: bool = False) -> None:
        """Read the chosen dataset for the preview, off the GUI thread."""
        spec = self.data_spec()
        self._forget_dataset()
        if self.dataset_combo.currentData() == "own" and (not spec or not Path(spec).expanduser().exists()):
            self._loader.cancel()
            self.loading = False
            self.dataset_status.setText(self.tr("Choose your dataset above."))
            self.dataset_preview.set_message("")
            self.preview_unavailable.emit()
            self.changed.emit()
            return
        self.loading = True
        self.dataset_status.setText(self.tr("Downloading…") if download else self.tr("Loading…"))
        self.dataset_preview.set_message(self.tr("Loading…"))
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
        self.changed.emit()

    def _on_dataset_missing(self) -> None:
        """A published dataset that is not on this computer yet: not an error, training downloads it."""
        self.loading = False
        title = self.dataset_combo.currentText().split(" (")[0]
        self.dataset_status.setText(self.tr("{title} is not on this computer yet. It is downloaded when "
                                            "training starts, or now with Download.").format(title=title))
        self.dataset_preview.set_message(self.tr("No preview before the download."))
        self.preview_unavailable.emit()
        self.download_button.show()
        self.changed.emit()

    def _show_download_progress(self, done: int, total: int) -> None:
        if not self.loading:
            return
        share = f" ({done / total:.0%})" if total else ""
        if self.dataset_combo.currentData() == "own":
            self.dataset_status.setText(self.tr("Reading images… {count}").format(count=f"{done:,}") + share)
        else:
            self.dataset_status.setText(self.tr("Downloading… {size} MB").format(size=f"{done / 1e6:.1f}") + share)

    def _on_dataset_loaded(self, dataset) -> None:
        self.loading = False
        if self.data_spec() == "mnist" and dataset.is_sample and dataset.name == "sample":
            # load_dataset stood the shipped sample in for MNIST (not downloaded, or no network).
            self._on_dataset_missing()
            if "downloading is turned off" not in dataset.source:
                self.dataset_status.setText(sentence(dataset.source) + ".")
            return
        self.dataset = dataset
        self.dataset_status.setText(self._describe(dataset))
        self._show_counts(dataset)
        indices = _examples_per_class(dataset.y_train, dataset.num_classes, PREVIEW_COLUMNS * 2)
        self.dataset_preview.set_images(dataset.x_train[indices],
                                        [_short(dataset.class_names[dataset.y_train[i]]) for i in indices])
        self.dataset_changed.emit(dataset)
        self.dataset_loaded.emit(dataset)

    def _describe(self, dataset) -> str:
        test = (self.tr("{count} test images").format(count=f"{len(dataset.x_test):,}")
                if dataset.x_test is not None else self.tr("no test set"))
        status = self.tr("{source}. {count} training and {test}, {shape} pixels.").format(
            source=sentence(dataset.source), count=f"{len(dataset.x_train):,}", test=test,
            shape="×".join(str(v) for v in dataset.image_shape))
        if dataset.skipped:
            status += " " + self.tr("{count} unreadable image(s) were skipped; training uses the rest.").format(
                count=dataset.skipped)
        return status

    def _show_counts(self, dataset) -> None:
        counts = np.bincount(dataset.y_train, minlength=dataset.num_classes)
        # Non-breaking spaces keep each "class: count" pair on one line when the text wraps.
        self.class_counts.setText("   ".join(f"{name}:\u00a0{count:,}".replace(" ", "\u00a0")
                                            for name, count in zip(dataset.class_names, counts)))
        self.set_row_visible(self.class_counts_row, True)

    def _on_dataset_failed(self, message: str) -> None:
        self.loading = False
        self._dataset_error = sentence(message)
        self.dataset_status.setText(self.tr("Could not load this dataset."))
        self.dataset_preview.set_message(self._dataset_error)
        self.preview_unavailable.emit()
        self.changed.emit()


def _short(name: str, length: int = 6) -> str:
    return name if len(name) <= length else name[:length - 1] + "…"


def _examples_per_class(labels: np.ndarray, classes: int, total: int) -> np.ndarray:
    """Indices of the first images of each class in turn, so the preview shows every class."""
    per_class = [np.flatnonzero(labels == k)[: math.ceil(total / max(classes, 1))] for k in range(classes)]
    order = [indices[i] for i in range(max((len(p) for p in per_class), default=0))
             for indices in per_class if i < len(indices)]
    return np.array(order[:total], dtype=np.int64)
