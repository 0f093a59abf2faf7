"""Step one of the course's recipe: which images to train on, a look at them, and what validates.

The panel reads the chosen dataset off the GUI thread for its preview and per-class counts; a published
dataset that is not on this computer is not downloaded just for a preview (the user presses Download,
or training fetches it).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QDoubleSpinBox, QFileDialog, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from gui import i18n
from gui.common.workers import LatestRunner
from gui.train.panels.form import FormPanel, combo, hbox, sentence
from gui.train.widgets import ImageGrid

PUBLISHED = ("mnist", "fashion-mnist", "cifar10")
DATASET_KEYS = ("mnist", "sample", "fashion-mnist", "cifar10", "own")
PREVIEW_COLUMNS = 10


class _LoadProgress(QObject):
    """Carries download progress from the loading thread to the panel."""
    progress = Signal(int, int)


class DataPanel(FormPanel):
    dataset_changed = Signal(object)      # the loaded core.data.Dataset, or None while there is none
    dataset_loaded = Signal(object)       # core.data.Dataset, once read
    preview_unavailable = Signal()        # no images to show (nothing chosen, not downloaded, unreadable)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.dataset = None                  # the loaded core.data.Dataset, or None
        self.loading = False
        self._dataset_error = ""
        self._status: Callable[[], str] = lambda: self.tr("Loading…")     # the source line, from state
        self._preview_message: Callable[[], str] | None = None           # the preview's note, from state
        self._loader = LatestRunner(self)
        self._load_progress = _LoadProgress(self)
        self._load_progress.progress.connect(self._show_download_progress)
        self._build_source_rows()
        self._build_preview_rows()
        self._build_split_rows()
        self._wire()
        self.retranslate()

    # ---- building ---------------------------------------------------------------------------------

    def _dataset_titles(self) -> dict[str, tuple[str, str]]:
        """Each choice's title in the list and its short name in sentences."""
        return {"mnist": (self.tr("MNIST (handwritten digits)"), "MNIST"),
                "sample": (self.tr("MNIST sample shipped with Inkling (3 000 images)"), self.tr("MNIST sample")),
                "fashion-mnist": (self.tr("Fashion-MNIST (clothing)"), "Fashion-MNIST"),
                "cifar10": (self.tr("CIFAR-10 (colour photos)"), "CIFAR-10"),
                "own": (self.tr("Own dataset…"), self.tr("Own dataset"))}

    def _build_source_rows(self) -> None:
        self.dataset_combo = combo()
        for key in DATASET_KEYS:
            self.dataset_combo.addItem("", key)
        self.add_field(self.dataset_combo, "dataset")
        self.own_path = QLineEdit()
        self.own_folder_button = QPushButton(clicked=self._browse_own_folder)
        self.own_file_button = QPushButton(clicked=self._browse_own_file)
        self._own_location = hbox(self.own_path, self.own_folder_button, self.own_file_button)
        self.own_row = self.add_field(self._own_location)
        self.dataset_status = QLabel()
        self.dataset_status.setWordWrap(True)
        self.download_button = QPushButton(clicked=self.download)
        self.download_button.hide()
        self._status_row = hbox(self.dataset_status, self.download_button)
        self._status_row.layout().setAlignment(self.download_button, Qt.AlignTop)
        self.add_labelled_row(self._status_row)

    def _build_preview_rows(self) -> None:
        self.class_counts = QLabel()
        self.class_counts.setWordWrap(True)
        self.class_counts.setStyleSheet("font-size: 11px;")
        self.class_counts_row = QWidget()
        counts_layout = QVBoxLayout(self.class_counts_row)
        counts_layout.setContentsMargins(0, 0, 0, 0)
        counts_layout.addWidget(self.class_counts)
        self.add_labelled_row(self.class_counts_row)
        self.dataset_preview = ImageGrid(columns=PREVIEW_COLUMNS, cell=36)
        self.dataset_preview.setObjectName("dataset_preview")
        self.form.addRow(self.dataset_preview)

    def _build_split_rows(self) -> None:
        self.limit = QSpinBox(maximum=10_000_000, singleStep=1000)
        self.add_field(self.limit)
        self.validation_combo = combo()
        self.validation_combo.addItem("", "test")
        self.validation_combo.addItem("", "split")
        self.validation_fraction = QDoubleSpinBox(minimum=0.01, maximum=0.9, singleStep=0.05, decimals=2, value=0.1)
        self._validation_row = hbox(self.validation_combo, self.validation_fraction)
        self.add_field(self._validation_row, "validation")

    def retranslate(self) -> None:
        self.setTitle(self.tr("1 · Data"))
        titles = self._dataset_titles()
        for index in range(self.dataset_combo.count()):
            self.dataset_combo.setItemText(index, titles[self.dataset_combo.itemData(index)][0])
        self.name_field(self.dataset_combo, self.tr("Dataset"))
        self.own_path.setPlaceholderText(self.tr("a folder of images with a label .txt, or one folder per class"))
        self.own_folder_button.setText(self.tr("Folder…"))
        self.own_file_button.setText(self.tr("File…"))
        self.name_field(self._own_location, self.tr("Location"),
                        self.tr("The course's own-dataset format (an image folder and a txt file of 'name label' "
                                "lines), one folder per class, an .npz or IDX files."))
        self.download_button.setText(self.tr("Download"))
        self.name_field(self._status_row, self.tr("Source"))
        self.name_field(self.class_counts_row, self.tr("Per class"))
        self.name_field(self.limit, self.tr("Training images"),
                        self.tr("Train on the first N images only (quick trials)."))
        self.limit.setSpecialValueText(self.tr("all"))
        self.validation_combo.setItemText(0, self.tr("the test set (as the course does)"))
        self.validation_combo.setItemText(1, self.tr("a share of the training images"))
        self.name_field(self._validation_row, self.tr("Validate on"))
        self._show_status()
        if self._preview_message is not None:
            self.dataset_preview.set_message(self._preview_message())
        if self.dataset is not None:
            self._show_counts(self.dataset)

    def _set_status(self, render: Callable[[], str]) -> None:
        """The source line, kept as a function of the state so a language switch re-renders it."""
        self._status = render
        self._show_status()

    def _show_status(self) -> None:
        self.dataset_status.setText(self._status())

    def _set_preview_message(self, render: Callable[[], str] | None) -> None:
        """A note instead of the preview's images (None: the images are shown)."""
        self._preview_message = render
        self.dataset_preview.set_message(render() if render is not None else "")

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
            self._set_status(lambda: self.tr("Choose your dataset above."))
            self._set_preview_message(lambda: "")
            self.preview_unavailable.emit()
            self.changed.emit()
            return
        self.loading = True
        self._set_status(lambda: self.tr("Downloading…") if download else self.tr("Loading…"))
        self._set_preview_message(lambda: self.tr("Loading…"))
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
        key = self.dataset_combo.currentData()
        self._set_status(lambda: self.tr("{0} is not on this computer yet. It is downloaded when training "
                                         "starts, or now with Download.").format(self._dataset_titles()[key][1]))
        self._set_preview_message(lambda: self.tr("No preview before the download."))
        self.preview_unavailable.emit()
        self.download_button.show()
        self.changed.emit()

    def _show_download_progress(self, done: int, total: int) -> None:
        if not self.loading:
            return
        reading = self.dataset_combo.currentData() == "own"
        self._set_status(lambda: _with_share(
            self.tr("Reading images… {0}").format(i18n.number(done)) if reading else
            self.tr("Downloading… {0} MB").format(i18n.number(done / 1e6, 1)), done, total))

    def _on_dataset_loaded(self, dataset) -> None:
        self.loading = False
        if self.data_spec() == "mnist" and dataset.is_sample and dataset.name == "sample":
            # load_dataset stood the shipped sample in for MNIST (not downloaded, or no network).
            self._on_dataset_missing()
            if "downloading is turned off" not in dataset.source:
                note = sentence(dataset.source) + "."     # core's English
                self._set_status(lambda: note)
            return
        self.dataset = dataset
        self._set_status(lambda: self._describe(dataset))
        self._show_counts(dataset)
        self._preview_message = None
        indices = _examples_per_class(dataset.y_train, dataset.num_classes, PREVIEW_COLUMNS * 2)
        self.dataset_preview.set_images(dataset.x_train[indices],
                                        [_short(dataset.class_names[dataset.y_train[i]]) for i in indices])
        self.dataset_changed.emit(dataset)
        self.dataset_loaded.emit(dataset)

    def _describe(self, dataset) -> str:
        test = (self.tr("{0} test images").format(i18n.number(len(dataset.x_test)))
                if dataset.x_test is not None else self.tr("no test set"))
        status = self.tr("{0}. {1} training and {2}, {3} pixels.").format(
            sentence(dataset.source), i18n.number(len(dataset.x_train)), test,
            "×".join(str(v) for v in dataset.image_shape))
        if dataset.skipped:
            status += " " + self.tr("%n unreadable image(s) were skipped; training uses the rest.", "",
                                    dataset.skipped)
        return status

    def _show_counts(self, dataset) -> None:
        counts = np.bincount(dataset.y_train, minlength=dataset.num_classes)
        # Non-breaking spaces keep each "class: count" pair on one line when the text wraps.
        self.class_counts.setText("   ".join(f"{name}:\u00a0{i18n.number(int(count))}".replace(" ", "\u00a0")
                                            for name, count in zip(dataset.class_names, counts)))
        self.set_row_visible(self.class_counts_row, True)

    def _on_dataset_failed(self, message: str) -> None:
        self.loading = False
        self._dataset_error = sentence(message)
        self._set_status(lambda: self.tr("Could not load this dataset."))
        error = self._dataset_error                       # core's English
        self._set_preview_message(lambda: error)
        self.preview_unavailable.emit()
        self.changed.emit()


def _with_share(text: str, done: int, total: int) -> str:
    """A progress text with its share done in brackets, when the total is known."""
    return f"{text} ({i18n.percent(done / total)})" if total else text


def _short(name: str, length: int = 6) -> str:
    return name if len(name) <= length else name[:length - 1] + "…"


def _examples_per_class(labels: np.ndarray, classes: int, total: int) -> np.ndarray:
    """Indices of the first images of each class in turn, so the preview shows every class."""
    per_class = [np.flatnonzero(labels == k)[: math.ceil(total / max(classes, 1))] for k in range(classes)]
    order = [indices[i] for i in range(max((len(p) for p in per_class), default=0))
             for indices in per_class if i < len(indices)]
    return np.array(order[:total], dtype=np.int64)
