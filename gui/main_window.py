"""Inkling's main window: the tabs, the model picker, menus and a status bar that always says which
model and device are in use.

The tabs are the declared list TABS (each tab package declares its own TabSpec); the window talks to
them only through gui.tab.Tab. Tabs not needed at start are built once the window has been painted.
View → Language switches between English and 简体中文 at once (gui.i18n's rules): the window re-sets its
own texts in retranslate(), each tab re-sets its own.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar,
                               QSizePolicy, QTabWidget, QTextBrowser, QToolBar, QVBoxLayout, QWidget)

from gui import course, draw, media, train
from gui import i18n
from gui.common import theme
from gui.common.model_hub import DEFAULT_LABEL, ModelHub, bundle_title
from gui.common.widgets import NoticeBar
from gui.common.workers import BackgroundRunner, plain_message
from gui.settings import app_settings
from gui.tab import Tab, TabSpec

# The window's tabs, in order; the at_start ones come first.
TABS: list[TabSpec] = [draw.TAB, media.TAB, train.TAB, course.TAB]
PICTURE_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.pgm *.ppm"

# Sources translated when shown (context "Shortcuts": lupdate needs it literally); key names stay as they are.
_S = "Shortcuts"
SHORTCUTS = [
    (QT_TRANSLATE_NOOP("Shortcuts", "Draw tab"), [
        ("Ctrl+Z", QT_TRANSLATE_NOOP("Shortcuts", "Undo the last stroke")),
        ("Ctrl+Shift+Z, Ctrl+Y", QT_TRANSLATE_NOOP("Shortcuts", "Redo")),
        ("Delete, right-click", QT_TRANSLATE_NOOP("Shortcuts", "Clear the canvas")),
        ("Ctrl+V", QT_TRANSLATE_NOOP("Shortcuts", "Paste a picture onto the canvas")),
        ("E", QT_TRANSLATE_NOOP("Shortcuts", "Eraser on / off")),
        ("R", QT_TRANSLATE_NOOP("Shortcuts", "Draw a random MNIST test digit"))]),
    (QT_TRANSLATE_NOOP("Shortcuts", "Window"), [
        ("Ctrl+O", QT_TRANSLATE_NOOP("Shortcuts", "Open a picture on the Draw tab")),
        ("Ctrl+S", QT_TRANSLATE_NOOP("Shortcuts", "Save the drawing as PNG")),
        ("F5", QT_TRANSLATE_NOOP("Shortcuts", "Re-read the model list")),
        ("Ctrl+PgDown, Ctrl+Tab", QT_TRANSLATE_NOOP("Shortcuts", "Next tab")),
        ("Ctrl+PgUp, Ctrl+Shift+Tab", QT_TRANSLATE_NOOP("Shortcuts", "Previous tab")),
        ("Ctrl+1 … Ctrl+4", QT_TRANSLATE_NOOP("Shortcuts", "Go to a tab")),
        ("F1", QT_TRANSLATE_NOOP("Shortcuts", "This list")),
        ("Ctrl+Q", QT_TRANSLATE_NOOP("Shortcuts", "Quit"))]),
]


class ShortcutsDialog(i18n.Retranslatable, QDialog):
    """Every keyboard shortcut; not modal, so the list stays visible while trying them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.browser = QTextBrowser()
        QVBoxLayout(self).addWidget(self.browser)
        self.resize(460, 420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts — Inkling"))
        rows = []
        for section, entries in SHORTCUTS:
            rows.append(f"<tr><td colspan=2><h3>{QCoreApplication.translate(_S, section)}</h3></td></tr>")
            rows += [f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{QCoreApplication.translate(_S, what)}</td></tr>"
                     for keys, what in entries]
        self.browser.setHtml(f"<table cellpadding=3>{''.join(rows)}</table>")


class MainWindow(i18n.Retranslatable, QMainWindow):
    def __init__(self, hub: ModelHub, optional_tabs_now: bool = True, parent: QWidget | None = None):
        """optional_tabs_now=False leaves the tabs not needed at start for add_optional_tabs(), so the
        window can appear before their modules are imported."""
        super().__init__(parent)
        self.hub = hub
        self._runner = BackgroundRunner(parent=self)
        self.setWindowTitle("Inkling")   # the program's name, the same in every language
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
        self.retranslate()
        self._warn_if_chinese_cannot_show()
        if optional_tabs_now:
            self.add_optional_tabs()

    def retranslate(self) -> None:
        """Every text the window itself shows, in the current language (tabs re-set their own)."""
        for index in range(self.tabs.count()):
            self._name_tab(index)
        self._retranslate_toolbar()
        self._retranslate_menus()
        self._retranslate_status_bar()
        self._retranslate_model_pickers()
        self._show_model_state()
        self.statusBar().clearMessage()   # a passing message stays in the language it was written in

    # ----- building --------------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._optional_tabs_added = False
        self._tabs_by_key: dict[str, Tab] = {}
        self._tab_specs: dict[QWidget, TabSpec] = {}
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
        self._tab_specs[tab] = spec
        self._name_tab(self.tabs.addTab(tab, ""))
        return tab

    def _name_tab(self, index: int) -> None:
        spec = self._tab_specs[self.tabs.widget(index)]
        self.tabs.setTabText(index, i18n.tab_text(spec.title))
        self.tabs.setTabToolTip(index, i18n.tab_text(spec.tooltip))

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
        self.model_toolbar = toolbar = QToolBar()
        toolbar.setObjectName("model_toolbar")
        toolbar.setMovable(False)
        self.model_caption = QLabel()
        toolbar.addWidget(self.model_caption)
        self.model_combo = QComboBox()
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model_combo.setMinimumContentsLength(28)
        self.model_combo.activated.connect(self._on_combo_activated)
        toolbar.addWidget(self.model_combo)
        self.reload_action = QAction(self)
        self.reload_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.reload_action.triggered.connect(self.hub.refresh)
        toolbar.addAction(self.reload_action)
        self.addToolBar(toolbar)

    def _retranslate_toolbar(self) -> None:
        self.model_toolbar.setWindowTitle(self.tr("Model"))
        self.model_caption.setText(self.tr(" Model: "))
        self.model_combo.setToolTip(self.tr("The model every tab uses. Trained models appear here when "
                                            "training ends."))
        self.reload_action.setText(self.tr("Reload model list"))
        self.reload_action.setIconText(self.tr("Reload"))
        self.reload_action.setToolTip(self.tr("Re-read the model list from disk (F5)"))

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu = file_menu = menu_bar.addMenu("")
        self.open_action = self._add_action(file_menu, QKeySequence.StandardKey.Open, self.open_image)
        self.save_action = self._add_action(file_menu, QKeySequence.StandardKey.Save, self.save_drawing)
        file_menu.addSeparator()
        self.quit_action = self._add_action(file_menu, QKeySequence.StandardKey.Quit, self.close)

        self.model_menu = menu_bar.addMenu("")
        self.model_menu.setToolTipsVisible(True)
        self.model_group = QActionGroup(self)
        self.model_group.setExclusive(True)
        self._model_separator = self.model_menu.addSeparator()
        self.import_action = self._add_action(self.model_menu, None, self.import_bundle)
        self.export_action = self._add_action(self.model_menu, None, self.export_weights)
        self.model_menu.addAction(self.reload_action)

        self.view_menu = menu_bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self.language_group)   # each language named in itself, never translated
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, code=code: self.set_language(code))
            self.language_menu.addAction(action)

        self.help_menu = help_menu = menu_bar.addMenu("")
        self.shortcuts_action = self._add_action(help_menu, QKeySequence(Qt.Key.Key_F1), self.show_shortcuts)
        self.about_action = self._add_action(help_menu, None, self.show_about)

    def _add_action(self, menu, shortcut, slot) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _retranslate_menus(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        _name_action(self.open_action, self.tr("&Open image…"),
                     self.tr("Open a picture of a digit (or a number) on the Draw tab"))
        _name_action(self.save_action, self.tr("&Save drawing…"),
                     self.tr("Save the Draw tab's canvas as a PNG picture"))
        _name_action(self.quit_action, self.tr("&Quit"), self.tr("Close Inkling"))
        self.model_menu.setTitle(self.tr("&Model"))
        _name_action(self.import_action, self.tr("&Import bundle…"),
                     self.tr("Copy a model bundle folder (e.g. from a colleague) into your models"))
        _name_action(self.export_action, self.tr("&Export weights.txt…"),
                     self.tr("Write every weight of the active model as text (the course's parameter extraction)"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.language_menu.menuAction().setToolTip(self.tr("The window's language; it changes at once"))
        for action in self.language_group.actions():
            action.setChecked(action.data() == i18n.current_language())
        self.help_menu.setTitle(self.tr("&Help"))
        _name_action(self.shortcuts_action, self.tr("&Keyboard shortcuts"), self.tr("Every keyboard shortcut"))
        _name_action(self.about_action, self.tr("&About Inkling"), self.tr("What Inkling is"))

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(14)
        self.model_label = QLabel()
        self.device_label = QLabel()
        self.model_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        status.addPermanentWidget(self.busy)
        status.addPermanentWidget(self.model_label)
        status.addPermanentWidget(self.device_label)
        self.backend_label = QLabel()      # PyTorch, Keras or ONNX Runtime (core.inference picks the faster)
        status.addPermanentWidget(self.backend_label)

    def _retranslate_status_bar(self) -> None:
        self.busy.setToolTip(self.tr("Loading the model in the background; drawing keeps working"))
        self.model_label.setToolTip(self.tr("The active model: name, architecture, framework and test accuracy"))
        self.device_label.setToolTip(self.tr("Where the network runs: the CPU or a CUDA GPU"))

    # ----- language --------------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """View → Language: switch now (every open tab re-translates itself) and remember it."""
        i18n.switch_language(code)
        for action in self.language_group.actions():
            action.setChecked(action.data() == code)
        self._warn_if_chinese_cannot_show()

    def _warn_if_chinese_cannot_show(self) -> None:
        notice = i18n.font_notice() if i18n.current_language() == i18n.CHINESE else None
        if notice:
            self.notice.show_warning(notice)

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
            tip = self._bundle_tip(bundle)
            self.model_combo.addItem(bundle_title(bundle), str(bundle.path))
            self.model_combo.setItemData(self.model_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            action = QAction(bundle_title(bundle), self.model_group)
            action.setCheckable(True)
            action.setData(str(bundle.path))
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, path=str(bundle.path): self.hub.select(path))
            self.model_menu.insertAction(self._model_separator, action)
        if not bundles:
            self.model_combo.addItem(self.tr("No models found"))
        self.model_combo.setEnabled(bool(bundles))
        self.model_combo.blockSignals(False)
        self._sync_model_pickers()

    def _bundle_tip(self, bundle) -> str:
        trained = (self.tr("Trained on {0}, {1}").format(bundle.dataset, bundle.created) if bundle.created
                   else self.tr("Trained on {0}").format(bundle.dataset))
        return f"{bundle.path}\n{trained}"

    def _retranslate_model_pickers(self) -> None:
        """The pickers' items and tooltips in the current language, item by item: the choice stays."""
        bundles = self.hub.bundles()
        if not bundles:
            self.model_combo.setItemText(0, self.tr("No models found"))
            return
        actions = {action.data(): action for action in self.model_group.actions()}
        for index, bundle in enumerate(bundles[:self.model_combo.count()]):
            title, tip = bundle_title(bundle), self._bundle_tip(bundle)
            self.model_combo.setItemText(index, title)
            self.model_combo.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
            if str(bundle.path) in actions:
                actions[str(bundle.path)].setText(title)
                actions[str(bundle.path)].setToolTip(tip)

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
        self.statusBar().showMessage(self.tr("Now using {0}").format(classifier.info.name), 4000)

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
            self.model_label.setText(self.tr("Loading model…") if label == DEFAULT_LABEL
                                     else self.tr("Loading model {0}…").format(label))
            self.device_label.setText(self.tr("Device: {0}").format("…"))
            return
        classifier = hub.classifier
        if classifier is None:
            self.model_label.setText(self.tr("No model"))
            self.model_label.setToolTip(hub.last_error() or self.tr("No model is loaded yet"))
            self.device_label.setText(self.tr("Device: {0}").format("–"))
            return
        self.model_label.setText(self.tr("Model: {0}").format(bundle_title(classifier.info)))
        self.model_label.setToolTip(str(classifier.info.path))
        self.device_label.setText(self.tr("Device: {0}").format(classifier.device_name))
        self.backend_label.setText(self.tr("Runtime: {0}").format(classifier.backend_name))
        notes = [classifier.backend_note or self.tr("The runtime that runs the network")]
        live = classifier.for_live_frames()          # decided by the hub while loading: no wait here
        if live is not classifier:
            notes.append(self.tr("Images & video read with {0} ({1})").format(live.backend_name, live.backend_note))
        self.backend_label.setToolTip("\n".join(notes))

    # ----- menu commands ---------------------------------------------------------------------------

    def open_image(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a picture of a digit"), str(Path.home()),
                                                  self._picture_filter())
            if not path:
                return
        self.tabs.setCurrentWidget(self.draw_tab)
        if not self.draw_tab.load_picture_file(path):
            self.statusBar().showMessage(self.tr("Could not open {0}").format(Path(path).name), 8000)

    def _picture_filter(self) -> str:
        return self.tr("Pictures ({0});;All files (*)").format(PICTURE_PATTERNS)

    def save_drawing(self) -> None:
        saved = self.draw_tab.save_drawing()
        if saved is not None:
            self.statusBar().showMessage(self.tr("Saved the drawing to {0}").format(saved), 6000)

    def import_bundle(self, folder: str | None = None) -> None:
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Import a model bundle folder"),
                                                      str(Path.home()))
            if not folder:
                return

        def copy():
            from core.registry import import_bundle
            return import_bundle(folder)

        def imported(info) -> None:
            self.hub.refresh()
            self.notice.show_info(lambda: self.tr("Imported {0}; it is now the active model.").format(info.name))
            self.hub.select(str(info.path))

        self.statusBar().showMessage(self.tr("Importing {0}…").format(folder))
        self._runner.run(copy, imported,
                         lambda error: self._report(plain_message(error, self.tr("import the bundle"))))

    def export_weights(self, out_path: str | None = None) -> None:
        classifier = self.hub.classifier
        if classifier is None:
            self._report(self.tr("There is no model to export: none is loaded."))
            return
        info = classifier.info
        if not out_path:
            out_path, _ = QFileDialog.getSaveFileName(self, self.tr("Export weights as text"),
                                                      str(Path.home() / f"{info.name}-weights.txt"),
                                                      self.tr("Text files (*.txt)"))
            if not out_path:
                return

        def export():
            from core.export import export_model
            return export_model(str(info.path), "weights-txt", out_path)

        self.statusBar().showMessage(self.tr("Exporting the weights of {0}…").format(info.name))
        self._runner.run(export, lambda path: self.statusBar().showMessage(self.tr("Wrote {0}").format(path), 8000),
                         lambda error: self._report(plain_message(error, self.tr("export the weights"))))

    def _report(self, message: str) -> None:
        self.notice.show_warning(message)
        self.statusBar().showMessage(message, 10000)

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()  # not modal: the shortcuts stay visible while trying them
        self.shortcuts_dialog = dialog

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Inkling"),
                          self.tr("<h3>Inkling</h3><p>A desktop lab for handwritten digits: draw a digit and watch a "
                                  "network read it, find and read digits in pictures, videos and a webcam, and train "
                                  "the classic networks (MLP, LeNet5, AlexNet8, VGG16, Inception10, ResNet18) with "
                                  "TensorFlow/Keras or PyTorch.</p><p>It follows the six steps of a TensorFlow 2 "
                                  "course: data → model → compile → fit → evaluate → apply.</p>"))

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


def _name_action(action: QAction, text: str, tip: str) -> None:
    action.setText(text)
    action.setToolTip(tip)
    action.setStatusTip(tip)
