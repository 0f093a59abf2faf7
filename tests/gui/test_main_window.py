"""The main window and the model hub: tabs, menus, the model picker, the status bar, fall-backs when a
model cannot be loaded, remembered settings, and a start-up that imports no framework."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QTextBrowser

from core import paths, registry
from gui.settings import app_settings
from gui.main_window import TABS, MainWindow
from gui.tab import Tab
from tests.gui.test_draw_tab import ONE, draw, settle

pytestmark = pytest.mark.gui

LOAD_TIMEOUT_MS = 60_000


def load(qtbot, window, name=None) -> None:
    with qtbot.waitSignal(window.hub.model_changed, timeout=LOAD_TIMEOUT_MS):
        if name is None:
            window.load_initial_model()
        else:
            window.hub.select(name)


def second_bundle(name: str = "default-copy") -> registry.BundleInfo:
    """A second model on disk: the shipped default's weights imported as another bundle."""
    imported = registry.import_bundle(registry.default_bundle().path)
    target = imported.path.parent / name
    imported.path.rename(target)
    manifest = (target / registry.MANIFEST).read_text().replace(f'"{imported.name}"', f'"{name}"')
    (target / registry.MANIFEST).write_text(manifest)
    return registry.read_bundle(target)


def menu_titles(window) -> list[str]:
    return [action.text().replace("&", "") for action in window.menuBar().actions()]


def test_the_window_has_four_tabs_menus_and_a_titled_status_bar(window):
    assert window.windowTitle() == "Inkling"
    assert [window.tabs.tabText(i).replace("&&", "&") for i in range(window.tabs.count())] == [
        "Draw", "Images & video", "Train", "Course"]
    assert menu_titles(window) == ["File", "Model", "View", "Help"]
    file_items = [a.text().replace("&", "") for a in window.file_menu.actions() if a.text()]
    assert file_items == ["Open image…", "Save drawing…", "Quit"]
    assert not window.windowIcon().isNull()
    for index in range(window.tabs.count()):
        assert window.tabs.tabToolTip(index)


def test_the_tabs_are_the_declared_list_and_offer_the_tab_interface(window):
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [spec.title for spec in TABS]
    assert all(isinstance(tab, Tab) for tab in window.tab_pages())
    assert window.tab_pages()[0] is window.draw_tab
    assert window.show_tab("train") is window.tabs.currentWidget() is window.tab_pages()[2]
    assert window.show_tab("no such tab") is None and window.tabs.currentIndex() == 2


def test_heavy_tabs_are_built_only_when_asked(qtbot, model_hub):
    window = MainWindow(model_hub, optional_tabs_now=False)
    qtbot.addWidget(window)
    assert window.tab_pages() == [window.draw_tab]
    window.add_optional_tabs()
    window.add_optional_tabs()
    assert window.tabs.count() == len(TABS)
    window.close()


def test_dropped_files_go_to_the_first_tab_that_takes_them(qtbot, window, tmp_path):
    class Taker(Tab):
        def __init__(self):
            super().__init__()
            self.offered = []

        def open_paths(self, paths) -> bool:
            self.offered.append(paths)
            return True

    taker = Taker()
    window.tabs.addTab(taker, "Taker")
    window.tabs.setCurrentWidget(taker)
    picture = tmp_path / "a.png"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(picture))])
    window.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    assert taker.offered == [[str(picture)]] and window.tabs.currentWidget() is taker


def test_the_model_loads_in_the_background_and_the_status_bar_names_it(qtbot, window, model_hub):
    with qtbot.waitSignal(model_hub.loading_started, timeout=1000):
        window.load_initial_model()
    assert model_hub.classifier is None
    assert window.model_label.text() == "Loading model…"
    assert window.device_label.text() == "Device: …"
    assert window.busy.isVisibleTo(window)
    qtbot.waitUntil(lambda: model_hub.classifier is not None, timeout=LOAD_TIMEOUT_MS)

    info = model_hub.classifier.info
    status = window.model_label.text()
    assert info.name == "default"
    for part in (info.name, info.architecture, "PyTorch" if info.engine == "torch" else "Keras"):
        assert part in status
    assert f"{info.test_accuracy:.2%}" in status
    assert window.device_label.text() in ("Device: CPU", f"Device: {model_hub.classifier.device_name}")
    assert window.device_label.text().startswith("Device: ") and window.device_label.text() != "Device: …"
    live = model_hub.classifier.for_live_frames()        # decided while loading, in the background
    if live is not model_hub.classifier:
        assert f"Images & video read with {live.backend_name}" in window.backend_label.toolTip()
    assert not window.busy.isVisibleTo(window)
    assert window.model_combo.currentData() == str(info.path)


