"""Step two of the course's recipe: the network (from the zoo), the framework and device that train it,
its layer-by-layer summary, and the name the trained model is saved under."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QWidget

from gui import i18n
from gui.common.workers import LatestRunner
from gui.train.panels.form import FormPanel, combo
from gui.train.texts import core_text


class ModelPanel(FormPanel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._summary_error = ""
        self._input = ((28, 28, 1), 10)      # the input shape and class count the summary is built for
        self._description = ""               # the architecture's description, as core writes it
        self._parameters: tuple[int, list[int]] | str | None = None   # counted, "counting", an error, None
        self._summarizer = LatestRunner(self)
        self._summary_timer = QTimer(self, singleShot=True, interval=150, timeout=self._refresh_summary)
        self._build_choices()
        self._build_summary()
        self.model_name = QLineEdit()
        self.add_field(self.model_name, "name")
        self.architecture.currentIndexChanged.connect(self._summary_timer.start)
        self.connect_changes(self.architecture, self.engine, self.device, self.model_name)
        self.retranslate()

    def _build_choices(self) -> None:
        from core.zoo import architecture_names

        self.architecture = combo()
        for name in architecture_names():
            self.architecture.addItem("", name)
        self.architecture.setCurrentIndex(max(0, self.architecture.findData("lenet5")))
        self.add_field(self.architecture, "model")
        self.architecture_description = QLabel()
        self.architecture_description.setWordWrap(True)
        self.architecture_description.setStyleSheet("font-size: 11px;")
        self.form.addRow(self.architecture_description)
        self.engine = combo()
        for key, title in (("torch", "PyTorch"), ("keras", "TensorFlow / Keras")):
            self.engine.addItem(title, key)
        self.add_field(self.engine)
        self.device = combo()
        for key in ("auto", "cpu", "cuda"):
            self.device.addItem("", key)
        self.add_field(self.device)

    def _build_summary(self) -> None:
        self.summary_table = QTableWidget(0, 3)
        self.summary_table.setObjectName("summary_table")
        self.summary_table.verticalHeader().hide()
        self.summary_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.summary_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.summary_table.setFixedHeight(170)
        self.form.addRow(self.summary_table)
        self.parameter_total = QLabel()
        self.add_labelled_row(self.parameter_total)

    def retranslate(self) -> None:
        from core.zoo import get_spec

        self.setTitle(self.tr("2 · Model"))
        for index in range(self.architecture.count()):
            self.architecture.setItemText(index, core_text(get_spec(self.architecture.itemData(index)).title))
        self.name_field(self.architecture, self.tr("Architecture"))
        self.architecture_description.setText(core_text(self._description) if self._description else "")
        self.name_field(self.engine, self.tr("Framework"))
        devices = {"auto": self.tr("Automatic (GPU when there is one)"), "cpu": self.tr("CPU"),
                   "cuda": self.tr("GPU (CUDA)")}
        for index in range(self.device.count()):
            self.device.setItemText(index, devices[self.device.itemData(index)])
        self.name_field(self.device, self.tr("Device"))
        self.summary_table.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Output shape"),
                                                      self.tr("Parameters")])
        self.name_field(self.parameter_total, self.tr("Parameters"))
        self.model_name.setPlaceholderText(self.tr("automatic: <architecture>-<framework>"))
        self.name_field(self.model_name, self.tr("Save as"), self.tr("The name of the trained model in every "
                                                                     "model list."))
        self._show_parameter_counts()

    # ---- the configuration ---------------------------------------------------------------------------

    def set_config(self, config) -> None:
        self.architecture.setCurrentIndex(max(0, self.architecture.findData(config.model)))
        self.engine.setCurrentIndex(max(0, self.engine.findData(config.engine)))
        self.device.setCurrentIndex(max(0, self.device.findData(config.device)))
        self.model_name.setText(config.name or "")

    def set_resume_locked(self, locked: bool) -> None:
        """A continued run keeps its network and framework."""
        for widget in (self.architecture, self.engine):
            widget.setEnabled(not locked)

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self._summary_error:
            errors["model"] = self._summary_error
        name = self.model_name.text().strip()
        if name and not any(ch.isalnum() for ch in name):
            errors["name"] = self.tr("Use letters or digits in the name.")
        return errors

    # ---- the summary ---------------------------------------------------------------------------------

    def set_input(self, shape: tuple[int, int, int], classes: int) -> None:
        """What the network will see (from the data panel); the next summary is built for it."""
        self._input = (tuple(shape), int(classes))

    def refresh_summary_soon(self) -> None:
        self._summary_timer.start()

    def parameters_known(self) -> bool:
        """The count for the current settings is shown: counted, and no newer summary waits to be built."""
        return isinstance(self._parameters, tuple) and not self._summary_timer.isActive()

    def _refresh_summary(self) -> None:
        """Layers and output shapes come from the spec at once; parameter counts from building the model
        with PyTorch off the GUI thread (both frameworks count the same parameters from one spec, and
        torch is the lighter one to load into the window's process)."""
        from core.fileio import UserError
        from core.zoo import get_spec

        shape, classes = self._input
        try:
            spec = get_spec(self.architecture.currentData(), input_shape=shape, num_classes=classes)
            shapes = spec.output_shapes()
        except UserError as error:
            self._show_summary_error(str(error))
            return
        self._summary_error = ""
        self._description = spec.description
        self.architecture_description.setText(core_text(spec.description))
        self.summary_table.setRowCount(len(shapes))
        for row, (layer_name, output) in enumerate(zip(spec.layer_names(), shapes)):
            self.summary_table.setItem(row, 0, QTableWidgetItem(layer_name))
            self.summary_table.setItem(row, 1, QTableWidgetItem(" × ".join(str(v) for v in output)))
            self.summary_table.setItem(row, 2, QTableWidgetItem("…"))
        self._parameters = "counting"
        self._show_parameter_counts()

        def count():
            from core.engines.factory import create_engine
            engine = create_engine("torch", spec, "cpu")
            return engine.parameter_count(), [layer.parameters for layer in engine.summary()]

        self._summarizer.run(count, self._show_parameters, self._on_summary_failed)
        self.changed.emit()

    def _show_summary_error(self, message: str) -> None:
        self._summary_error = message
        self._description = ""
        self._parameters = None
        self.summary_table.setRowCount(0)
        self.architecture_description.setText("")
        self._show_parameter_counts()
        self.changed.emit()

    def _show_parameters(self, result) -> None:
        total, per_layer = result
        self._parameters = (int(total), [int(count) for count in per_layer])
        self._show_parameter_counts()

    def _on_summary_failed(self, message: str) -> None:
        self._parameters = message

    def _show_parameter_counts(self) -> None:
        """The total (and each layer's count) as the current language writes numbers, or what is going on."""
        state = self._parameters
        if isinstance(state, tuple):
            total, per_layer = state
            if len(per_layer) == self.summary_table.rowCount():
                for row, parameters in enumerate(per_layer):
                    self.summary_table.setItem(row, 2, QTableWidgetItem(i18n.number(parameters)))
            self.parameter_total.setText(i18n.number(total))
        elif state == "counting":
            self.parameter_total.setText(self.tr("counting…"))
        elif state is None:
            self.parameter_total.setText("—")
        else:
            self.parameter_total.setText(self.tr("could not count ({0})").format(state))
