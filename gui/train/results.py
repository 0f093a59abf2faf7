"""Step five of the recipe, on screen: a trained model's test accuracy, confusion matrix, classification
report and worst mistakes; parameter extraction and export; making it the active model everywhere.

Language (gui.i18n): the status line is kept as a function of the panel's state, and the results (the
accuracy, the report, the galleries' captions) are rendered again from the last evaluation on a switch."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from gui import i18n
from gui.common.model_hub import bundle_title
from gui.common.workers import LatestRunner
from gui.train.widgets import ConfusionMatrixView, Gallery

WORST_COUNT = 48
CELL_LIMIT = 300


class EvaluationPanel(i18n.Retranslatable, QWidget):
    """Evaluates one bundle at a time in the background and shows the results."""

    evaluated = Signal(object)       # core.evaluation.Evaluation
    failed = Signal(str)

    def __init__(self, hub, parent: QWidget | None = None):
        super().__init__(parent)
        self._hub = hub
        self.result = None               # the last core.evaluation.Evaluation
        self._bundle_path: str | None = None
        self._dataset = None             # the dataset the form loaded last, to evaluate without reading it again
        self._cell: tuple[int, int] | None = None      # the confusion-matrix cell shown
        self._status: Callable[[], str] = lambda: self.tr("Train a model, or pick one and press Evaluate.")
        self._runner = LatestRunner(self)
        self._exporter = LatestRunner(self)
        self._progress_signal = _ProgressRelay(self)
        self._progress_signal.progress.connect(self._show_progress)

        self.model_combo = QComboBox()
        self.model_combo.setMinimumWidth(260)
        self.evaluate_button = QPushButton(clicked=self._evaluate_selected)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        picker = QHBoxLayout()
        self.model_label = QLabel()
        picker.addWidget(self.model_label)
        picker.addWidget(self.model_combo, 1)
        picker.addWidget(self.evaluate_button)
        picker.addWidget(self.progress)

        self.accuracy_label = QLabel("—")
        self.accuracy_label.setObjectName("test_accuracy")
        self.accuracy_label.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.use_button = QPushButton(clicked=self.use_model)
        self.export_txt_button = QPushButton(clicked=self._export_txt)
        self.export_native_button = QPushButton(clicked=self._export_native)
        actions = QHBoxLayout()
        self.accuracy_title = QLabel()
        actions.addWidget(self.accuracy_title)
        actions.addWidget(self.accuracy_label)
        actions.addStretch(1)
        actions.addWidget(self.use_button)
        actions.addWidget(self.export_txt_button)
        actions.addWidget(self.export_native_button)

        self.matrix = ConfusionMatrixView()
        self.matrix.cell_clicked.connect(self.show_cell)
        self.report = QTableWidget(0, 5)
        self.report.setObjectName("report_table")
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
        self.cell_title = QLabel()
        cell_page = QWidget()
        cell_layout = QVBoxLayout(cell_page)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.addWidget(self.cell_title)
        cell_layout.addWidget(self.cell_gallery)
        self.galleries.addTab(self.worst_gallery, "")
        self.galleries.addTab(cell_page, "")

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
        self.retranslate()

    def retranslate(self) -> None:
        """Every text, and the last evaluation's results rendered again in the current language."""
        self.evaluate_button.setText(self.tr("Evaluate"))
        self.model_label.setText(self.tr("Model"))
        self.use_button.setText(self.tr("Use this model"))
        self.use_button.setToolTip(self.tr("Make it the active model in Draw and Images & video."))
        self.export_txt_button.setText(self.tr("Extract parameters (weights.txt)…"))
        self.export_native_button.setText(self.tr("Export weights…"))
        self.accuracy_title.setText(self.tr("Test accuracy"))
        self.report.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Precision"), self.tr("Recall"),
                                               self.tr("F1-score"), self.tr("Support")])
        self.galleries.setTabText(1, self.tr("Selected cell"))
        self.refresh_models()
        self._show_status()
        self._show_result()

    def _set_status(self, render: Callable[[], str]) -> None:
        """The status line, kept as a function of the state so a language switch re-renders it."""
        self._status = render
        self._show_status()

    def _show_status(self) -> None:
        self.status.setText(self._status())

    def _show_result(self) -> None:
        """The last evaluation (or the empty panel) in the current language."""
        result = self.result
        if result is None:
            self.accuracy_label.setText("—")
            self.galleries.setTabText(0, self.tr("Worst mistakes"))
            self.cell_title.setText(self.tr("Click a cell of the confusion matrix to see its images."))
            return
        self.accuracy_label.setText(i18n.percent(result.accuracy, 2))
        self._fill_report(result)
        self._fill_worst(result)
        if self._cell is None:
            self.cell_title.setText(self.tr("Click a cell of the confusion matrix to see its images."))
        else:
            self._fill_cell(result, *self._cell)

    # ---- choosing and evaluating ---------------------------------------------------------------------

    def refresh_models(self) -> None:
        current = self.model_combo.currentData()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for bundle in self._hub.bundles():
            self.model_combo.addItem(bundle_title(bundle), str(bundle.path))
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
        self._set_status(lambda: self.tr("Evaluating {0} on the {1} test set…").format(info.name, info.dataset))
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
        self._set_status(lambda: self.tr("Evaluation failed: {0}").format(message))
        self.failed.emit(message)

    def _on_evaluated(self, result) -> None:
        self.progress.hide()
        self.evaluate_button.setEnabled(True)
        self.result = result
        self._cell = None
        self._set_status(lambda: self.tr("{0}: {1} test images ({2}), {3} mistakes, evaluated in {4}.").format(
            result.model_name, i18n.number(result.count), result.dataset_source, i18n.number(result.mistakes),
            self._duration(result.seconds)))
        self.matrix.set_matrix(result.confusion, result.class_names)
        self.cell_gallery.clear()
        self._show_result()
        self._set_actions_enabled(True)
        self.evaluated.emit(result)

    def _fill_report(self, result) -> None:
        rows = result.report_rows()
        summaries = {"accuracy": self.tr("accuracy"), "macro avg": self.tr("macro avg"),
                     "weighted avg": self.tr("weighted avg")}      # core's summary rows, after the classes
        self.report.setRowCount(len(rows))
        for row_index, row in enumerate(rows):
            name = summaries.get(row.name, row.name) if row_index >= len(result.class_names) else row.name
            values = [name] + [("" if np.isnan(v) else i18n.number(v, 3))
                                   for v in (row.precision, row.recall, row.f1)]
            values.append(i18n.number(int(row.support)))
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
            [f"{names[result.labels[i]]} → {names[result.predictions[i]]}\n{i18n.percent(result.confidences[i])}"
             for i in indices],
            [self.tr("Test image #{0}: truly {1}, read as {2} with {3} confidence").format(
                i, names[result.labels[i]], names[result.predictions[i]], i18n.percent(result.confidences[i], 1))
             for i in indices])
        self.galleries.setTabText(0, self.tr("Worst mistakes ({0} of {1})").format(
            i18n.number(min(len(indices), result.mistakes)), i18n.number(result.mistakes)))

    def show_cell(self, true_class: int, predicted_class: int) -> None:
        """The test images of one confusion-matrix cell."""
        result = self.result
        if result is None:
            return
        self._cell = (true_class, predicted_class)
        self._fill_cell(result, true_class, predicted_class)
        self.galleries.setCurrentIndex(1)

    def _fill_cell(self, result, true_class: int, predicted_class: int) -> None:
        indices = result.cell_indices(true_class, predicted_class)
        names = result.class_names
        shown = indices[:CELL_LIMIT]
        true_name, said = names[true_class], names[predicted_class]
        more = (self.tr(" (the {0} surest shown)").format(i18n.number(len(shown)))
                if len(indices) > len(shown) else "")
        if true_class == predicted_class:
            title = self.tr("True {0} read correctly as {1}: %n image(s){2}.", "", len(indices))
        else:
            title = self.tr("True {0} read as {1}: %n image(s){2}.", "", len(indices))
        self.cell_title.setText(title.format(true_name, said, more))
        self.cell_gallery.show_images(
            [result.images[i] for i in shown],
            [self.tr("true {0}\nsaid {1} {2}").format(true_name, said, i18n.percent(result.confidences[i]))
             for i in shown])

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
            name = Path(self._bundle_path).name
            self._set_status(lambda: self.tr("{0} is now the active model in every tab.").format(name))

    def _export_txt(self) -> None:
        if not self._bundle_path:
            return
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save the parameters as text"),
                                                str(Path.home() / "weights.txt"), self.tr("Text (*.txt)"))
        if target:
            self.export(target, native=False)

    def _export_native(self) -> None:
        if not self._bundle_path:
            return
        from core.export import FORMAT_SUFFIXES, native_format
        from core.registry import read_bundle

        info = read_bundle(self._bundle_path)
        suffix = FORMAT_SUFFIXES[native_format(info)]     # .pt (PyTorch state dict) or .keras (a whole Keras model)
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Export the model in its framework's own format"),
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

        self._set_status(lambda: self.tr("Writing {0}…").format(target))
        self._exporter.run(work, lambda path: self._set_status(lambda: self.tr("Saved {0}.").format(path)),
                           lambda message: self._set_status(lambda: self.tr("Export failed: {0}").format(message)))

    @property
    def exporting(self) -> bool:
        return self._exporter.busy

    def _duration(self, seconds: float) -> str:
        if seconds < 1:
            return self.tr("{0} ms").format(i18n.number(seconds * 1000, 0))
        return self.tr("{0} s").format(i18n.number(seconds, 1))


class _ProgressRelay(QObject):
    """Carries progress from the evaluation thread to the panel."""
    progress = Signal(int, int)
