"""The Draw tab's personal panel (pytest-qt, offscreen): a corrected drawing lands in the personal
dataset with its label, thumbnails by label with delete and relabel, a digit saved from the Images &
video tab's results, and a real fine-tune in its own process with one-click rollback."""
from __future__ import annotations

import numpy as np
import pytest

from core import personal
from core.pipeline import Detection, FrameResult
from gui.common.model_hub import ModelHub
from gui.draw.personal_panel import PersonalPanel
from gui.media.results_panel import ResultsPanel
from tests.simulated_writer import SimulatedWriter


@pytest.fixture
def hub(qtbot):
    made = ModelHub(device="cpu")
    made.select(None)
    qtbot.waitUntil(lambda: made.classifier is not None, timeout=60000)
    yield made
    made.wait(10000)


def _draw_tab(qtbot, hub):
    from gui.draw.tab import DrawTab

    tab = DrawTab(hub)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def test_a_corrected_drawing_lands_in_the_personal_dataset_with_its_label(qtbot, hub):
    tab = _draw_tab(qtbot, hub)
    tab.canvas.place_array((SimulatedWriter(seed=1).digit(0) * 255).astype(np.uint8))
    qtbot.waitUntil(lambda: not tab.is_reading() and tab.current_digit28() is not None, timeout=20000)
    tab.personal.correction_actions[0].trigger()          # "this is really a 0" (Alt+0)
    digits = personal.list_digits()
    assert [digit.label for digit in digits] == [0]
    assert personal.label_file().read_text() == f"{digits[0].name} 0\n"
    assert "Kept as a 0" in tab.personal.result_text()
    tab.shutdown()


def test_nothing_drawn_gives_a_plain_message_and_saves_nothing(qtbot, hub):
    panel = PersonalPanel(hub, lambda: None)
    qtbot.addWidget(panel)
    assert not panel.save_current(4)
    assert "Draw a digit first" in panel.result_text() and personal.list_digits() == []


def test_thumbnails_by_label_with_delete_and_relabel(qtbot, hub):
    x, y = SimulatedWriter(seed=2).digits(1)
    for image, label in zip(x[:3], y[:3]):
        personal.add_digit(image, int(label))
    panel = PersonalPanel(hub, lambda: None)
    qtbot.addWidget(panel)
    assert [panel.thumbnails.item(i).text() for i in range(3)] == ["0", "1", "2"]
    assert not panel.thumbnails.item(0).icon().isNull()
    panel.thumbnails.item(2).setSelected(True)
    panel.relabel_selected(7)
    assert [panel.thumbnails.item(i).text() for i in range(3)] == ["0", "1", "7"]
    panel.thumbnails.item(0).setSelected(True)
    panel.delete_selected()
    assert sorted(digit.label for digit in personal.list_digits()) == [1, 7]
    assert panel.thumbnails.count() == 2


def test_a_digit_from_a_picture_is_saved_with_the_label_the_user_gives(qtbot):
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    image = SimulatedWriter(seed=3).digit(4)
    found = Detection((10, 10, 40, 50), 9, 0.7, np.full(10, 0.1, np.float32), image)
    panel.show_result(FrameResult([found], [], [], None, np.zeros((4, 4), np.uint8)))
    assert not panel.keep_selected(4)                     # nothing selected yet
    panel.select_row(0)
    assert panel.keep_label.value() == 9                  # the reading is suggested; the user corrects it
    assert panel.keep_selected(4)
    assert [digit.label for digit in personal.list_digits()] == [4]


@pytest.mark.slow
def test_fine_tune_switches_to_the_new_model_and_rollback_restores_the_old(qtbot, hub):
    x, y = SimulatedWriter(seed=4).digits(2)
    for image, label in zip(x, y):
        personal.add_digit(image, int(label))
    panel = PersonalPanel(hub, lambda: None)
    qtbot.addWidget(panel)
    original = hub.active_name()
    with qtbot.waitSignal(panel.finetune_ended, timeout=240000) as ended:
        assert panel.start_finetune()
    assert ended.args[0]["event"] == "finished", ended.args[0]
    qtbot.waitUntil(lambda: hub.active_name() == "default-personal", timeout=60000)
    assert "MNIST test" in panel.result_text() and panel.rollback_button.isEnabled()
    panel.rollback_button.click()
    qtbot.waitUntil(lambda: hub.active_name() == original, timeout=60000)
    panel.delete_new_button.click()
    assert "default-personal" not in [bundle.name for bundle in hub.bundles()]
