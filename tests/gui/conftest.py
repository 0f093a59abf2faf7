"""What the window tests share: the model hub (empty or with the default model loaded), the main window,
the Draw tab opened at a size, and a return to English after a test that switched the language."""
from __future__ import annotations

import pytest
from gui import i18n
from gui.common.model_hub import ModelHub
from gui.common.workers import collect_garbage_on_gui_thread
from gui.draw.tab import DrawTab
from gui.main_window import MainWindow
from tests.gui.languages import switch_language

MODEL_LOAD_TIMEOUT_MS = 60_000


@pytest.fixture(autouse=True, scope="session")
def garbage_collected_on_the_gui_thread(qapp):
    """As in the app: no cycle collection on worker threads (it can deadlock with the GUI thread)."""
    collect_garbage_on_gui_thread()


@pytest.fixture
def english_afterwards(qapp):
    """Whatever a test switches to, the next test starts in English."""
    yield
    switch_language(i18n.ENGLISH)


@pytest.fixture
def model_hub():
    """A ModelHub with no model asked for yet; its background loads are waited for after the test."""
    hub = ModelHub()
    yield hub
    hub.wait()


@pytest.fixture
def loaded_hub(qtbot, model_hub):
    """The hub with the shipped default model loaded."""
    with qtbot.waitSignal(model_hub.model_changed, timeout=MODEL_LOAD_TIMEOUT_MS):
        model_hub.select(None)
    return model_hub


@pytest.fixture
def window(qtbot, model_hub):
    """The main window on an empty hub, shown; closed after the test."""
    window = MainWindow(model_hub)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.fixture
def open_draw_tab(qtbot, loaded_hub):
    """Opens the Draw tab on the loaded hub at a size, shown; every tab opened is shut down after the test."""
    opened = []

    def open_(size: tuple[int, int] = (1000, 640)):
        tab = DrawTab(loaded_hub)
        qtbot.addWidget(tab)
        tab.resize(*size)
        tab.show()
        qtbot.waitExposed(tab)
        opened.append(tab)
        return tab

    yield open_
    for tab in opened:
        tab.shutdown()
