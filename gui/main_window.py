"""Inkling's main window: the tabs, the model picker, menus and a status bar that always says which
model and device are in use."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar,
                               QSizePolicy, QTabWidget, QTextBrowser, QToolBar, QVBoxLayout, QWidget)

from gui.common import theme
from gui.settings import app_settings
from gui.draw.tab import DrawTab
from gui.common.model_hub import DEFAULT_LABEL, BackgroundRunner, ModelHub, plain_message
from gui.common.widgets import NoticeBar

# (module, class, tab title, tooltip); the media and train tabs come from other modules of gui/.
OPTIONAL_TABS = [
    ("gui.media.tab", "MediaTab", "Images && video", "Find and read every digit in pictures, videos or a webcam"),
    ("gui.train.tab", "TrainTab", "Train", "Train MLP, LeNet5, AlexNet8, VGG16, Inception10 or ResNet18 and "
                                           "watch the curves grow"),
]
PICTURE_FILTER = "Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.pgm *.ppm);;All files (*)"

SHORTCUTS = [
    ("Draw tab", [("Ctrl+Z", "Undo the last stroke"), ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
                  ("Delete, right-click", "Clear the canvas"), ("Ctrl+V", "Paste a picture onto the canvas"),
                  ("E", "Eraser on / off"), ("R", "Draw a random MNIST test digit")]),
    ("Window", [("Ctrl+O", "Open a picture on the Draw tab"), ("Ctrl+S", "Save the drawing as PNG"),
                ("F5", "Re-read the model list"), ("Ctrl+PgDown, Ctrl+Tab", "Next tab"),
                ("Ctrl+PgUp, Ctrl+Shift+Tab", "Previous tab"), ("Ctrl+1, Ctrl+2, Ctrl+3", "Go to a tab"),
                ("F1", "This list"), ("Ctrl+Q", "Quit")]),
]


def _optional_tab_class(module_name: str, class_name: str):
    """The tab's class, or None when its module (or something it needs) cannot be imported; the window
    then opens without that tab and says why on stderr (a tab that raises anything else is a bug)."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        print(f"Inkling: the tab in {module_name} is left out ({error}).", file=sys.stderr)
        return None
    return getattr(module, class_name)


class MainWindow(QMainWindow):
    def __init__(self, hub: ModelHub, optional_tabs_now: bool = True, parent: QWidget | None = None):
        """optional_tabs_now=False leaves the Images & video and Train tabs for add_optional_tabs(), so the
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
        self.draw_tab = DrawTab(self.hub)
        self.tabs.addTab(self.draw_tab, "Draw")
        self.tabs.setTabToolTip(0, "Draw a digit and watch the network read it")
        self._optional_tabs_added = False

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
        for number in range(1, 4):
            shortcut([f"Ctrl+{number}"], lambda _=False, index=number - 1: self.tabs.setCurrentIndex(index))

    def add_optional_tabs(self) -> None:
        """Add the Images & video and Train tabs (once) and return to the tab used last time."""
        if self._optional_tabs_added:
            return
        self._optional_tabs_added = True
        for module_name, class_name, title, tip in OPTIONAL_TABS:
            tab_class = _optional_tab_class(module_name, class_name)
            if tab_class is not None:
                index = self.tabs.addTab(tab_class(self.hub), title)
                self.tabs.setTabToolTip(index, tip)
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
            from core.registry import export_weights_txt
            return export_weights_txt(str(info.path), out_path)

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
        for index in range(self.tabs.count()):
            save = getattr(self.tabs.widget(index), "save_settings", None)
            if callable(save):
                save()

    # Files dropped anywhere the tab under the pointer does not take them go to the Images & video tab.
    def _media_tab(self):
        tabs = (self.tabs.widget(index) for index in range(self.tabs.count()))
        return next((tab for tab in tabs if hasattr(tab, "open_paths")), None)

    def dragEnterEvent(self, event) -> None:
        if self._media_tab() is not None and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        media_tab = self._media_tab()
        if media_tab is not None and paths:
            event.acceptProposedAction()
            self.tabs.setCurrentWidget(media_tab)
            media_tab.open_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        for index in range(self.tabs.count()):
            confirm_close = getattr(self.tabs.widget(index), "confirm_close", None)
            if callable(confirm_close) and not confirm_close():
                event.ignore()   # e.g. the user keeps a training run going
                return
        self.save_settings()
        for index in range(self.tabs.count()):
            tab = self.tabs.widget(index)
            shutdown = getattr(tab, "shutdown", None)
            if callable(shutdown):
                shutdown()  # a tab stops its own threads, readers and training jobs
        super().closeEvent(event)
