"""Inkling's main window: the tabs, the model picker, menus and a status bar that always says which
model and device are in use.

The tabs are the declared list TABS (each tab package declares its own TabSpec); the window talks to
them only through gui.tab.Tab. Tabs not needed at start are built once the window has been painted.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar,
                               QSizePolicy, QTabWidget, QTextBrowser, QToolBar, QVBoxLayout, QWidget)

from gui import course, draw, media, train
from gui.common import theme
from gui.common.model_hub import DEFAULT_LABEL, ModelHub
from gui.common.widgets import NoticeBar
from gui.common.workers import BackgroundRunner, plain_message
from gui.settings import app_settings
from gui.tab import Tab, TabSpec

# The window's tabs, in order; the at_start ones come first.
TABS: list[TabSpec] = [draw.TAB, media.TAB, train.TAB, course.TAB]
PICTURE_FILTER = "Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.pgm *.ppm);;All files (*)"

SHORTCUTS = [
    ("Draw tab", [("Ctrl+Z", "Undo the last stroke"), ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
                  ("Delete, right-click", "Clear the canvas"), ("Ctrl+V", "Paste a picture onto the canvas"),
                  ("E", "Eraser on / off"), ("R", "Draw a random MNIST test digit")]),
    ("Window", [("Ctrl+O", "Open a picture on the Draw tab"), ("Ctrl+S", "Save the drawing as PNG"),
                ("F5", "Re-read the model list"), ("Ctrl+PgDown, Ctrl+Tab", "Next tab"),
                ("Ctrl+PgUp, Ctrl+Shift+Tab", "Previous tab"), ("Ctrl+1 … Ctrl+4", "Go to a tab"),
                ("F1", "This list"), ("Ctrl+Q", "Quit")]),
]


class MainWindow(QMainWindow):
    def __init__(self, hub: ModelHub, optional_tabs_now: bool = True, parent: QWidget | None = None):
        """optional_tabs_now=False leaves the tabs not needed at start for add_optional_tabs(), so the
        window can appear before their modules are imported."""
        super().__init__(parent)
        self.hub = hub
        self._runner = BackgroundRunner(parent=self)
        self.setWindowTitle("Inkling")
        self.setWindowIcon(theme.app_icon())
        self.setMinimumSize(760, 560)
        self.setAcceptDrops(True)
        self.notice = NoticeBar()
        self._build_tabs()
        self._build_tab_shortcuts()
        self._build_central()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        hub.loading_started.connect(self._on_loading_started)
        hub.model_changed.connect(self._on_model_changed)
        hub.load_failed.connect(self._on_load_failed)
        hub.bundles_changed.connect(self._fill_model_pickers)
        self._fill_model_pickers()
        self._restore_settings()
        self._show_model_state()
        if optional_tabs_now:
            self.add_optional_tabs()

    # ----- building --------------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._optional_tabs_added = False
        self._tabs_by_key: dict[str, Tab] = {}
        built = {spec: self._add_tab(spec) for spec in TABS if spec.at_start}
        self.draw_tab = built[draw.TAB]

    def _add_tab(self, spec: TabSpec) -> Tab | None:
        """Build the tab and add it; a tab whose package (or something it needs) cannot be imported is
        left out and stderr says why (a tab that raises anything else is a bug)."""
        try:
            tab = spec.build(self.hub)
        except ImportError as error:
            print(f"Inkling: the {spec.title.replace('&&', '&')} tab is left out ({error}).", file=sys.stderr)
            return None
        if spec.key:
            self._tabs_by_key[spec.key] = tab
        index = self.tabs.addTab(tab, QCoreApplication.translate("Tab", spec.title))
        self.tabs.setTabToolTip(index, QCoreApplication.translate("Tab", spec.tooltip))
        return tab

    def tab_pages(self) -> list[Tab]:
        return [self.tabs.widget(index) for index in range(self.tabs.count())]

    def show_tab(self, key: str) -> Tab | None:
        """Bring the tab declared with that key to the front and return it (None: the window has none)."""
        tab = self._tabs_by_key.get(key)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
        return tab

    def _build_tab_shortcuts(self) -> None:
        def shortcut(keys: list[str], move) -> None:
            action = QAction(self)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.triggered.connect(move)
            self.addAction(action)

        def step(offset: int) -> None:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + offset) % self.tabs.count())

        shortcut(["Ctrl+PgDown", "Ctrl+Tab"], lambda: step(1))
        shortcut(["Ctrl+PgUp", "Ctrl+Shift+Tab"], lambda: step(-1))
        for number in range(1, len(TABS) + 1):
            shortcut([f"Ctrl+{number}"], lambda _=False, index=number - 1: self.tabs.setCurrentIndex(index))

    def add_optional_tabs(self) -> None:
        """Add the tabs not built at start (once) and return to the tab used last time."""
        if self._optional_tabs_added:
            return
        self._optional_tabs_added = True
        for spec in TABS:
            if not spec.at_start:
                self._add_tab(spec)
        self.tabs.setCurrentIndex(int(app_settings().value("window/tab", 0)))

    def _build_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Model")
        toolbar.setObjectName("model_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Model: "))
        self.model_combo = QComboBox()
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model_combo.setMinimumContentsLength(28)
        self.model_combo.setToolTip("The model every tab uses. Trained models appear here when training ends.")
        self.model_combo.activated.connect(self._on_combo_activated)
        toolbar.addWidget(self.model_combo)
        self.reload_action = QAction("Reload model list", self)
        self.reload_action.setIconText("Reload")
        self.reload_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.reload_action.setToolTip("Re-read the model list from disk (F5)")
        self.reload_action.triggered.connect(self.hub.refresh)
        toolbar.addAction(self.reload_action)
        self.addToolBar(toolbar)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu = file_menu = menu_bar.addMenu("&File")
        self._add_action(file_menu, "&Open image…", QKeySequence.StandardKey.Open,
                         "Open a picture of a digit (or a number) on the Draw tab", self.open_image)
        self._add_action(file_menu, "&Save drawing…", QKeySequence.StandardKey.Save,
                         "Save the Draw tab's canvas as a PNG picture", self.save_drawing)
        file_menu.addSeparator()
        self._add_action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, "Close Inkling", self.close)

        self.model_menu = menu_bar.addMenu("&Model")
        self.model_menu.setToolTipsVisible(True)
        self.model_group = QActionGroup(self)
        self.model_group.setExclusive(True)
        self._model_separator = self.model_menu.addSeparator()
        self._add_action(self.model_menu, "&Import bundle…", None,
                         "Copy a model bundle folder (e.g. from a colleague) into your models", self.import_bundle)
        self._add_action(self.model_menu, "&Export weights.txt…", None,
                         "Write every weight of the active model as text (the course's parameter extraction)",
                         self.export_weights)
        self.model_menu.addAction(self.reload_action)

        self.help_menu = help_menu = menu_bar.addMenu("&Help")
        self._add_action(help_menu, "&Keyboard shortcuts", QKeySequence(Qt.Key.Key_F1),
                         "Every keyboard shortcut", self.show_shortcuts)
        self._add_action(help_menu, "&About Inkling", None, "What Inkling is", self.show_about)

    def _add_action(self, menu, text: str, shortcut, tip: str, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(14)
        self.busy.setToolTip("Loading the model in the background; drawing keeps working")
        self.model_label = QLabel()
        self.model_label.setToolTip("The active model: name, architecture, framework and test accuracy")
        self.device_label = QLabel()
        self.device_label.setToolTip("Where the network runs: the CPU or a CUDA GPU")
        self.model_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        status.addPermanentWidget(self.busy)
        status.addPermanentWidget(self.model_label)
        status.addPermanentWidget(self.device_label)
        self.backend_label = QLabel()      # PyTorch, Keras or ONNX Runtime (core.inference picks the faster)
        status.addPermanentWidget(self.backend_label)

    # ----- the model -------------------------------------------------------------------------------

    def load_initial_model(self) -> None:
        """Load the model chosen last time (or the shipped default) in the background."""
        remembered = app_settings().value("model")
        self.hub.select(str(remembered) if remembered else None)

    def _fill_model_pickers(self) -> None:
        bundles = self.hub.bundles()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for action in self.model_group.actions():
            self.model_group.removeAction(action)
            self.model_menu.removeAction(action)
            action.deleteLater()
        for bundle in bundles:
            tip = f"{bundle.path}\nTrained on {bundle.dataset}" + (f", {bundle.created}" if bundle.created else "")
            self.model_combo.addItem(bundle.title, str(bundle.path))
            self.model_combo.setItemData(self.model_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            action = QAction(bundle.title, self.model_group)
            action.setCheckable(True)
            action.setData(str(bundle.path))
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, path=str(bundle.path): self.hub.select(path))
            self.model_menu.insertAction(self._model_separator, action)
        if not bundles:
            self.model_combo.addItem("No models found")
        self.model_combo.setEnabled(bool(bundles))
        self.model_combo.blockSignals(False)
        self._sync_model_pickers()

    def _sync_model_pickers(self) -> None:
        """Point the combo and the menu at the active model."""
        classifier = self.hub.classifier
        active = str(classifier.info.path) if classifier is not None else None
        index = self.model_combo.findData(active) if active else -1
        self.model_combo.blockSignals(True)
        if index >= 0:
            self.model_combo.setCurrentIndex(index)
        self.model_combo.blockSignals(False)
        for action in self.model_group.actions():
            action.setChecked(action.data() == active)

    def _on_combo_activated(self, index: int) -> None:
        path = self.model_combo.itemData(index)
        active = self.hub.classifier
        if path and (active is None or str(active.info.path) != path):
            self.hub.select(path)

    def _on_loading_started(self, label: str) -> None:
        self._show_model_state()

    def _on_model_changed(self, classifier) -> None:
        app_settings().setValue("model", classifier.info.name)
        if self.model_combo.findData(str(classifier.info.path)) < 0:
            self.hub.refresh()  # a model that is not listed yet (e.g. chosen by path)
        self._sync_model_pickers()
        self._show_model_state()
        self.statusBar().showMessage(f"Now using {classifier.info.name}", 4000)

    def _on_load_failed(self, message: str) -> None:
        self.notice.show_warning(message)
        self.statusBar().showMessage(message, 15000)
        self._show_model_state()

    def _show_model_state(self) -> None:
        hub = self.hub
        self.busy.setVisible(hub.is_loading())
        self.backend_label.setText("")
        if hub.is_loading():
            label = hub.loading_label()
            self.model_label.setText("Loading model…" if label == DEFAULT_LABEL else f"Loading model {label}…")
            self.device_label.setText("Device: …")
            return
        classifier = hub.classifier
        if classifier is None:
            self.model_label.setText("No model")
            self.model_label.setToolTip(hub.last_error() or "No model is loaded yet")
            self.device_label.setText("Device: –")
            return
        self.model_label.setText(f"Model: {classifier.info.title}")
        self.model_label.setToolTip(str(classifier.info.path))
        self.device_label.setText(f"Device: {classifier.device_name}")
        self.backend_label.setText(self.tr("Runtime: {0}").format(classifier.backend_name))
        self.backend_label.setToolTip(classifier.backend_note or self.tr("The runtime that runs the network"))

    # ----- menu commands ---------------------------------------------------------------------------

    def open_image(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Open a picture of a digit", str(Path.home()),
                                                  PICTURE_FILTER)
            if not path:
                return
        self.tabs.setCurrentWidget(self.draw_tab)
        if not self.draw_tab.load_picture_file(path):
            self.statusBar().showMessage(f"Could not open {Path(path).name}", 8000)

    def save_drawing(self) -> None:
        saved = self.draw_tab.save_drawing()
        if saved is not None:
            self.statusBar().showMessage(f"Saved the drawing to {saved}", 6000)

    def import_bundle(self, folder: str | None = None) -> None:
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, "Import a model bundle folder", str(Path.home()))
            if not folder:
                return

        def copy():
            from core.registry import import_bundle
            return import_bundle(folder)

        def imported(info) -> None:
            self.hub.refresh()
            self.notice.show_info(f"Imported {info.name}; it is now the active model.")
            self.hub.select(str(info.path))

        self.statusBar().showMessage(f"Importing {folder}…")
        self._runner.run(copy, imported, lambda error: self._report(plain_message(error, "import the bundle")))

    def export_weights(self, out_path: str | None = None) -> None:
        classifier = self.hub.classifier
        if classifier is None:
            self._report("There is no model to export: none is loaded.")
            return
        info = classifier.info
        if not out_path:
            out_path, _ = QFileDialog.getSaveFileName(self, "Export weights as text",
                                                      str(Path.home() / f"{info.name}-weights.txt"),
                                                      "Text files (*.txt)")
            if not out_path:
                return

        def export():
            from core.export import export_model
            return export_model(str(info.path), "weights-txt", out_path)

        self.statusBar().showMessage(f"Exporting the weights of {info.name}…")
        self._runner.run(export, lambda path: self.statusBar().showMessage(f"Wrote {path}", 8000),
                         lambda error: self._report(plain_message(error, "export the weights")))

    def _report(self, message: str) -> None:
        self.notice.show_warning(message)
        self.statusBar().showMessage(message, 10000)

    def show_shortcuts(self) -> None:
        rows = []
        for section, entries in SHORTCUTS:
            rows.append(f"<tr><td colspan=2><h3>{section}</h3></td></tr>")
            rows += [f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for keys, what in entries]
        dialog = QDialog(self)
        dialog.setWindowTitle("Keyboard shortcuts — Inkling")
        browser = QTextBrowser()
        browser.setHtml(f"<table cellpadding=3>{''.join(rows)}</table>")
        QVBoxLayout(dialog).addWidget(browser)
        dialog.resize(460, 420)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()  # not modal: the shortcuts stay visible while trying them
        self.shortcuts_dialog = dialog

    def show_about(self) -> None:
        QMessageBox.about(self, "About Inkling",
                          "<h3>Inkling</h3><p>A desktop lab for handwritten digits: draw a digit and watch a "
                          "network read it, find and read digits in pictures, videos and a webcam, and train the "
                          "classic networks (MLP, LeNet5, AlexNet8, VGG16, Inception10, ResNet18) with "
                          "TensorFlow/Keras or PyTorch.</p><p>It follows the six steps of a TensorFlow 2 course: "
                          "data → model → compile → fit → evaluate → apply.</p>")

    # ----- settings --------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            pass
        else:
            self._default_geometry()
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def _default_geometry(self) -> None:
        screen = self.screen().availableGeometry()
        width, height = min(1280, int(screen.width() * 0.9)), min(820, int(screen.height() * 0.9))
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))
        self.move(screen.center() - self.rect().center())

    def save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())
        for tab in self.tab_pages():
            tab.save_settings()

    # Files dropped anywhere no widget takes them are offered to the tabs, the one in front first.
    def _tabs_front_first(self) -> list[Tab]:
        front = self.tabs.currentWidget()
        return [front] + [tab for tab in self.tab_pages() if tab is not front] if front else []

    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        taker = next((tab for tab in self._tabs_front_first() if paths and tab.open_paths(paths)), None)
        if taker is not None:
            event.acceptProposedAction()
            self.tabs.setCurrentWidget(taker)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(tab.confirm_close() for tab in self.tab_pages()):
            event.ignore()   # e.g. the user keeps a training run going
            return
        self.save_settings()
        for tab in self.tab_pages():
            tab.shutdown()   # a tab stops its own threads, readers and training jobs
        super().closeEvent(event)
