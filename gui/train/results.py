"""Step five of the recipe, on screen: a trained model's test accuracy, confusion matrix, classification
report and worst mistakes; parameter extraction and export; making it the active model everywhere."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from gui.common.workers import LatestRunner
from gui.train.widgets import ConfusionMatrixView, Gallery

WORST_COUNT = 48
CELL_LIMIT = 300


class EvaluationPanel(QWidget):
    """Evaluates one bundle at a time in the background and shows the results."""

    evaluated = Signal(object)       # core.evaluation.Evaluation
    failed = Signal(str)

    def __init__(self, hub, parent: QWidget | None = None):
        super().__init__(parent)
        self._hub = hub
        self.result = None               # the last core.evaluation.Evaluation
        self._bundle_path: str | None = None
        self._dataset = None             # the dataset the form loaded last, to evaluate without reading it again
        self._runner = LatestRunner(self)
        self._exporter = LatestRunner(self)
        self._progress_signal = _ProgressRelay(self)
        self._progress_signal.progress.connect(self._show_progress)

        self.model_combo = QComboBox()
        self.model_combo.setMinimumWidth(260)
        self.evaluate_button = QPushButton("Evaluate", clicked=self._evaluate_selected)
        self.status = QLabel("Train a model, or pick one and press Evaluate.")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        picker = QHBoxLayout()
        picker.addWidget(QLabel("Model"))
        picker.addWidget(self.model_combo, 1)
        picker.addWidget(self.evaluate_button)
        picker.addWidget(self.progress)

        self.accuracy_label = QLabel("—")
        self.accuracy_label.setObjectName("test_accuracy")
        self.accuracy_label.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.use_button = QPushButton("Use this model", clicked=self.use_model)
        self.use_button.setToolTip("Make it the active model in Draw and Images & video.")
        self.export_txt_button = QPushButton("Extract parameters (weights.txt)…", clicked=self._export_txt)
        self.export_native_button = QPushButton("Export weights…", clicked=self._export_native)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Test accuracy"))
        actions.addWidget(self.accuracy_label)
        actions.addStretch(1)
        actions.addWidget(self.use_button)
        actions.addWidget(self.export_txt_button)
        actions.addWidget(self.export_native_button)

        self.matrix = ConfusionMatrixView()
        self.matrix.cell_clicked.connect(self.show_cell)
        self.report = QTableWidget(0, 5)
        self.report.setObjectName("report_table")
        self.report.setHorizontalHeaderLabels(["Class", "Precision", "Recall", "F1-score", "Support"])
        self.report.verticalHeader().hide()
        self.report.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.report.setEditTriggers(QTableWidget.NoEditTriggers)
        top = QSplitter(Qt.Horizontal)
        top.addWidget(self.matrix)
        top.addWidget(self.report)
        top.setSizes([420, 380])

        self.galleries = QTabWidget()
        self.worst_gallery = Gallery()
        self.cell_gallery = Gallery()
        self.cell_title = QLabel("Click a cell of the confusion matrix to see its images.")
        cell_page = QWidget()
        cell_layout = QVBoxLayout(cell_page)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.addWidget(self.cell_title)
        cell_layout.addWidget(self.cell_gallery)
        self.galleries.addTab(self.worst_gallery, "Worst mistakes")
        self.galleries.addTab(cell_page, "Selected cell")

        body = QSplitter(Qt.Vertical)
        body.addWidget(top)
        body.addWidget(self.galleries)
        body.setSizes([380, 260])

        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addWidget(body, 1)
        self._set_actions_enabled(False)
        self.refresh_models()
        hub.bundles_changed.connect(self.refresh_models)

    # ---- choosing and evaluating ---------------------------------------------------------------------

    def refresh_models(self) -> None:
        current = self.model_combo.currentData()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for bundle in self._hub.bundles():
            self.model_combo.addItem(bundle.title, str(bundle.path))
        index = self.model_combo.findData(current)
        self.model_combo.setCurrentIndex(max(0, index))
        self.model_combo.blockSignals(False)

    def remember_dataset(self, dataset) -> None:
        """A dataset already in memory (the one the form loaded) is reused instead of read again."""
        self._dataset = dataset

    def _evaluate_selected(self) -> None:
        path = self.model_combo.currentData()
        if path:
            self.evaluate(path)

    def evaluate(self, bundle_path: str, dataset=None) -> None:
        """Evaluate the bundle on its dataset's test set, in the background."""
        from core.registry import RegistryError, read_bundle

        try:
            info = read_bundle(bundle_path)
        except RegistryError as error:
            self._on_failed(str(error))
            return
        self.refresh_models()
        index = self.model_combo.findData(str(info.path))
        if index >= 0:
            self.model_combo.setCurrentIndex(index)
        self._bundle_path = str(info.path)
        if dataset is None and self._dataset is not None and self._dataset.name == info.dataset:
            dataset = self._dataset
        self.status.setText(f"Evaluating {info.name} on the {info.dataset} test set…")
        self.progress.setValue(0)
        self.progress.show()
        self.evaluate_button.setEnabled(False)
        relay = self._progress_signal.progress

        def work():
            from core.evaluation import evaluate_bundle
            return evaluate_bundle(str(info.path), dataset, progress=lambda done, total: relay.emit(done, total))

        self._runner.run(work, self._on_evaluated, self._on_failed)

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.evaluate_button.setEnabled(True)
        self.status.setText(f"Evaluation failed: {message}")
        self.failed.emit(message)

    def _on_evaluated(self, result) -> None:
        self.progress.hide()
        self.evaluate_button.setEnabled(True)
        self.result = result
        self.accuracy_label.setText(f"{result.accuracy:.2%}")
        self.status.setText(f"{result.model_name}: {result.count:,} test images ({result.dataset_source}), "
                            f"{result.mistakes:,} mistakes, evaluated in {_duration(result.seconds)}.")
        self.matrix.set_matrix(result.confusion, result.class_names)
        self._fill_report(result)
        self._fill_worst(result)
        self.cell_gallery.clear()
        self.cell_title.setText("Click a cell of the confusion matrix to see its images.")
        self._set_actions_enabled(True)
        self.evaluated.emit(result)

    def _fill_report(self, result) -> None:
        rows = result.report_rows()
        self.report.setRowCount(len(rows))
        for row_index, row in enumerate(rows):
            values = [row.name] + [("" if np.isnan(v) else f"{v:.3f}") for v in (row.precision, row.recall, row.f1)]
            values.append(f"{row.support:,}")
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.report.setItem(row_index, column, item)

    def _fill_worst(self, result) -> None:
        indices = result.worst_mistakes(WORST_COUNT)
        names = result.class_names
        self.worst_gallery.show_images(
            [result.images[i] for i in indices],
            [f"{names[result.labels[i]]} → {names[result.predictions[i]]}\n{result.confidences[i]:.0%}" for i in indices],
            [f"Test image #{i}: truly {names[result.labels[i]]}, read as {names[result.predictions[i]]} "
             f"with {result.confidences[i]:.1%} confidence" for i in indices])
        self.galleries.setTabText(0, f"Worst mistakes ({min(len(indices), result.mistakes)} of {result.mistakes:,})")

    def show_cell(self, true_class: int, predicted_class: int) -> None:
        """The test images of one confusion-matrix cell."""
        result = self.result
        if result is None:
            return
        indices = result.cell_indices(true_class, predicted_class)
        names = result.class_names
        shown = indices[:CELL_LIMIT]
        what = "read correctly as" if true_class == predicted_class else "read as"
        more = f" (the {len(shown)} surest shown)" if len(indices) > len(shown) else ""
        self.cell_title.setText(f"True {names[true_class]} {what} {names[predicted_class]}: "
                                f"{len(indices):,} image(s){more}.")
        self.cell_gallery.show_images(
            [result.images[i] for i in shown],
            [f"true {names[true_class]}\nsaid {names[predicted_class]} {result.confidences[i]:.0%}" for i in shown])
        self.galleries.setCurrentIndex(1)

    # ---- actions on the model --------------------------------------------------------------------

    def _set_actions_enabled(self, enabled: bool) -> None:
        for button in (self.use_button, self.export_txt_button, self.export_native_button):
            button.setEnabled(enabled)

    def current_bundle(self) -> str | None:
        return self._bundle_path

    def use_model(self) -> None:
        """The evaluated model becomes the active one in every tab."""
        if self._bundle_path:
            self._hub.refresh()
            self._hub.select(self._bundle_path)
            self.status.setText(f"{Path(self._bundle_path).name} is now the active model in every tab.")

    def _export_txt(self) -> None:
        if not self._bundle_path:
            return
        target, _ = QFileDialog.getSaveFileName(self, "Save the parameters as text",
                                                str(Path.home() / "weights.txt"), "Text (*.txt)")
        if target:
            self.export(target, native=False)

    def _export_native(self) -> None:
        if not self._bundle_path:
            return
        from core.export import FORMAT_SUFFIXES, native_format
        from core.registry import read_bundle

        info = read_bundle(self._bundle_path)
        suffix = FORMAT_SUFFIXES[native_format(info)]     # .pt (PyTorch state dict) or .keras (a whole Keras model)
        target, _ = QFileDialog.getSaveFileName(self, "Export the model in its framework's own format",
                                                str(Path.home() / f"{info.name}{suffix}"), f"*{suffix}")
        if target and not target.endswith(suffix):
            target += suffix
        if target:
            self.export(target, native=True)

    def export(self, target: str, native: bool) -> None:
        """Write weights.txt (the course's parameter extraction) or the native weights file, off the GUI
        thread, through core.export as `inkling export` does (with the PATH.json description beside it)."""
        bundle = self._bundle_path

        def work():
            from core.export import export_model, native_format
            from core.registry import read_bundle
            format = native_format(read_bundle(bundle)) if native else "weights-txt"
            return export_model(bundle, format, target)

        self.status.setText(f"Writing {target}…")
        self._exporter.run(work, lambda path: self.status.setText(f"Saved {path}."),
                           lambda message: self.status.setText(f"Export failed: {message}"))

    @property
    def exporting(self) -> bool:
        return self._exporter.busy


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


class _ProgressRelay(QObject):
    """Carries progress from the evaluation thread to the panel."""
    progress = Signal(int, int)