def test_switching_the_model_reaches_every_tab_and_is_remembered(qtbot, window, model_hub):
    load(qtbot, window)
    copy = second_bundle()
    window.hub.refresh()
    names = [window.model_combo.itemText(i) for i in range(window.model_combo.count())]
    assert any(name.startswith("default-copy") for name in names)
    menu_entries = [a for a in window.model_group.actions()]
    assert [a.isChecked() for a in menu_entries].count(True) == 1

    seen = []
    model_hub.model_changed.connect(seen.append)
    index = window.model_combo.findData(str(copy.path))
    with qtbot.waitSignal(model_hub.model_changed, timeout=LOAD_TIMEOUT_MS):
        window.model_combo.activated.emit(index)
    assert model_hub.classifier.info.name == "default-copy"
    assert window.model_label.text().startswith("Model: default-copy")
    assert [a.data() for a in menu_entries if a.isChecked()] == [str(copy.path)]
    assert app_settings().value("model") == "default-copy"

    # The Draw tab reads with the new model at once.
    draw(window.draw_tab, ONE)
    assert window.draw_tab.answer_text() == "1"

    # The menu switches back.
    default_action = next(a for a in window.model_group.actions() if a.data() != str(copy.path))
    with qtbot.waitSignal(model_hub.model_changed, timeout=LOAD_TIMEOUT_MS):
        default_action.trigger()
    assert model_hub.classifier.info.name == "default"
    assert window.model_combo.currentData() == default_action.data()


def test_a_corrupt_bundle_gives_a_notice_and_the_default_is_loaded_instead(qtbot, window, model_hub):
    broken = second_bundle("broken")
    broken.weights_path.write_bytes(b"these are not weights")
    model_hub.refresh()
    failures = []
    model_hub.load_failed.connect(failures.append)
    with qtbot.waitSignal(model_hub.model_changed, timeout=LOAD_TIMEOUT_MS):
        model_hub.select(str(broken.path))
    assert len(failures) == 1 and "broken" in failures[0] and "default" in failures[0]
    assert "Traceback" not in failures[0]
    assert model_hub.classifier.info.name == "default"
    assert window.notice.isVisibleTo(window) and window.notice.text() == failures[0]
    draw(window.draw_tab, ONE)
    assert window.draw_tab.answer_text() == "1"


def test_a_remembered_model_that_was_deleted_falls_back_to_the_default(qtbot, window, model_hub):
    app_settings().setValue("model", "deleted-long-ago")
    load(qtbot, window)
    assert model_hub.classifier.info.name == "default"
    assert "deleted-long-ago" in window.notice.text()


def test_with_no_model_at_all_the_window_says_so_and_drawing_works(qtbot, monkeypatch, tmp_path, model_hub):
    monkeypatch.setattr(paths, "SHIPPED_MODELS", tmp_path / "no-models")
    window = MainWindow(model_hub)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(model_hub.load_failed, timeout=LOAD_TIMEOUT_MS):
        window.load_initial_model()
    assert model_hub.classifier is None and not model_hub.is_loading()
    assert window.model_label.text() == "No model"
    assert "default model is missing" in window.notice.text()
    assert not window.model_combo.isEnabled()
    draw(window.draw_tab, ONE)
    assert window.draw_tab.detail_text().startswith("No model")
    assert window.draw_tab.readout.preview.pixels().max() > 0.9
    window.close()


def test_geometry_tab_and_splitter_are_remembered(qtbot, model_hub):
    first = MainWindow(model_hub)
    qtbot.addWidget(first)
    first.show()
    first.resize(780, 690)
    first.tabs.setCurrentIndex(first.tabs.count() - 1)
    qtbot.waitExposed(first)
    first.draw_tab.splitter.setSizes([300, 700])
    sizes = first.draw_tab.splitter.sizes()
    first.close()

    second = MainWindow(model_hub)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (780, 690)
    assert second.tabs.currentIndex() == second.tabs.count() - 1
    second.tabs.setCurrentWidget(second.draw_tab)
    assert second.draw_tab.splitter.sizes() == sizes
    second.close()


def test_export_weights_and_import_a_bundle_from_the_model_menu(qtbot, window, model_hub, tmp_path):
    load(qtbot, window)
    out = tmp_path / "weights.txt"
    window.export_weights(str(out))
    qtbot.waitUntil(lambda: out.exists(), timeout=LOAD_TIMEOUT_MS)
    text = out.read_text()
    assert len(text.splitlines()) > 10 and "(" in text

    source = tmp_path / "from-a-colleague"
    shutil.copytree(registry.default_bundle().path, source)
    with qtbot.waitSignal(model_hub.model_changed, timeout=LOAD_TIMEOUT_MS):
        window.import_bundle(str(source))
    assert model_hub.classifier.info.path.parent == paths.user_models_dir()
    assert window.model_combo.findData(str(model_hub.classifier.info.path)) >= 0
    assert "Imported" in window.notice.text()

    window.import_bundle(str(tmp_path))   # not a bundle: a plain message, nothing else
    qtbot.waitUntil(lambda: "not a model bundle" in window.notice.text(), timeout=10_000)


def test_open_image_puts_the_picture_on_the_draw_tab(window, tmp_path, qtbot):
    load(qtbot, window)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    with np.load(paths.MNIST_SAMPLE) as sample:
        seven = sample["x_test"][np.flatnonzero(sample["y_test"] == 7)[0]]
    path = tmp_path / "seven.png"
    cv2.imwrite(str(path), 255 - cv2.resize(seven, (84, 84)))
    window.open_image(str(path))
    assert window.tabs.currentWidget() is window.draw_tab
    settle(window.draw_tab)
    assert window.draw_tab.answer_text() == "7"


def test_the_shortcuts_list_opens_without_blocking(window):
    window.show_shortcuts()
    dialog = window.shortcuts_dialog
    assert isinstance(dialog, QDialog) and dialog.isVisible() and not dialog.isModal()
    assert "Ctrl+Z" in dialog.findChild(QTextBrowser).toPlainText()
    dialog.close()


def test_the_window_appears_before_any_framework_is_imported(tmp_path):
    """`python main.py` paints its window, reports, and quits: torch and TensorFlow not yet imported."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INKLING_EXIT_WHEN_SHOWN="1",
               INKLING_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "main.py"], cwd=paths.PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("INKLING_SHOWN"))
    assert line.endswith("heavy=none")
    assert float(line.split("seconds=")[1].split()[0]) > 0


def test_draw_shortcuts_work_only_while_the_draw_tab_is_shown(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    draw(window.draw_tab, ONE)
    canvas = window.draw_tab.canvas
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not canvas.is_empty()
    window.tabs.setCurrentWidget(window.draw_tab)
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert canvas.is_empty()


def test_tabs_switch_from_the_keyboard(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 3
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 3


def test_the_dark_scheme_gives_a_dark_palette_and_dark_charts(qtbot, qapp, monkeypatch, window):
    from gui.common import theme

    def chart_lightness() -> int:
        return window.draw_tab.readout.bars._plot.backgroundBrush().color().lightness()

    monkeypatch.setenv("INKLING_THEME", "dark")
    theme.apply_theme(qapp)
    try:
        assert theme.is_dark(qapp.palette())
        qtbot.waitUntil(lambda: chart_lightness() < 80, timeout=2000)
    finally:
        monkeypatch.setenv("INKLING_THEME", "light")
        theme.apply_theme(qapp)
    assert not theme.is_dark(qapp.palette())
    qtbot.waitUntil(lambda: chart_lightness() > 200, timeout=2000)
